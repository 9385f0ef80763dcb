#include "yaml/runbook_yaml.hpp"

#include "core/diagnostic.hpp"
#include "core/policy.hpp"
#include "core/runbook.hpp"
#include "yaml/policy_yaml.hpp"
#include "yaml/strict_yaml.hpp"

#include "support/work_bound.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gmock/gmock.h>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace runbook_yaml_test {

namespace fs = std::filesystem;
using testing::AnyOf;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

// ---------------------------------------------------------------- fixtures

fs::path source_dir() {
  if (const char* dir = std::getenv("GIT_RUNBOOK_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return fs::path(dir);
  }
  // tests/unit/yaml/runbook_yaml_test.cpp -> the source tree's top.
  return fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

fs::path corpus_dir() { return source_dir() / "tests" / "data" / "runbooks"; }

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string policy_yaml(const std::string& bob_status) {
  return "version: 1\n"
         "protected_branches: [main]\n"
         "people:\n"
         "  alice:\n"
         "    name: Alice Martin\n"
         "    email: alice@example.com\n"
         "    key: .runbook/keys/alice.asc\n"
         "    fingerprint: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
         "    roles: [admin, author, operator, incident-commander, scribe, subject-matter-expert,\n"
         "            customer-liaison, internal-liaison]\n"
         "  bob:\n"
         "    name: Bob Okafor\n"
         "    email: bob@example.com\n"
         "    key: .runbook/keys/bob.asc\n"
         "    fingerprint: BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"
         "    roles: [operator, approver, incident-commander]\n"
         "    status: " +
         bob_status +
         "\n"
         "  carol:\n"
         "    name: Carol Diaz\n"
         "    email: carol@example.com\n"
         "    key: .runbook/keys/carol.asc\n"
         "    fingerprint: CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\n"
         "    roles: [author]\n"
         "    status: retired\n"
         "roles:\n" // team roles (issue 17), for tests/data/runbooks/valid/major-incident
         "  - {name: incident-commander, description: Leads the incident}\n"
         "  - {name: scribe, description: Keeps the timeline}\n"
         "  - {name: subject-matter-expert, description: Knows a system and fixes it}\n"
         "  - {name: customer-liaison, description: Keeps customers informed}\n"
         "  - {name: internal-liaison, description: Keeps the company informed}\n";
}

core::Policy policy_from(const std::string& text) {
  auto result = yaml::load_policy(text, ".runbook/policy.yaml");
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : core::format_all(result.error()));
  return result.ok() ? result.value() : core::Policy{};
}

// alice: admin, author, operator and the team roles of major-incident; bob: operator,
// approver, incident-commander; carol: retired author.
const core::Policy& team_policy() {
  static const core::Policy policy = policy_from(policy_yaml("active"));
  return policy;
}

// The same team after bob left: no active person is an approver any more.
const core::Policy& no_approver_policy() {
  static const core::Policy policy = policy_from(policy_yaml("retired"));
  return policy;
}

const core::Policy& policy_named(const std::string& name) {
  return name == "no-approver" ? no_approver_policy() : team_policy();
}

// A small valid runbook; tests change one thing at a time. Line numbers on the right.
const std::string k_base = "id: payroll\n"               // 1
                           "version: 1\n"                // 2
                           "title: Payroll change\n"     // 3
                           "owner: alice\n"              // 4
                           "summary: Change a salary.\n" // 5
                           "steps:\n"                    // 6
                           "  - id: \"1\"\n"             // 7
                           "    title: Record it\n"      // 8
                           "    do: Update BambooHR.\n"; // 9
const std::string k_path = "runbooks/payroll/v1.yaml";

TEST(LoadRunbook, ARunbookCheckedBeforeReadsTheSameWithoutTheSchema) {
  auto full = yaml::load_runbook(k_base, k_path);
  auto before = yaml::load_runbook(k_base, k_path, yaml::SchemaCheck::passed_before);
  ASSERT_TRUE(full.ok());
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(yaml::runbook_to_json(*before), yaml::runbook_to_json(*full));
}

TEST(LoadRunbook, ARunbookThatDoesNotHaveTheShapeThatPassedGetsTheFullCheck) {
  for (const std::string& text : {k_base.substr(0, k_base.find("title:")) + k_base.substr(k_base.find("owner:")),
                                  k_base + "tags: 5\n"}) {
    auto full = yaml::load_runbook(text, k_path);
    auto before = yaml::load_runbook(text, k_path, yaml::SchemaCheck::passed_before);
    ASSERT_FALSE(full.ok()) << text;
    ASSERT_FALSE(before.ok()) << text;
    EXPECT_EQ(core::format_all(before.error()), core::format_all(full.error()));
  }
}

struct Timed {
  core::Diagnostics diagnostics;
  double seconds = 0;
  bool finished = true;
  std::size_t total = 0; // how many diagnostics there were (validate_bounded keeps the first few)
};

Timed validate_timed(std::string_view text, const std::string& path, const core::Policy* policy) {
  Timed timed;
  timed.seconds = test_support::cpu_seconds_of([&] { timed.diagnostics = yaml::validate_runbook_file(text, path, policy); });
  timed.total = timed.diagnostics.size();
  return timed;
}

// Validates in a child process that is killed after `limit` seconds of wall time, so
// that a hang fails the test instead of hanging the suite (a crash fails it at once).
// Keeps the first 200 diagnostics; `seconds` is the CPU time the validation took.
Timed validate_bounded(const std::string& text, const std::string& path, const core::Policy* policy,
                       double limit = test_support::k_hang_seconds) {
  std::fflush(nullptr);
  int fds[2];
  if (pipe(fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return Timed{};
  }
  pid_t child = fork();
  if (child < 0) {
    ADD_FAILURE() << "fork failed";
    return Timed{};
  }
  if (child == 0) {
    close(fds[0]);
    Timed timed = validate_timed(text, path, policy);
    std::string out = std::to_string(timed.seconds) + "\n" + std::to_string(timed.total) + "\n";
    for (std::size_t i = 0; i < timed.diagnostics.size() && i < 200; ++i) {
      const core::Diagnostic& d = timed.diagnostics[i];
      out += std::to_string(d.line) + "\t" + std::to_string(d.column) + "\t" + d.message + "\n";
    }
    for (std::size_t done = 0; done < out.size();) {
      ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) {
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit);
  std::string out;
  bool eof = false;
  while (!eof) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd wait_for{fds[0], POLLIN, 0};
    if (poll(&wait_for, 1, static_cast<int>(left.count())) <= 0) {
      continue;
    }
    char buffer[65536];
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) {
      eof = true;
    } else {
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fds[0]);
  if (!eof) {
    kill(child, SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  Timed timed;
  if (!eof || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    timed.finished = false;
    timed.seconds = limit;
    return timed;
  }
  std::istringstream lines(out);
  std::string row;
  std::getline(lines, row);
  timed.seconds = std::stod(row);
  std::getline(lines, row);
  timed.total = std::stoul(row);
  while (std::getline(lines, row)) {
    std::size_t tab1 = row.find('\t');
    std::size_t tab2 = row.find('\t', tab1 + 1);
    timed.diagnostics.push_back(core::Diagnostic{path, std::stoi(row.substr(0, tab1)),
                                                 std::stoi(row.substr(tab1 + 1, tab2 - tab1 - 1)),
                                                 row.substr(tab2 + 1)});
  }
  return timed;
}

// The largest honest runbook: as many steps as the schema allows, each with long
// instructions, just under the size limit. What it costs to validate is the measure of
// what a hostile file may cost (support/work_bound.hpp).
double honest_runbook_seconds() {
  static const double seconds = [] {
    std::string text = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\nsteps:\n";
    std::string words;
    while (words.size() < 1900) {
      words += "check the account and write down what you see ";
    }
    for (int step = 1; step <= 500; ++step) {
      text += "  - id: \"" + std::to_string(step) + "\"\n    title: Step " + std::to_string(step) + "\n    do: " +
              words + "\n";
    }
    EXPECT_LT(text.size(), yaml::k_max_file_size);
    EXPECT_EQ(core::format_all(yaml::validate_runbook_file(text, k_path, &team_policy())), "");
    return test_support::least_cpu_seconds_of([&] { yaml::validate_runbook_file(text, k_path, &team_policy()); });
  }();
  return seconds;
}

// Finished, and within k_hostile_cost_ratio times the largest honest runbook.
void expect_quick(const Timed& result, const std::string& what) {
  if (!result.finished) {
    ADD_FAILURE() << what << ": crashed, or still running after " << test_support::k_hang_seconds << " s";
    return;
  }
  EXPECT_EQ(test_support::beyond_honest_cost(result.seconds, honest_runbook_seconds(), what), "")
      << result.total << " diagnostics";
}

bool has_problem_at(const core::Diagnostics& diagnostics, int line, int column, const std::string& words) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const core::Diagnostic& d) {
    return d.line == line && d.column == column && d.message.find(words) != std::string::npos;
  });
}

bool has_problem_anywhere(const core::Diagnostics& diagnostics, const std::string& words) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [&](const core::Diagnostic& d) { return d.message.find(words) != std::string::npos; });
}

