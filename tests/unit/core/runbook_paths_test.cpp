#include "core/runbook_paths.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace runbook_paths_test {

using core::is_valid_runbook_id;
using core::parse_version_path;
using core::version_path;

// ---------------------------------------------------------------- is_valid_runbook_id

TEST(RunbookPathsId, AcceptsLowerCaseLettersDigitsAndDashes) {
  EXPECT_TRUE(is_valid_runbook_id("a"));
  EXPECT_TRUE(is_valid_runbook_id("z"));
  EXPECT_TRUE(is_valid_runbook_id("0"));
  EXPECT_TRUE(is_valid_runbook_id("9"));
  EXPECT_TRUE(is_valid_runbook_id("onboarding"));
  EXPECT_TRUE(is_valid_runbook_id("payroll-change"));
  EXPECT_TRUE(is_valid_runbook_id("db-failover-2"));
  EXPECT_TRUE(is_valid_runbook_id("2fa-reset"));
  EXPECT_TRUE(is_valid_runbook_id("123"));
}

TEST(RunbookPathsId, DashesAreAllowedAfterTheFirstCharacterEvenRepeatedOrLast) {
  // ^[a-z0-9][a-z0-9-]{0,62}$ allows these.
  EXPECT_TRUE(is_valid_runbook_id("a-"));
  EXPECT_TRUE(is_valid_runbook_id("a--b"));
  EXPECT_TRUE(is_valid_runbook_id("0---"));
}

TEST(RunbookPathsId, LengthLimitIs63) {
  EXPECT_TRUE(is_valid_runbook_id(std::string(63, 'a')));
  EXPECT_TRUE(is_valid_runbook_id("a" + std::string(62, '-')));
  EXPECT_FALSE(is_valid_runbook_id(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_runbook_id(std::string(1000, 'a')));
}

TEST(RunbookPathsId, RefusesEmpty) { EXPECT_FALSE(is_valid_runbook_id("")); }

TEST(RunbookPathsId, RefusesLeadingDash) {
  EXPECT_FALSE(is_valid_runbook_id("-"));
  EXPECT_FALSE(is_valid_runbook_id("-a"));
  EXPECT_FALSE(is_valid_runbook_id("--help"));
}

TEST(RunbookPathsId, RefusesUpperCase) {
  EXPECT_FALSE(is_valid_runbook_id("A"));
  EXPECT_FALSE(is_valid_runbook_id("Onboarding"));
  EXPECT_FALSE(is_valid_runbook_id("onBoarding"));
  EXPECT_FALSE(is_valid_runbook_id("ONBOARDING"));
}

TEST(RunbookPathsId, RefusesOtherCharacters) {
  for (std::string_view id : {"on_boarding", "_a", "a.b", ".", "..", "a/b", "a b", " a", "a ", "a\t", "a\n",
                              "café", "a:b", "a@b", "a+b", "a~", "a\\b", "ａ"}) {
    EXPECT_FALSE(is_valid_runbook_id(id)) << '"' << id << '"';
  }
}

TEST(RunbookPathsId, RefusesEmbeddedNul) {
  EXPECT_FALSE(is_valid_runbook_id(std::string_view("ab\0c", 4)));
  EXPECT_FALSE(is_valid_runbook_id(std::string_view("\0", 1)));
}

// ---------------------------------------------------------------- parse_version_path

TEST(RunbookPathsParse, TakesAValidPathApart) {
  auto where = parse_version_path("runbooks/onboarding/v1.yaml");
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->id, "onboarding");
  EXPECT_EQ(where->version, 1);
}

TEST(RunbookPathsParse, MultiDigitVersions) {
  auto ten = parse_version_path("runbooks/x/v10.yaml");
  ASSERT_TRUE(ten.has_value());
  EXPECT_EQ(ten->version, 10);
  auto big = parse_version_path("runbooks/x/v123456.yaml");
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->version, 123456);
  auto nines = parse_version_path("runbooks/x/v999999.yaml");
  ASSERT_TRUE(nines.has_value());
  EXPECT_EQ(nines->version, 999999);
}

TEST(RunbookPathsParse, IdAtTheLengthLimit) {
  std::string id(63, 'k');
  auto where = parse_version_path("runbooks/" + id + "/v2.yaml");
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->id, id);
  EXPECT_EQ(where->version, 2);
  EXPECT_FALSE(parse_version_path("runbooks/" + std::string(64, 'k') + "/v2.yaml").has_value());
}

TEST(RunbookPathsParse, RefusesVersionZeroAndLeadingZeros) {
  EXPECT_FALSE(parse_version_path("runbooks/x/v0.yaml").has_value());
  EXPECT_FALSE(parse_version_path("runbooks/x/v00.yaml").has_value());
  EXPECT_FALSE(parse_version_path("runbooks/x/v01.yaml").has_value());
  EXPECT_FALSE(parse_version_path("runbooks/x/v010.yaml").has_value());
}

TEST(RunbookPathsParse, RefusesSignedVersionNumbers) {
  // The file name must match ^v[1-9][0-9]*\.yaml$: no sign.
  for (std::string_view path : {"runbooks/x/v-1.yaml", "runbooks/x/v-0.yaml", "runbooks/x/v+1.yaml",
                                "runbooks/x/v-12.yaml", "runbooks/x/v--1.yaml"}) {
    auto where = parse_version_path(path);
    EXPECT_FALSE(where.has_value()) << path << " parsed as version " << (where ? where->version : 0);
  }
}

