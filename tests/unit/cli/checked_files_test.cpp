#include "cli/checked_files.hpp"

#include "util/file.hpp"
#include "util/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace checked_files_test {

const std::string k_schema(40, 'a');
const std::string k_other_schema(40, 'b');
const std::string k_blob(40, 'c');
const std::string k_other_blob(40, 'd');

TEST(CheckedFiles, RemembersAFileAcrossCommandsForItsSchemaOnly) {
  util::TempDir dir{"git-runbook-checked"};
  std::filesystem::path file = dir.path() / "runbook" / "checked";
  {
    cli::CheckedFiles checked(file);
    EXPECT_FALSE(checked.passed(k_schema, k_blob));
    checked.remember(k_schema, k_blob);
    EXPECT_TRUE(checked.passed(k_schema, k_blob));
  }
  cli::CheckedFiles later(file); // the next command
  EXPECT_TRUE(later.passed(k_schema, k_blob));
  EXPECT_FALSE(later.passed(k_other_schema, k_blob)); // another build's schema
  EXPECT_FALSE(later.passed(k_schema, k_other_blob));
}

TEST(CheckedFiles, ADamagedOrForeignFileMeansCheckingAgain) {
  util::TempDir dir{"git-runbook-checked"};
  std::filesystem::path file = dir.path() / "checked";
  cli::CheckedFiles({file}).remember(k_schema, k_blob);
  std::string good = *util::read_file(file);
  for (const std::string& damaged :
       {good + "half a line\n", good.substr(0, good.size() - 5), "another header\n" + k_schema + " " + k_blob + "\n",
        std::string()}) {
    util::write_file_atomic(file, damaged);
    EXPECT_FALSE(cli::CheckedFiles(file).passed(k_schema, k_blob)) << damaged;
  }
}

TEST(CheckedFiles, ARepositoryThatCannotBeWrittenIsLeftAlone) {
  util::TempDir dir{"git-runbook-checked"};
  std::filesystem::path blocker = dir.path() / "runbook";
  util::write_file_atomic(blocker, "a file where the folder would be\n");
  cli::CheckedFiles checked(blocker / "checked");
  EXPECT_NO_THROW(checked.remember(k_schema, k_blob));
  EXPECT_TRUE(checked.passed(k_schema, k_blob)); // for the rest of this command
  EXPECT_FALSE(cli::CheckedFiles(blocker / "checked").passed(k_schema, k_blob));
}

} // namespace checked_files_test