// What every diagnostic must look like: the file named, "path:line:column: message"
// (or "path: message" for the whole file), in plain words, saying what is wrong and
// what to do. The one exception is a YAML syntax error, which quotes the parser.
void expect_actionable(const core::Diagnostics& diagnostics, const std::string& path) {
  for (const core::Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.file, path) << d.format();
    std::string expected = d.line > 0 ? path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": "
                                      : path + ": ";
    EXPECT_EQ(d.format(), expected + d.message);
    EXPECT_GE(d.line, 0) << d.format();
    EXPECT_TRUE(d.line == 0 ? d.column == 0 : d.column >= 1) << d.format();
    EXPECT_THAT(d.message, AnyOf(HasSubstr(" — "), StartsWith("this is not valid YAML")))
        << "says what is wrong but not what to do: " << d.format();
    for (std::string_view raw : {"Failed to", "constraint", "<root>", "should have no fewer", "should contain no",
                                 "property name", "additional properties", "enum values", "Expected", "[\""}) {
      EXPECT_THAT(d.message, Not(HasSubstr(std::string(raw)))) << "validator jargon: " << d.format();
    }
  }
}

// ---------------------------------------------------------------- the broken corpus

struct BrokenCase {
  std::string file;    // under tests/data/runbooks/broken/
  std::string path;    // the path it is validated as
  int line = 0;
  int column = 0;
  std::string message; // a part of the expected message
  std::string policy;  // "team" or "no-approver"
};

