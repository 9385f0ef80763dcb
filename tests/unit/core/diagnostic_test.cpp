#include "core/diagnostic.hpp"

#include <gtest/gtest.h>

namespace diagnostic_test {

using core::Diagnostic;

TEST(Diagnostic, FormatsFileLineColumnAndMessage) {
  Diagnostic d{"runbooks/onboarding/v3.yaml", 14, 5, "step \"3\" has no \"title\""};
  EXPECT_EQ(d.format(), "runbooks/onboarding/v3.yaml:14:5: step \"3\" has no \"title\"");
}

TEST(Diagnostic, LeavesOutThePositionForTheWholeFile) {
  Diagnostic d{".runbook/policy.yaml", 0, 0, "the file is larger than 1 MiB"};
  EXPECT_EQ(d.format(), ".runbook/policy.yaml: the file is larger than 1 MiB");
}

TEST(Diagnostic, FormatAllPutsOnePerLine) {
  core::Diagnostics all = {{"a.yaml", 1, 2, "one"}, {"b.yaml", 0, 0, "two"}};
  EXPECT_EQ(core::format_all(all), "a.yaml:1:2: one\nb.yaml: two\n");
  EXPECT_EQ(core::format_all({}), "");
}

} // namespace diagnostic_test
