// The templates that `git runbook new --template` starts from (templates/*.yaml): each
// one, filled in the way the tool fills it in, is a valid runbook.
#include "core/diagnostic.hpp"
#include "core/policy.hpp"
#include "core/runbook.hpp"
#include "core/runbook_paths.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/runbook_yaml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace templates_test {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

fs::path source_dir() {
  if (const char* dir = std::getenv("GIT_RUNBOOK_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return fs::path(dir);
  }
  // tests/unit/templates_test.cpp -> the source tree's top.
  return fs::path(__FILE__).parent_path().parent_path().parent_path();
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// alice: admin, author, operator; bob: operator, approver; carol: retired author.
const core::Policy& team_policy() {
  static const core::Policy policy = [] {
    const std::string text = "version: 1\n"
                             "protected_branches: [main]\n"
                             "people:\n"
                             "  alice:\n"
                             "    name: Alice Martin\n"
                             "    email: alice@example.com\n"
                             "    key: .runbook/keys/alice.asc\n"
                             "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                             "    roles: [admin, author, operator]\n"
                             "  bob:\n"
                             "    name: Bob Okafor\n"
                             "    email: bob@example.com\n"
                             "    key: .runbook/keys/bob.asc\n"
                             "    fingerprint: BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"
                             "    roles: [operator, approver]\n"
                             "  carol:\n"
                             "    name: Carol Diaz\n"
                             "    email: carol@example.com\n"
                             "    key: .runbook/keys/carol.asc\n"
                             "    fingerprint: CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\n"
                             "    roles: [author]\n"
                             "    status: retired\n";
    auto result = yaml::load_policy(text, ".runbook/policy.yaml");
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : core::format_all(result.error()));
    return result.ok() ? result.value() : core::Policy{};
  }();
  return policy;
}

std::vector<std::string> template_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(source_dir() / "templates", ec)) {
    if (entry.path().extension() == ".yaml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path template_file(const std::string& name) { return source_dir() / "templates" / (name + ".yaml"); }

// The template as `git runbook new <id>` writes it for alice.
std::string filled(const std::string& name, const std::string& id) {
  std::string text = read_bytes(template_file(name));
  text = replace_all(text, "__ID__", id);
  return replace_all(text, "__OWNER__", "alice");
}

TEST(Templates, ThereAreTheDocumentedOnes) {
  std::vector<std::string> names = template_names();
  ASSERT_FALSE(names.empty()) << "no templates in " << source_dir() / "templates";
  EXPECT_NE(std::find(names.begin(), names.end(), "blank"), names.end());
  EXPECT_GE(names.size(), 5U) << "blank plus at least four for incident response, compliance, marketing and HR";
}

class Template : public testing::TestWithParam<std::string> {};

TEST_P(Template, ValidatesWithNoProblemsOnceFilledIn) {
  const std::string& name = GetParam();
  ASSERT_TRUE(core::is_valid_runbook_id(name)) << "a template's name is offered as a runbook id: " << name;
  std::string path = core::version_path(name, 1);
  core::Diagnostics problems = yaml::validate_runbook_file(filled(name, name), path, &team_policy());
  EXPECT_EQ(core::format_all(problems), "");
  // Also under another id, the way `new payroll-change --template <name>` uses it.
  problems = yaml::validate_runbook_file(filled(name, "payroll-change"), "runbooks/payroll-change/v1.yaml",
                                         &team_policy());
  EXPECT_EQ(core::format_all(problems), "");
}

TEST_P(Template, HasEnoughExplicitSteps) {
  const std::string& name = GetParam();
  auto loaded = yaml::load_runbook(filled(name, name), core::version_path(name, 1));
  ASSERT_TRUE(loaded.ok()) << core::format_all(loaded.error());
  const core::Runbook& runbook = loaded.value();
  EXPECT_EQ(runbook.id, name);
  EXPECT_EQ(runbook.owner, "alice");
  EXPECT_EQ(runbook.version, 1);
  EXPECT_FALSE(runbook.change.has_value()) << "a first version has no change";
  if (name != "blank") {
    EXPECT_GE(runbook.steps.size(), 5U) << name << " is a real procedure: at least five steps";
  } else {
    EXPECT_GE(runbook.steps.size(), 1U);
  }
  for (const core::Step& step : runbook.steps) {
    EXPECT_THAT(step.title, Not(HasSubstr("__"))) << name << " step " << step.id;
    EXPECT_GE(step.instructions.size(), 20U) << name << " step " << step.id << ": explicit instructions";
  }
}

TEST_P(Template, StartsWithTheSchemaLineAndADescriptionAndHasNoPlaceholdersLeft) {
  const std::string& name = GetParam();
  std::string raw = read_bytes(template_file(name));
  std::istringstream lines(raw);
  std::string first;
  std::string second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(first, yaml::k_runbook_schema_line) << name;
  EXPECT_THAT(second, StartsWith("# template: ")) << name;
  EXPECT_GT(second.size(), std::string("# template: ").size() + 10) << name << ": describe the template";
  EXPECT_THAT(raw, HasSubstr("__ID__")) << name;
  EXPECT_THAT(raw, HasSubstr("__OWNER__")) << name;
  EXPECT_EQ(raw.find('\t'), std::string::npos) << name << " holds a tab";
  std::string text = filled(name, name);
  EXPECT_EQ(text.find("__ID__"), std::string::npos);
  EXPECT_EQ(text.find("__OWNER__"), std::string::npos);
  // `new` drops the "# template:" line; what remains is still valid.
  std::string without = replace_all(text, second + "\n", "");
  EXPECT_EQ(core::format_all(yaml::validate_runbook_file(without, core::version_path(name, 1), &team_policy())), "");
}

std::string param_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(All, Template, testing::ValuesIn(template_names()), param_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Template);

} // namespace templates_test