void PrintTo(const BrokenCase& c, std::ostream* out) { *out << c.file; }

std::vector<BrokenCase> read_manifest() {
  std::vector<BrokenCase> cases;
  std::ifstream in(corpus_dir() / "broken" / "EXPECTED.tsv", std::ios::binary);
  std::string row;
  while (std::getline(in, row)) {
    if (row.empty() || row.front() == '#') {
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream split(row);
    std::string cell;
    while (std::getline(split, cell, '\t')) {
      cells.push_back(cell);
    }
    if (cells.size() < 5) {
      cases.push_back(BrokenCase{"malformed manifest row: " + row, "", -1, -1, "", ""});
      continue;
    }
    cases.push_back(BrokenCase{cells[0], cells[1], std::stoi(cells[2]), std::stoi(cells[3]), cells[4],
                               cells.size() > 5 ? cells[5] : "team"});
  }
  return cases;
}

const std::vector<BrokenCase>& manifest() {
  static const std::vector<BrokenCase> cases = read_manifest();
  return cases;
}

TEST(RunbookCorpus, ManifestCoversEveryBrokenFileAndAtLeast45) {
  ASSERT_GE(manifest().size(), 45U) << "EXPECTED.tsv in " << corpus_dir() / "broken";
  std::set<std::string> listed;
  for (const BrokenCase& c : manifest()) {
    EXPECT_GE(c.line, 0) << c.file;
    EXPECT_TRUE(listed.insert(c.file).second) << c.file << " is listed twice";
    EXPECT_TRUE(fs::is_regular_file(corpus_dir() / "broken" / c.file)) << c.file << " is listed but missing";
    EXPECT_THAT(c.policy, AnyOf("team", "no-approver")) << c.file;
  }
  for (const auto& entry : fs::directory_iterator(corpus_dir() / "broken")) {
    std::string name = entry.path().filename().string();
    if (name != "EXPECTED.tsv") {
      EXPECT_EQ(listed.count(name), 1U) << name << " is not in EXPECTED.tsv";
    }
  }
}

class BrokenRunbook : public testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenRunbook, ReportsTheDefectWhereItIsAndWhatToDo) {
  const BrokenCase& c = GetParam();
  std::string text = read_bytes(corpus_dir() / "broken" / c.file);
  ASSERT_FALSE(text.empty()) << c.file;
  Timed result = validate_timed(text, c.path, &policy_named(c.policy));
  const core::Diagnostics& found = result.diagnostics;
  ASSERT_FALSE(found.empty()) << c.file << " was accepted as " << c.path;
  EXPECT_TRUE(has_problem_at(found, c.line, c.column, c.message))
      << "expected " << c.path << ":" << c.line << ":" << c.column << ": …" << c.message << "…\ngot:\n"
      << core::format_all(found);
  expect_actionable(found, c.path);
  EXPECT_EQ(test_support::beyond_honest_cost(result.seconds, honest_runbook_seconds(), c.file), "");
}

std::string case_name(const testing::TestParamInfo<BrokenCase>& info) {
  std::string name = info.param.file.substr(0, info.param.file.rfind('.'));
  for (char& ch : name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!ok) {
      ch = '_';
    }
  }
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BrokenRunbook, testing::ValuesIn(manifest()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BrokenRunbook);

// Without a policy the people rules are skipped, but everything else still holds: a
// broken file (other than the people cases) stays broken.
TEST(RunbookCorpus, BrokenFilesStayBrokenWithoutAPolicy) {
  for (const BrokenCase& c : manifest()) {
    if (c.message.find("policy") != std::string::npos || c.message.find("retired") != std::string::npos ||
        c.message.find("no active person") != std::string::npos) {
      continue;
    }
    std::string text = read_bytes(corpus_dir() / "broken" / c.file);
    core::Diagnostics found = yaml::validate_runbook_file(text, c.path, nullptr);
    EXPECT_TRUE(has_problem_at(found, c.line, c.column, c.message)) << c.file << ":\n" << core::format_all(found);
  }
}

// ---------------------------------------------------------------- valid fixtures

std::vector<fs::path> valid_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus_dir() / "valid")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string path_of_valid(const fs::path& file) {
  return "runbooks/" + fs::relative(file, corpus_dir() / "valid").generic_string();
}

