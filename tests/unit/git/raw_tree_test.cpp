#include "git/raw_tree.hpp"

#include <gtest/gtest.h>

namespace raw_tree_test {

std::string entry(const std::string& mode, const std::string& name, char fill = '\x11') {
  return mode + " " + name + std::string(1, '\0') + std::string(20, fill);
}

TEST(RawTree, ReadsWhatGitWrites) {
  auto tree = git::parse_raw_tree(entry("100644", "a.yaml") + entry("40000", "a") + entry("100644", "b"));
  ASSERT_TRUE(tree) << tree.error();
  ASSERT_EQ(tree->size(), 3u);
  EXPECT_EQ((*tree)[1].name, "a");
  EXPECT_TRUE((*tree)[1].is_tree());
  EXPECT_EQ((*tree)[0].id, std::string(40, '1'));
  EXPECT_TRUE(git::parse_raw_tree(""));
}

TEST(RawTree, AFolderSortsAsIfItsNameEndedWithASlash) {
  // "a.yaml" < "a/" but "a" (a file) < "a.yaml": Git writes the folder after the file.
  EXPECT_TRUE(git::parse_raw_tree(entry("100644", "a.yaml") + entry("40000", "a")));
  EXPECT_FALSE(git::parse_raw_tree(entry("40000", "a") + entry("100644", "a.yaml")));
}

TEST(RawTree, ANameHeldTwiceIsRefused) {
  auto twice = git::parse_raw_tree(entry("100644", "v1.yaml", '\x01') + entry("100644", "v1.yaml", '\x02'));
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().find("holds \"v1.yaml\" twice"), std::string::npos) << twice.error();
  // A file and a folder of one name, with another name between them.
  auto apart = git::parse_raw_tree(entry("100644", "v1") + entry("100644", "v1.yaml") + entry("40000", "v1"));
  ASSERT_FALSE(apart);
  EXPECT_NE(apart.error().find("twice"), std::string::npos) << apart.error();
}

TEST(RawTree, EntriesOutOfOrderAreRefused) {
  auto tree = git::parse_raw_tree(entry("100644", "b") + entry("100644", "a"));
  ASSERT_FALSE(tree);
  EXPECT_NE(tree.error().find("not in Git's order"), std::string::npos) << tree.error();
}

TEST(RawTree, WhatGitNeverWritesIsRefused) {
  for (const std::string& bad : {entry("100644", ""), entry("100644", "."), entry("100644", ".."),
                                 entry("100644", "a/b"), entry("1x0644", "a"), entry("", "a"),
                                 entry("100644", "a").substr(0, 15), std::string("100644 a")}) {
    EXPECT_FALSE(git::parse_raw_tree(bad)) << bad;
  }
}

} // namespace raw_tree_test
