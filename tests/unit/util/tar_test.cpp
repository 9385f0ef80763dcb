#include "util/tar.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace tar_test {

using util::read_tar;
using util::TarEntry;
using util::write_tar;

std::vector<TarEntry> sample() {
  return {{"pack/VERIFY.md", "read me\n"}, {"pack/report.html", std::string(1000, 'x')}, {"pack/empty", ""}};
}

// Sets a header field and recomputes the checksum, as a careful forger would.
void forge(std::string& archive, std::size_t header, std::size_t offset, std::string_view value) {
  std::copy(value.begin(), value.end(), archive.begin() + static_cast<std::ptrdiff_t>(header + offset));
  unsigned sum = 0;
  for (std::size_t at = 0; at < 512; ++at) {
    sum += (at >= 148 && at < 156) ? ' ' : static_cast<unsigned char>(archive[header + at]);
  }
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06o", sum);
  std::copy(digits, digits + 7, archive.begin() + static_cast<std::ptrdiff_t>(header + 148));
}

TEST(TarTest, RoundTripsFilesInOrder) {
  std::string archive = write_tar(sample(), 1700000000);
  EXPECT_EQ(archive.size() % 512, 0U);
  auto read = read_tar(archive);
  ASSERT_TRUE(read) << read.error();
  ASSERT_EQ(read->size(), 3U);
  EXPECT_EQ((*read)[0].name, "pack/VERIFY.md");
  EXPECT_EQ((*read)[1].data, std::string(1000, 'x'));
  EXPECT_EQ((*read)[2].data, "");
}

TEST(TarTest, SameEntriesGiveSameBytes) { EXPECT_EQ(write_tar(sample(), 5), write_tar(sample(), 5)); }

TEST(TarTest, LongNamesUseThePrefixField) {
  std::string name = std::string(120, 'a') + "/" + std::string(90, 'b');
  auto read = read_tar(write_tar({{name, "x"}}, 0));
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->front().name, name);
  EXPECT_THROW((void)write_tar({{std::string(300, 'a'), "x"}}, 0), util::Error);
}

TEST(TarTest, WriterRefusesNamesThatLeaveTheFolder) {
  for (const char* name : {"../x", "/etc/passwd", "a//b", "a/./b", ""}) {
    EXPECT_THROW((void)write_tar({{name, "x"}}, 0), util::Error) << name;
  }
}

TEST(TarTest, RefusesABadChecksum) {
  std::string archive = write_tar(sample(), 0);
  archive[0] = 'q'; // the name, without fixing the checksum
  auto read = read_tar(archive);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("checksum"), std::string::npos);
}

TEST(TarTest, RefusesDotDotAndAbsoluteNames) {
  for (std::string_view name : {std::string_view("../evil\0", 8), std::string_view("/etc/x\0", 7),
                                std::string_view("a/../../b\0", 10)}) {
    std::string archive = write_tar({{"aaaaaaaaaaaa", "x"}}, 0);
    std::string field(100, '\0');
    std::copy(name.begin(), name.end(), field.begin());
    forge(archive, 0, 0, field);
    auto read = read_tar(archive);
    ASSERT_FALSE(read) << name;
    EXPECT_NE(read.error().find("relative path"), std::string::npos) << read.error();
  }
}

TEST(TarTest, RefusesLinks) {
  for (std::string_view type : {"1", "2"}) {
    std::string archive = write_tar({{"a/link", ""}}, 0);
    forge(archive, 0, 156, type);
    forge(archive, 0, 157, "/etc/passwd");
    auto read = read_tar(archive);
    ASSERT_FALSE(read);
    EXPECT_NE(read.error().find("link"), std::string::npos) << read.error();
  }
}

TEST(TarTest, RefusesOtherEntryKinds) {
  std::string archive = write_tar({{"a/pax", ""}}, 0);
  forge(archive, 0, 156, "x"); // a pax extended header could rename the next entry
  EXPECT_FALSE(read_tar(archive));
}

TEST(TarTest, SkipsFolders) {
  std::string archive = write_tar({{"a", ""}, {"a/b", "x"}}, 0);
  forge(archive, 0, 156, "5");
  auto read = read_tar(archive);
  ASSERT_TRUE(read) << read.error();
  ASSERT_EQ(read->size(), 1U);
  EXPECT_EQ(read->front().name, "a/b");
}

TEST(TarTest, RefusesDuplicateNames) {
  auto read = read_tar(write_tar({{"a/x", "1"}, {"a/x", "2"}}, 0));
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("twice"), std::string::npos);
}

TEST(TarTest, RefusesATruncatedArchiveAtEveryLength) {
  std::string archive = write_tar(sample(), 0);
  for (std::size_t size = 0; size < archive.size(); size += 97) {
    auto read = read_tar(std::string_view(archive).substr(0, size));
    ASSERT_FALSE(read) << size;
    EXPECT_NE(read.error().find("early"), std::string::npos) << read.error();
  }
}

TEST(TarTest, RefusesDataAfterTheEnd) {
  std::string archive = write_tar(sample(), 0) + "appended";
  EXPECT_FALSE(read_tar(archive));
  EXPECT_TRUE(read_tar(write_tar(sample(), 0) + std::string(10240, '\0'))); // tar's record padding
}

TEST(TarTest, RefusesFilesAboveTheLimitBeforeReadingThem) {
  std::string archive = write_tar({{"a/big", std::string(5000, 'b')}}, 0);
  auto read = read_tar(archive, util::TarLimits{4096, 10});
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("larger"), std::string::npos);
  std::string huge = write_tar({{"a/huge", ""}}, 0);
  forge(huge, 0, 124, "77777777777"); // 8 GiB claimed, nothing there
  EXPECT_FALSE(read_tar(huge));
}

TEST(TarTest, RefusesABadSizeField) {
  std::string archive = write_tar({{"a/x", "1"}}, 0);
  forge(archive, 0, 124, "0000000001x");
  EXPECT_FALSE(read_tar(archive));
}

TEST(TarTest, RefusesTooManyFiles) {
  EXPECT_FALSE(read_tar(write_tar({{"a/1", ""}, {"a/2", ""}, {"a/3", ""}}, 0), util::TarLimits{100, 2}));
}

TEST(TarTest, RefusesAnotherFormat) {
  std::string archive = write_tar({{"a/x", "1"}}, 0);
  forge(archive, 0, 257, std::string_view("ustar  \0", 8)); // GNU's old magic
  EXPECT_FALSE(read_tar(archive));
}

TEST(TarTest, PlainRelativePaths) {
  EXPECT_TRUE(util::is_plain_relative_path("a/b.txt"));
  EXPECT_FALSE(util::is_plain_relative_path("a\\b"));
  EXPECT_FALSE(util::is_plain_relative_path("a/b/"));
  EXPECT_FALSE(util::is_plain_relative_path("a/\nb"));
}

} // namespace tar_test