TEST(RunbookPathsParse, RefusesWrongFileNames) {
  for (std::string_view path :
       {"runbooks/x/v1.yml", "runbooks/x/V1.yaml", "runbooks/x/v1.YAML", "runbooks/x/v1.Yaml", "runbooks/x/1.yaml",
        "runbooks/x/v.yaml", "runbooks/x/v1", "runbooks/x/v1.", "runbooks/x/v1.yaml~", "runbooks/x/v1.yaml.bak",
        "runbooks/x/v1.yaml.yaml", "runbooks/x/.v1.yaml", "runbooks/x/v1a.yaml", "runbooks/x/va.yaml",
        "runbooks/x/v 1.yaml", "runbooks/x/v1 .yaml", "runbooks/x/v1.0.yaml", "runbooks/x/v1e2.yaml",
        "runbooks/x/v0x1.yaml", "runbooks/x/vv1.yaml", "runbooks/x/version1.yaml", "runbooks/x/README.md",
        "runbooks/x/README", "runbooks/x/", "runbooks/x", "runbooks/", "runbooks", ""}) {
    EXPECT_FALSE(parse_version_path(path).has_value()) << '"' << path << '"';
  }
}

TEST(RunbookPathsParse, RefusesExtraOrMissingFolders) {
  for (std::string_view path :
       {"runbooks/x/v1.yaml/extra", "runbooks/x/v1.yaml/", "runbooks/x/y/v1.yaml", "runbooks/x/v1/v1.yaml",
        "runbooks/x/v2/v1.yaml", "runbooks/x//v1.yaml", "runbooks//x/v1.yaml", "runbooks//v1.yaml",
        "runbooks/v1.yaml", "x/runbooks/x/v1.yaml", "/runbooks/x/v1.yaml", "./runbooks/x/v1.yaml",
        "runbooks/./v1.yaml", "runbooks/../v1.yaml", "runbooks/x/../v1.yaml", "runbooks/x/./v1.yaml",
        "Runbooks/x/v1.yaml", "runbook/x/v1.yaml", "runbooksx/v1.yaml", "runbooks\\x\\v1.yaml",
        "runbooks/x\\v1.yaml"}) {
    EXPECT_FALSE(parse_version_path(path).has_value()) << '"' << path << '"';
  }
}

TEST(RunbookPathsParse, RefusesInvalidIds) {
  for (std::string_view path : {"runbooks/Onboarding/v1.yaml", "runbooks/on_boarding/v1.yaml", "runbooks/-x/v1.yaml",
                                "runbooks/a.b/v1.yaml", "runbooks/ x/v1.yaml", "runbooks/café/v1.yaml"}) {
    EXPECT_FALSE(parse_version_path(path).has_value()) << '"' << path << '"';
  }
}

TEST(RunbookPathsParse, RefusesHugeVersionNumbersWithoutOverflow) {
  for (std::string_view path : {"runbooks/x/v99999999999.yaml", "runbooks/x/v2147483647.yaml",
                                "runbooks/x/v2147483648.yaml", "runbooks/x/v4294967297.yaml",
                                "runbooks/x/v99999999999999999999999999999999.yaml"}) {
    auto where = parse_version_path(path);
    EXPECT_FALSE(where.has_value()) << path << " parsed as version " << (where ? where->version : 0);
  }
}

TEST(RunbookPathsParse, AnyParsedVersionIsPositive) {
  // Whatever gets through must be a version >= 1 (the header's promise).
  for (std::string_view path : {"runbooks/x/v1.yaml", "runbooks/x/v-1.yaml", "runbooks/x/v-0.yaml",
                                "runbooks/x/v-99999.yaml", "runbooks/x/v0.yaml", "runbooks/x/v+5.yaml"}) {
    if (auto where = parse_version_path(path)) {
      EXPECT_GE(where->version, 1) << path;
    }
  }
}

TEST(RunbookPathsParse, RefusesControlCharactersAndNul) {
  EXPECT_FALSE(parse_version_path(std::string_view("runbooks/x/v1.yaml\0", 19)).has_value());
  EXPECT_FALSE(parse_version_path(std::string_view("runbooks/x\0/v1.yaml", 19)).has_value());
  EXPECT_FALSE(parse_version_path("runbooks/x/v1.yaml\n").has_value());
  EXPECT_FALSE(parse_version_path("runbooks/x/v1\n.yaml").has_value());
}

// ---------------------------------------------------------------- version_path

TEST(RunbookPathsBuild, WritesTheCanonicalPath) {
  EXPECT_EQ(version_path("onboarding", 1), "runbooks/onboarding/v1.yaml");
  EXPECT_EQ(version_path("payroll-change", 12), "runbooks/payroll-change/v12.yaml");
  EXPECT_EQ(std::string(core::k_runbooks_folder), "runbooks");
}

TEST(RunbookPathsBuild, RoundTrips) {
  for (const std::string& id : {std::string("a"), std::string("onboarding"), std::string("db-failover-2"),
                                std::string("0"), std::string(63, 'z')}) {
    for (int version : {1, 2, 9, 10, 99, 100, 4711, 999999}) {
      std::string path = version_path(id, version);
      auto where = parse_version_path(path);
      ASSERT_TRUE(where.has_value()) << path;
      EXPECT_EQ(where->id, id) << path;
      EXPECT_EQ(where->version, version) << path;
      EXPECT_EQ(version_path(where->id, where->version), path);
    }
  }
}

TEST(RunbookPathsBuild, ParsedPathsRebuildToThemselves) {
  for (std::string_view path : {"runbooks/a/v1.yaml", "runbooks/x-y-z/v42.yaml", "runbooks/9/v7.yaml"}) {
    auto where = parse_version_path(path);
    ASSERT_TRUE(where.has_value()) << path;
    EXPECT_EQ(version_path(where->id, where->version), path);
  }
}

} // namespace runbook_paths_test
