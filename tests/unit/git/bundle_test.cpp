#include "git/bundle.hpp"

#include "support/shell.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

namespace bundle_test {

using test_support::shell_output;

class BundleTest : public testing::Test {
protected:
  util::TempDir dir{"git-runbook-bundle"};
  std::string git = "git -C " + dir.path().string() + "/src -c user.name=T -c user.email=t@example.com ";

  void SetUp() override {
    shell_output("git init -q -b main " + (dir.path() / "src").string());
    for (int i = 0; i < 3; ++i) {
      shell_output("echo " + std::to_string(i) + " > " + (dir.path() / "src" / "f").string());
      shell_output(git + "add f && " + git + "commit -q -m c" + std::to_string(i));
    }
    shell_output(git + "switch -q --orphan log && " + git + "commit -q --allow-empty -m log1");
  }

  std::string tip(const std::string& ref) {
    std::string out = shell_output(git + "rev-parse " + ref);
    return out.substr(0, 40);
  }

  std::string make() {
    git::Repository repo = *git::Repository::discover(dir.path() / "src");
    return git::write_bundle(repo, {{"refs/heads/main", tip("main")}, {"refs/heads/log", tip("log")}});
  }
};

TEST_F(BundleTest, GitReadsWhatWeWrite) {
  util::write_file_atomic(dir.path() / "h.bundle", make());
  int status = -1;
  shell_output(git + "bundle verify -q " + (dir.path() / "h.bundle").string() + " 2>&1", &status);
  EXPECT_EQ(status, 0);
  shell_output("git clone -q " + (dir.path() / "h.bundle").string() + " " + (dir.path() / "clone").string() + " 2>&1",
               &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(shell_output("git -C " + (dir.path() / "clone").string() + " log --format=%s -1"), "c2\n");
}

TEST_F(BundleTest, UnpacksRefsAndHistory) {
  git::Repository unpacked = git::unpack_bundle(make(), dir.path() / "out.git");
  EXPECT_EQ(unpacked.resolve_ref("refs/heads/main"), tip("main"));
  EXPECT_EQ(unpacked.resolve_ref("refs/heads/log"), tip("log"));
  EXPECT_EQ(unpacked.head_branch(), "refs/heads/main");
  EXPECT_EQ(unpacked.commits_between(tip("main"), {}).size(), 3U);
  EXPECT_EQ(unpacked.read_file_at(tip("main"), "f"), "2\n");
}

TEST_F(BundleTest, ReadsGitsOwnBundles) {
  shell_output(git + "bundle create -q " + (dir.path() / "g.bundle").string() + " main log 2>&1");
  auto bytes = util::read_file(dir.path() / "g.bundle");
  git::Repository unpacked = git::unpack_bundle(*bytes, dir.path() / "out.git");
  EXPECT_EQ(unpacked.resolve_ref("refs/heads/main"), tip("main"));
}

TEST_F(BundleTest, RefusesHostileHeaders) {
  std::string id = tip("main");
  std::string start = "# v2 git bundle\n";
  std::string main_line = id + " refs/heads/main\n";
  std::vector<std::string> headers{"# v3 git bundle\n",
                                   start + main_line,
                                   start + "-" + id + "\n" + main_line + "\n",
                                   start + main_line + main_line + "\n",
                                   start + id + " refs/heads/../x\n\n",
                                   start + "xyz refs/heads/main\n\n",
                                   start + "\n"};
  for (const std::string& header : headers) {
    EXPECT_FALSE(git::read_bundle_header(header)) << header;
  }
}

TEST_F(BundleTest, RefusesADamagedPack) {
  std::string bundle = make();
  bundle[bundle.size() - 30] ^= 0x20;
  EXPECT_THROW((void)git::unpack_bundle(bundle, dir.path() / "bad.git"), util::RuleError);
  std::string cut = make();
  cut.resize(cut.size() - 100);
  EXPECT_THROW((void)git::unpack_bundle(cut, dir.path() / "cut.git"), util::RuleError);
}

TEST_F(BundleTest, RefusesARefToACommitItLacks) {
  std::string bundle = make();
  std::string other = std::string(40, 'a');
  std::size_t at = bundle.find(tip("log") + " refs/heads/log");
  bundle.replace(at, 40, other);
  EXPECT_THROW((void)git::unpack_bundle(bundle, dir.path() / "lacks.git"), util::RuleError);
}

} // namespace bundle_test