core::Runbook load_ok(const std::string& text, const std::string& path) {
  auto result = yaml::load_runbook(text, path);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : core::format_all(result.error()));
  return result.ok() ? result.value() : core::Runbook{};
}

TEST(RunbookValidFixtures, EveryValidFixtureHasNoProblems) {
  std::vector<fs::path> files = valid_files();
  ASSERT_GE(files.size(), 3U);
  for (const fs::path& file : files) {
    std::string path = path_of_valid(file);
    std::string text = read_bytes(file);
    EXPECT_EQ(core::format_all(yaml::validate_runbook_file(text, path, &team_policy())), "") << path;
    EXPECT_EQ(core::format_all(yaml::validate_runbook_file(text, path, nullptr)), "") << path;
    EXPECT_TRUE(yaml::load_runbook(text, path).ok()) << path;
  }
}

TEST(RunbookValidFixtures, LoadsEveryFieldOfVersion1) {
  core::Runbook r = load_ok(read_bytes(corpus_dir() / "valid" / "payroll-change" / "v1.yaml"),
                            "runbooks/payroll-change/v1.yaml");
  EXPECT_EQ(r.id, "payroll-change");
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(r.title, "Change an employee's salary");
  EXPECT_EQ(r.owner, "alice");
  EXPECT_THAT(r.summary, StartsWith("Use this runbook whenever"));
  EXPECT_EQ(r.summary.back(), '\n'); // a "|" block keeps its final line break
  EXPECT_FALSE(r.change.has_value());
  EXPECT_THAT(r.tags, ElementsAre("hr", "payroll"));
  ASSERT_EQ(r.inputs.size(), 3U);
  EXPECT_EQ(r.inputs[0].name, "employee");
  EXPECT_TRUE(r.inputs[0].required);
  EXPECT_FALSE(r.inputs[0].pattern.has_value());
  EXPECT_EQ(r.inputs[1].pattern, std::optional<std::string>("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
  EXPECT_THAT(r.inputs[2].options, ElementsAre("Raise", "Promotion", "Correction"));
  EXPECT_FALSE(r.inputs[2].required);
  ASSERT_EQ(r.steps.size(), 3U);
  EXPECT_EQ(r.steps[0].id, "1");
  EXPECT_EQ(r.steps[0].tool, std::optional<std::string>("BambooHR"));
  EXPECT_EQ(r.steps[0].evidence, core::Evidence::link);
  EXPECT_FALSE(r.steps[0].approval.has_value());
  EXPECT_EQ(r.steps[1].template_name, std::optional<std::string>("salary-change"));
  EXPECT_EQ(r.steps[1].subject, std::optional<std::string>("Salary change for <employee> from <effective_date>"));
  EXPECT_EQ(r.steps[1].role, std::optional<std::string>("operator"));
  EXPECT_EQ(r.steps[1].evidence, core::Evidence::file);
  EXPECT_EQ(r.steps[1].approval, std::optional<std::string>("approver"));
  EXPECT_THAT(r.steps[1].instructions, StartsWith("Send the email template \"salary-change\""));
  EXPECT_EQ(r.steps[2].id, "2.1");
  EXPECT_EQ(r.steps[2].evidence, core::Evidence::text);
  EXPECT_FALSE(r.steps[2].role.has_value());
  ASSERT_NE(r.find_step("2.1"), nullptr);
  EXPECT_EQ(r.find_step("9"), nullptr);
}

TEST(RunbookValidFixtures, Version2HasItsChangeAndOneMoreStep) {
  core::Runbook v1 = load_ok(read_bytes(corpus_dir() / "valid" / "payroll-change" / "v1.yaml"),
                             "runbooks/payroll-change/v1.yaml");
  core::Runbook v2 = load_ok(read_bytes(corpus_dir() / "valid" / "payroll-change" / "v2.yaml"),
                             "runbooks/payroll-change/v2.yaml");
  EXPECT_EQ(v2.version, 2);
  ASSERT_TRUE(v2.change.has_value());
  EXPECT_THAT(*v2.change, HasSubstr("Jira"));
  EXPECT_EQ(v2.steps.size(), v1.steps.size() + 1);
  EXPECT_EQ(v2.id, v1.id);
  // The same file validated as another version or another runbook is wrong.
  std::string text = read_bytes(corpus_dir() / "valid" / "payroll-change" / "v2.yaml");
  EXPECT_TRUE(has_problem_at(yaml::validate_runbook_file(text, "runbooks/payroll-change/v3.yaml", &team_policy()), 3,
                             10, "does not match the file v3.yaml"));
  EXPECT_TRUE(has_problem_at(yaml::validate_runbook_file(text, "runbooks/payroll/v2.yaml", &team_policy()), 2, 5,
                             "does not match the folder runbooks/payroll/"));
}

TEST(RunbookValidFixtures, KeepsNonAsciiTextAndAcceptsWindowsLineEndings) {
  std::string text = read_bytes(corpus_dir() / "valid" / "customer-refund" / "v1.yaml");
  ASSERT_NE(text.find("\r\n"), std::string::npos);
  core::Runbook r = load_ok(text, "runbooks/customer-refund/v1.yaml");
  EXPECT_EQ(r.title, "Rückerstattung für Kundinnen — refund a customer");
  EXPECT_THAT(r.summary, HasSubstr("返金"));
  EXPECT_THAT(r.summary, Not(HasSubstr("\r")));
  ASSERT_EQ(r.steps.size(), 2U);
  EXPECT_EQ(r.steps[1].instructions, "In Shopify, choose \"Refund\" on the order.");
}

TEST(RunbookValidFixtures, XKeysAreAllowedAtEveryLevelAndIgnored) {
  std::string text = k_base + "    x-step-note: fine\n" + "x-top: {any: [thing, 1, true]}\n";
  EXPECT_EQ(core::format_all(yaml::validate_runbook_file(text, k_path, &team_policy())), "");
  std::string inputs = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\n"
                       "inputs:\n  - name: who\n    prompt: Who?\n    x-hint: a name\n"
                       "steps:\n  - id: \"1\"\n    title: T\n    do: D\n";
  EXPECT_EQ(core::format_all(yaml::validate_runbook_file(inputs, k_path, &team_policy())), "");
  // "x" alone, or "X-", is not an extension key.
  EXPECT_TRUE(has_problem_at(yaml::validate_runbook_file(k_base + "X-top: 1\n", k_path, &team_policy()), 10, 1,
                             "unknown field \"X-top\""));
}

TEST(RunbookValidFixtures, RunbookToJsonUsesTheFieldNamesOfTheFile) {
  core::Runbook r = load_ok(read_bytes(corpus_dir() / "valid" / "payroll-change" / "v2.yaml"),
                            "runbooks/payroll-change/v2.yaml");
  nlohmann::json j = yaml::runbook_to_json(r);
  EXPECT_EQ(j.at("id"), "payroll-change");
  EXPECT_EQ(j.at("version"), 2);
  EXPECT_EQ(j.at("change"), *r.change);
  EXPECT_EQ(j.at("steps").size(), 4U);
  EXPECT_EQ(j.at("steps").at(1).at("do"), r.steps[1].instructions);
  EXPECT_EQ(j.at("steps").at(1).at("template"), "salary-change");
  EXPECT_EQ(j.at("steps").at(1).at("approval"), "approver");
  EXPECT_EQ(j.at("steps").at(3).at("evidence"), "file");
  EXPECT_FALSE(j.at("steps").at(2).contains("role"));
  EXPECT_EQ(j.at("inputs").at(1).at("pattern"), "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
}

// ---------------------------------------------------------------- all problems at once

TEST(RunbookAllAtOnce, ReportsEveryIndependentSchemaProblem) {
  const std::string text = "id: payroll\n"                 // 1
                           "version: 1\n"                  // 2
                           "owner: alice\n"                // 3  (no title)
                           "summary: Change a salary.\n"   // 4
                           "colour: blue\n"                // 5  unknown field
                           "steps:\n"                      // 6
                           "  - id: \"1\"\n"               // 7  no "do"
                           "    title: Record it\n"        // 8
                           "  - id: \"2\"\n"               // 9
                           "    title: Tell payroll\n"     // 10
                           "    do: Send the email.\n"     // 11
                           "    evidence: photo\n"         // 12 not allowed
                           "  - id: \"2b\"\n"              // 13 bad form
                           "    title: Check\n"            // 14
                           "    do: Check the payslip.\n"; // 15
  Timed result = validate_timed(text, k_path, &team_policy());
  const core::Diagnostics& found = result.diagnostics;
  std::string all = core::format_all(found);
  EXPECT_TRUE(has_problem_at(found, 1, 1, "has no \"title\"")) << all;
  EXPECT_TRUE(has_problem_at(found, 5, 1, "unknown field \"colour\"")) << all;
  EXPECT_TRUE(has_problem_at(found, 7, 5, "has no \"do\"")) << all;
  EXPECT_TRUE(has_problem_at(found, 12, 15, "\"photo\" is not an allowed value")) << all;
  EXPECT_TRUE(has_problem_at(found, 13, 9, "\"2b\"")) << all;
  EXPECT_EQ(found.size(), 5U) << all;
  expect_actionable(found, k_path);
}

// DESIGN §3: "runbooks/onboarding/v3.yaml:14:5: step "3" has no "title"" — a missing
// field of a step names the step, not the list.
TEST(RunbookMessages, AMissingStepFieldNamesTheStep) {
  std::string text = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\nsteps:\n"
                     "  - id: \"1\"\n    title: T\n    do: D\n"
                     "  - id: \"3\"\n    do: D\n";
  core::Diagnostics found = yaml::validate_runbook_file(text, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(found, 10, 5, "step \"3\" has no \"title\"")) << core::format_all(found);
}

// A problem of the whole file (a missing or unknown top-level field) must not be hidden
// by a problem further down, and a step's missing field not by a bad value in that step.
TEST(RunbookAllAtOnce, OuterProblemsAreNotHiddenByInnerOnes) {
  std::string no_title = "id: payroll\nversion: 1\nowner: alice\nsummary: S\nsteps:\n"
                         "  - id: \"1\"\n    title: T\n    do: D\n    evidence: photo\n";
  core::Diagnostics found = yaml::validate_runbook_file(no_title, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(found, 1, 1, "the file has no \"title\"")) << core::format_all(found);
  EXPECT_TRUE(has_problem_at(found, 9, 15, "\"photo\"")) << core::format_all(found);

  std::string unknown = k_base + "    role: Boss\ncolour: blue\n";
  found = yaml::validate_runbook_file(unknown, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(found, 11, 1, "unknown field \"colour\"")) << core::format_all(found);
  EXPECT_TRUE(has_problem_at(found, 10, 11, "\"Boss\"")) << core::format_all(found);

  std::string step_without_do = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\nsteps:\n"
                                "  - id: \"1\"\n    title: T\n    evidence: photo\n";
  found = yaml::validate_runbook_file(step_without_do, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(found, 7, 5, "has no \"do\"")) << core::format_all(found);
  EXPECT_TRUE(has_problem_at(found, 9, 15, "\"photo\"")) << core::format_all(found);
}

TEST(RunbookAllAtOnce, ReportsEveryIndependentRuleProblem) {
  const std::string text = "id: payroll-run\n"                  // 1  not the folder
                           "version: 3\n"                       // 2  not the file, no change
                           "title: Payroll change\n"            // 3
                           "owner: carol\n"                     // 4  retired
                           "summary: Change a salary.\n"        // 5
                           "inputs:\n"                          // 6
                           "  - name: who\n"                    // 7
                           "    prompt: Who?\n"                 // 8
                           "    pattern: \"(unclosed\"\n"       // 9  invalid
                           "  - name: who\n"                    // 10 twice
                           "    prompt: Who again?\n"           // 11
                           "steps:\n"                           // 12
                           "  - id: \"1\"\n"                    // 13
                           "    title: Record it\n"             // 14
                           "    do: Update BambooHR.\n"         // 15
                           "    approval: approver\n"           // 16 nobody holds it
                           "  - id: \"1\"\n"                    // 17 twice
                           "    title: Tell payroll\n"          // 18
                           "    do: Send the email.\n";         // 19
  const std::string path = "runbooks/payroll/v2.yaml";
  core::Diagnostics found = yaml::validate_runbook_file(text, path, &no_approver_policy());
  std::string all = core::format_all(found);
  EXPECT_TRUE(has_problem_at(found, 1, 5, "does not match the folder runbooks/payroll/")) << all;
  EXPECT_TRUE(has_problem_at(found, 2, 10, "the version 3 does not match the file v2.yaml")) << all;
  EXPECT_TRUE(has_problem_at(found, 1, 1, "version 2 has no \"change\"")) << all;
  EXPECT_TRUE(has_problem_at(found, 4, 8, "the owner \"carol\" is retired")) << all;
  EXPECT_TRUE(has_problem_at(found, 9, 14, "is not a valid regular expression")) << all;
  EXPECT_TRUE(has_problem_at(found, 10, 11, "the input \"who\" is listed twice")) << all;
  EXPECT_TRUE(has_problem_at(found, 16, 15, "no active person holds")) << all;
  EXPECT_TRUE(has_problem_at(found, 17, 9, "step id \"1\" is used twice")) << all;
  EXPECT_EQ(found.size(), 8U) << all;
  expect_actionable(found, path);
}

// ---------------------------------------------------------------- generated hostile input

// The runbook of k_base padded with a comment to exactly `size` bytes.
std::string padded_to(std::size_t size, const std::string& head = k_base) {
  std::string text = head + "# ";
  text += std::string(size - text.size() - 1, 'x');
  text += "\n";
  EXPECT_EQ(text.size(), size);
  return text;
}

TEST(RunbookHostile, FileOverOneMebibyteIsRefusedBeforeParsing) {
  // Starts with a NUL byte and an anchor: if it were parsed, those would be reported.
  std::string text = padded_to(yaml::k_max_file_size + 1, std::string("\0", 1) + "x: &a 1\n" + k_base);
  Timed result = validate_bounded(text, k_path, &team_policy());
  ASSERT_EQ(result.diagnostics.size(), 1U) << core::format_all(result.diagnostics);
  const core::Diagnostic& d = result.diagnostics.front();
  EXPECT_EQ(d.line, 0);
  EXPECT_THAT(d.message, HasSubstr("larger than 1 MiB"));
  EXPECT_EQ(d.format(), k_path + ": " + d.message);
  expect_actionable(result.diagnostics, k_path);
  expect_quick(result, "this file");
}

TEST(RunbookHostile, FileOfExactlyOneMebibyteIsStillRead) {
  std::string text = padded_to(yaml::k_max_file_size);
  Timed result = validate_bounded(text, k_path, &team_policy());
  EXPECT_EQ(core::format_all(result.diagnostics), "");
  expect_quick(result, "this file");
}

// `open` repeated `depth` times, then `leaf`, then `close` as often, as the value of x-deep.
std::string nested(std::size_t depth, const std::string& open, const std::string& leaf, const std::string& close) {
  std::string text = k_base + "x-deep: ";
  text.reserve(text.size() + depth * (open.size() + close.size()) + 64);
  for (std::size_t i = 0; i < depth; ++i) {
    text += open;
  }
  text += leaf;
  for (std::size_t i = 0; i < depth; ++i) {
    text += close;
  }
  return text + "\n";
}

TEST(RunbookHostile, HundredThousandDeepFlowSequenceIsRefusedQuickly) {
  std::string text = nested(100000, "[", "x", "]");
  Timed result = validate_bounded(text, k_path, &team_policy());
  // Root = 1, x-deep's list = 2, ... the 33rd container is the 32nd "[" at column 9 + 31.
  EXPECT_TRUE(has_problem_at(result.diagnostics, 10, 40, "nested more than 32 levels deep"))
      << core::format_all(result.diagnostics);
  expect_actionable(result.diagnostics, k_path);
  expect_quick(result, "this file");
}

TEST(RunbookHostile, HundredThousandDeepFlowMappingIsRefusedQuickly) {
  std::string text = nested(100000, "{a: ", "x", "}");
  Timed result = validate_bounded(text, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(result.diagnostics, 10, 9 + 31 * 4, "nested more than 32 levels deep"))
      << core::format_all(result.diagnostics);
  expect_quick(result, "this file");
}

TEST(RunbookHostile, HundredThousandDeepBlockSequenceIsRefusedQuickly) {
  std::string text = k_base + "x-deep:\n  ";
  for (int i = 0; i < 100000; ++i) {
    text += "- ";
  }
  text += "x\n";
  Timed result = validate_bounded(text, k_path, &team_policy());
  // "- - - x": x-deep's list starts at column 3, each further "- " two columns on.
  EXPECT_TRUE(has_problem_at(result.diagnostics, 11, 3 + 31 * 2, "nested more than 32 levels deep"))
      << core::format_all(result.diagnostics);
  expect_quick(result, "this file");
}

TEST(RunbookHostile, NestingUpToTheBoundIsAccepted) {
  // Root + x-deep's 31 mappings = 32 levels: allowed.
  std::string text = k_base + "x-deep:\n";
  for (int level = 1; level <= 31; ++level) {
    text += std::string(static_cast<std::size_t>(2 * level), ' ') + "k" + std::to_string(level) + ":" +
            (level < 31 ? "\n" : " end\n");
  }
  EXPECT_EQ(core::format_all(yaml::validate_runbook_file(text, k_path, &team_policy())), "");
  // One more level is refused.
  std::string deeper = text.substr(0, text.size() - 5) + "\n" + std::string(64, ' ') + "k32: end\n";
  EXPECT_TRUE(has_problem_at(yaml::validate_runbook_file(deeper, k_path, &team_policy()), 42, 65,
                             "nested more than 32 levels deep"))
      << core::format_all(yaml::validate_runbook_file(deeper, k_path, &team_policy()));
}

TEST(RunbookHostile, GeneratedBillionLaughsIsRefusedAtTheFirstAnchor) {
  std::string text = k_base + "x-lol:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level < 30; ++level) {
    std::string prev = "*l" + std::to_string(level - 1);
    text += "  l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) {
      text += (i > 0 ? ", " : "") + prev;
    }
    text += "]\n";
  }
  Timed result = validate_bounded(text, k_path, &team_policy());
  EXPECT_TRUE(has_problem_at(result.diagnostics, 11, 7, "anchor")) << core::format_all(result.diagnostics);
  expect_quick(result, "this file");
}

// A valid file of nearly 1 MiB whose extension key holds one long line of scalars:
// finding each scalar's column must not rescan the line.
TEST(RunbookHostile, OneLongLineOfScalarsIsReadQuickly) {
  std::string text = k_base + "x-list: [";
  while (text.size() < yaml::k_max_file_size - 16) {
    text += "1, ";
  }
  text += "1]\n";
  Timed result = validate_bounded(text, k_path, &team_policy());
  // Far more values than any runbook needs: refused before the schema has to look.
  EXPECT_TRUE(has_problem_anywhere(result.diagnostics, "more than 20000 values")) << core::format_all(result.diagnostics);
  expect_quick(result, "one line of scalars");
}

// Tens of thousands of schema errors must not make reporting them quadratic.
TEST(RunbookHostile, TensOfThousandsOfBrokenStepsAreReportedQuickly) {
  std::string text = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\nsteps:\n";
  while (text.size() < yaml::k_max_file_size - 16) {
    text += "  - {}\n";
  }
  Timed result = validate_bounded(text, k_path, &team_policy());
  expect_quick(result, "a file of empty steps");
  if (result.finished) {
    EXPECT_GT(result.total, 0U);
    EXPECT_TRUE(has_problem_anywhere(result.diagnostics, "more than 20000 values")) << core::format_all(result.diagnostics);
  }
}

TEST(RunbookHostile, TensOfThousandsOfUnknownKeysAreReportedQuickly) {
  std::string text = k_base;
  for (int i = 0; text.size() < yaml::k_max_file_size - 32; ++i) {
    text += "    k" + std::to_string(i) + ": v\n";
  }
  Timed result = validate_bounded(text, k_path, &team_policy());
  EXPECT_TRUE(has_problem_anywhere(result.diagnostics, "more than 20000 values")) << core::format_all(result.diagnostics);
  expect_quick(result, "a step with tens of thousands of unknown keys");
}

// An input pattern whose compiled form explodes must not stall validation.
TEST(RunbookHostile, ExplodingInputPatternDoesNotStall) {
  for (const std::string pattern : {"((a{100}){100}){100}", "(((a{50}){50}){50}){50}", "[0-9]{65535}",
                                    "((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))"}) {
    std::string text = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\n"
                       "inputs:\n  - name: code\n    prompt: Code?\n    pattern: \"" +
                       pattern + "\"\nsteps:\n  - id: \"1\"\n    title: T\n    do: D\n";
    Timed result = validate_bounded(text, k_path, &team_policy());
    expect_actionable(result.diagnostics, k_path);
    expect_quick(result, pattern);
  }
}

// Found with the fuzz build (tests/fuzz): std::regex's default matcher recursed once per
// character of a value that a schema pattern repeats over, so a title or step id of
// some 30 000 characters overflowed the stack.
TEST(RunbookHostile, VeryLongValuesUnderPatternsAreJudgedWithoutACrash) {
  std::string long_title = "id: payroll\nversion: 1\ntitle: " + std::string(300000, 't') +
                           "\nowner: alice\nsummary: S\nsteps:\n  - id: \"1\"\n    title: T\n    do: D\n";
  Timed result = validate_bounded(long_title, k_path, &team_policy());
  ASSERT_TRUE(result.finished) << "crashed or stalled";
  EXPECT_TRUE(has_problem_at(result.diagnostics, 3, 8, "\"title\" is too long")) << core::format_all(result.diagnostics);
  expect_quick(result, "a very long title");

  std::string long_step_id = "id: payroll\nversion: 1\ntitle: T\nowner: alice\nsummary: S\nsteps:\n  - id: \"" +
                             std::string(300000, '1') + "\"\n    title: T\n    do: D\n";
  result = validate_bounded(long_step_id, k_path, &team_policy());
  ASSERT_TRUE(result.finished) << "crashed or stalled";
  EXPECT_EQ(core::format_all(result.diagnostics), "");
  expect_quick(result, "a very long step id");
}

// The number a file says must be the number the rules compare, not a wrapped one.
TEST(RunbookHostile, HugeVersionNumbersDoNotWrapAround) {
  for (const std::string version : {"4294967297", "4294967296", "2147483648", "9223372036854775807",
                                    "99999999999999999999"}) {
    std::string text = "id: payroll\nversion: " + version +
                       "\ntitle: T\nowner: alice\nsummary: S\nsteps:\n  - id: \"1\"\n    title: T\n    do: D\n";
    core::Diagnostics found;
    EXPECT_NO_THROW(found = yaml::validate_runbook_file(text, k_path, &team_policy())) << version;
    EXPECT_TRUE(has_problem_at(found, 2, 10, "version")) << "version: " << version << " at v1.yaml gave:\n"
                                                         << core::format_all(found);
    expect_actionable(found, k_path);
    for (const core::Diagnostic& d : found) {
      EXPECT_THAT(d.message, Not(HasSubstr("the version -"))) << "version: " << version << " became " << d.format();
    }
  }
}

// load_runbook refuses what the schema refuses, and never throws on a hostile file.
TEST(RunbookHostile, LoadRunbookNeverThrowsOnTheCorpus) {
  for (const BrokenCase& c : manifest()) {
    std::string text = read_bytes(corpus_dir() / "broken" / c.file);
    EXPECT_NO_THROW((void)yaml::load_runbook(text, c.path)) << c.file;
  }
}

TEST(RunbookHostile, EveryTruncationOfAValidFileIsHandledCleanly) {
  std::string text = read_bytes(corpus_dir() / "valid" / "payroll-change" / "v2.yaml");
  for (std::size_t size = 0; size < text.size(); ++size) {
    core::Diagnostics found;
    EXPECT_NO_THROW(found = yaml::validate_runbook_file(text.substr(0, size), "runbooks/payroll-change/v2.yaml",
                                                        &team_policy()))
        << "cut at " << size;
    expect_actionable(found, "runbooks/payroll-change/v2.yaml");
  }
}

} // namespace runbook_yaml_test
