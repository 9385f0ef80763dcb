#include "cli/commands.hpp"
#include "cli/diff.hpp"
#include "cli/policy_at.hpp"
#include "cli/policy_render.hpp"
#include "cli/verify.hpp"
#include "cli/workspace.hpp"
#include "core/policy_diff.hpp"
#include "core/runbook_diff.hpp"
#include "core/runbook_paths.hpp"
#include "git/raw_commit.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <iostream>
#include <map>
#include <set>

namespace cli {

namespace {

// The reviewer's view (issue 18): what a pull request from A to B changes, and the
// verdict the server's hook would give on pushing B onto a protected branch at A.
struct ReviewOptions {
  std::string range;
  std::optional<std::string> branch;
  std::optional<std::string> trust_root;
  ReportFormat format = ReportFormat::text;
};

// What the range does to one runbook.
struct RunbookReview {
  std::string id;
  int from = 0; // latest version at A; 0: a new runbook
  int to = 0;   // latest version at B
  std::string title;
  std::vector<core::RunbookChange> changes;
  std::vector<std::string> notes; // new runbook's steps, edited or removed published files
};

struct PolicyReview {
  bool changed = false;           // the policy file or a key file differs
  std::vector<core::PolicyChange> changes;
  std::optional<std::string> unreadable; // why a side's policy could not be read
};

using Files = std::map<std::string, std::string>; // path -> blob id

Files version_files(const git::Repository& repo, const std::string& commit) {
  Files files;
  for (auto& [path, blob] : version_files_at(repo, commit)) {
    files.emplace(std::move(path), std::move(blob));
  }
  return files;
}

int latest(const Files& files, const std::string& id) {
  int version = 0;
  for (const auto& [path, blob] : files) {
    auto where = core::parse_version_path(path);
    if (where->id == id) {
      version = std::max(version, where->version);
    }
  }
  return version;
}

RunbookReview review_runbook(const git::Repository& repo, const std::string& base, const std::string& tip,
                             const std::string& id, const Files& before, const Files& after) {
  RunbookReview review{id, latest(before, id), latest(after, id), "", {}, {}};
  for (const auto& [path, blob] : before) {
    if (core::parse_version_path(path)->id != id) {
      continue;
    }
    auto now = after.find(path);
    if (now == after.end()) {
      review.notes.push_back(path + " was removed, but a published version is never removed (see the verdict)");
    } else if (now->second != blob) {
      review.notes.push_back(path + " was edited, but a published version never changes: publish a new version "
                                    "instead (see the verdict)");
    }
  }
  if (review.to <= review.from) {
    return review;
  }
  std::string newest = core::version_path(id, review.to);
  std::optional<core::Runbook> now = runbook_at(repo, tip, newest);
  if (!now) {
    review.notes.push_back(newest + " does not load: `git runbook validate " + newest + "` says what is wrong");
    return review;
  }
  review.title = now->title;
  if (review.to > review.from + 1) {
    review.notes.push_back(std::to_string(review.to - review.from) + " new versions, v" +
                           std::to_string(review.from + 1) + " to v" + std::to_string(review.to) +
                           (review.from == 0 ? std::string("; below is the newest")
                                             : "; the changes below are from v" + std::to_string(review.from) +
                                                   " to the newest"));
  }
  if (review.from == 0) {
    review.notes.push_back("New runbook \"" + now->title + "\" (owner " + now->owner + ") with " +
                           std::to_string(now->steps.size()) + (now->steps.size() == 1 ? " step" : " steps"));
    for (const core::Step& step : now->steps) {
      review.changes.push_back(core::RunbookChange{core::RunbookChange::Kind::step_added, step.id,
                                                   "Step " + step.id + " \"" + step.title + "\"", {}});
    }
    return review;
  }
  std::string older = core::version_path(id, review.from);
  if (std::optional<core::Runbook> was = runbook_at(repo, base, older)) {
    review.changes = core::diff_runbooks(*was, *now);
  } else {
    review.notes.push_back(older + " does not load, so there is nothing to compare v" + std::to_string(review.to) +
                           " with");
  }
  return review;
}

std::vector<RunbookReview> review_runbooks(const git::Repository& repo, const std::string& base, const std::string& tip) {
  Files before = version_files(repo, base);
  Files after = version_files(repo, tip);
  std::set<std::string> ids;
  for (const Files* files : {&before, &after}) {
    for (const auto& [path, blob] : *files) {
      ids.insert(core::parse_version_path(path)->id);
    }
  }
  std::vector<RunbookReview> reviews;
  for (const std::string& id : ids) {
    RunbookReview review = review_runbook(repo, base, tip, id, before, after);
    if (review.to != review.from || !review.notes.empty()) {
      reviews.push_back(std::move(review));
    }
  }
  return reviews;
}

PolicyReview review_policy(const git::Repository& repo, const std::string& base, const std::string& tip) {
  PolicyReview review;
  auto id_at = [&](const std::string& commit, const std::string& path) {
    auto entry = repo.entry_at(commit, path);
    return entry ? entry->id : std::string();
  };
  review.changed = id_at(base, core::k_policy_path) != id_at(tip, core::k_policy_path) ||
                   id_at(base, core::k_keys_folder) != id_at(tip, core::k_keys_folder);
  if (!review.changed) {
    return review;
  }
  try {
    PolicyAt before = policy_at(repo, base);
    PolicyAt after = policy_at(repo, tip);
    review.changes = core::diff_policies(before.policy, before.keys, after.policy, after.keys);
  } catch (const util::RuleError& unreadable) {
    review.unreadable = unreadable.what();
  }
  return review;
}

std::string subject_of(const git::Repository& repo, const std::string& commit) {
  auto raw = repo.read_raw(commit);
  if (!raw) {
    return "";
  }
  util::Result<git::RawCommit> parsed = git::parse_raw_commit(raw->bytes);
  if (!parsed) {
    return "";
  }
  std::string first_line = parsed->message.substr(0, parsed->message.find('\n'));
  return std::string(util::trim(first_line));
}

std::string branch_name(const std::string& ref) {
  return util::starts_with(ref, "refs/heads/") ? ref.substr(11) : ref;
}

struct Review {
  std::string range;
  std::string from; // the revisions as given
  std::string to;
  std::string base;
  std::string tip;
  std::string branch; // refs/heads/…
  trust::VerifyReport verdict;
  std::vector<RunbookReview> runbooks;
  PolicyReview policy;
};

// A revision as given, with its short id unless it is the id.
std::string revision_label(const std::string& given, const std::string& commit) {
  return util::starts_with(commit, given) ? util::shorten(commit) : given + " (" + util::shorten(commit) + ")";
}

std::string verdict_line(const Review& review, bool markdown) {
  std::size_t problems = review.verdict.problems.size();
  std::string bold = markdown ? "**" : "";
  std::string line = bold + (problems == 0 ? "Verdict: the server would accept" : "Verdict: the server would refuse") +
                     bold + " pushing " + util::shorten(review.tip) + " onto " + branch_name(review.branch) +
                     " at " + util::shorten(review.base) + ": " + std::to_string(review.verdict.commits_checked) +
                     (review.verdict.commits_checked == 1 ? " commit" : " commits") + " checked, ";
  return line + (problems == 0 ? std::string("no problems")
                               : std::to_string(problems) + (problems == 1 ? " problem" : " problems"));
}

void print_review(std::ostream& out, const git::Repository& repo, const Review& review, bool markdown) {
  std::string h2 = markdown ? "## " : "";
  std::string h3 = markdown ? "### " : "";
  out << h2 << "Review of " << revision_label(review.from, review.base) << ".." << revision_label(review.to, review.tip)
      << "\n\n"
      << verdict_line(review, markdown) << "\n";
  for (const trust::Problem& problem : review.verdict.problems) {
    std::string subject = subject_of(repo, problem.commit);
    std::string code = markdown ? "`" : "";
    out << "- problem: commit " << code << util::shorten(problem.commit) << code
        << (subject.empty() ? "" : " \"" + subject + "\"") << " [" << problem.rule << "]: " << problem.message
        << ".\n  " << (markdown ? "**What to do:** " : "what to do: ") << problem.fix << "\n";
  }
  for (const trust::Notice& notice : review.verdict.notices) {
    out << "- notice: run " << notice.run << " needs a look [" << notice.rule << "]: " << notice.message << "\n";
  }
  out << "\n" << h3 << (markdown ? "Runbooks\n" : "Runbooks:\n");
  if (review.runbooks.empty()) {
    out << (markdown ? "\n" : "") << "- no runbook added or changed\n";
  }
  for (const RunbookReview& runbook : review.runbooks) {
    out << "\n" << (markdown ? "#### " : "") << runbook.id;
    if (runbook.to > runbook.from) {
      out << (runbook.from == 0 ? ": new, v" + std::to_string(runbook.to)
                                : ": v" + std::to_string(runbook.from) + " → v" + std::to_string(runbook.to))
          << (runbook.title.empty() ? "" : " \"" + runbook.title + "\"");
    }
    out << "\n" << (markdown ? "\n" : "");
    for (const std::string& note : runbook.notes) {
      out << "- " << (markdown ? "**" + note + "**" : note) << "\n";
    }
    if (runbook.to > runbook.from && !runbook.changes.empty()) {
      out << core::describe_changes(runbook.changes);
    }
  }
  out << "\n" << h3 << (markdown ? "Policy\n\n" : "Policy:\n");
  if (!review.policy.changed) {
    out << "- the policy and keys did not change\n";
  } else if (review.policy.unreadable) {
    out << "- the policy could not be compared: " << *review.policy.unreadable << "\n";
  } else {
    print_policy_changes(out, review.policy.changes);
  }
}

nlohmann::json review_json(const git::Repository& repo, const Review& review) {
  nlohmann::json problems = nlohmann::json::array();
  for (const trust::Problem& p : review.verdict.problems) {
    problems.push_back({{"commit", p.commit},
                        {"subject", subject_of(repo, p.commit)},
                        {"rule", p.rule},
                        {"message", p.message},
                        {"fix", p.fix}});
  }
  nlohmann::json notices = nlohmann::json::array();
  for (const trust::Notice& n : review.verdict.notices) {
    notices.push_back({{"run", n.run}, {"record", n.path}, {"flag", n.rule}, {"message", n.message}});
  }
  nlohmann::json runbooks = nlohmann::json::array();
  for (const RunbookReview& runbook : review.runbooks) {
    runbooks.push_back({{"id", runbook.id},
                        {"from", runbook.from},
                        {"to", runbook.to},
                        {"title", runbook.title},
                        {"notes", runbook.notes},
                        {"changes", runbook_changes_json(runbook.changes)}});
  }
  nlohmann::json policy{{"changed", review.policy.changed}, {"changes", policy_changes_json(review.policy.changes)}};
  if (review.policy.unreadable) {
    policy["problem"] = *review.policy.unreadable;
  }
  return {{"range", review.range},
          {"base", review.base},
          {"tip", review.tip},
          {"branch", branch_name(review.branch)},
          {"verdict",
           {{"accepted", review.verdict.problems.empty()},
            {"trust_root", review.verdict.trust_root},
            {"commits_checked", review.verdict.commits_checked},
            {"problems", problems},
            {"notices", notices}}},
          {"runbooks", runbooks},
          {"policy", policy}};
}

void run_review(const ReviewOptions& options) {
  Workspace workspace = Workspace::open();
  const git::Repository& repo = workspace.repo();
  auto [from, to] = split_range(options.range, "review");
  Review review;
  review.range = options.range;
  review.from = from;
  review.to = to;
  review.base = commit_of(repo, from, "the base of the range");
  review.tip = commit_of(repo, to, "the tip of the range");
  if (options.branch) {
    review.branch = "refs/heads/" + branch_name(*options.branch);
  } else {
    PolicyAt base_policy = policy_at(repo, review.base);
    if (base_policy.policy.protected_branches.empty()) {
      throw util::RuleError("the policy at " + from + " names no protected branch; say which with --branch NAME");
    }
    review.branch = "refs/heads/" + base_policy.policy.protected_branches.front();
  }
  review.verdict = judge_push(repo, review.base, review.tip, review.branch, options.trust_root);
  review.runbooks = review_runbooks(repo, review.base, review.tip);
  review.policy = review_policy(repo, review.base, review.tip);
  if (options.format == ReportFormat::json) {
    std::cout << review_json(repo, review).dump(2) << "\n";
  } else {
    print_review(std::cout, repo, review, options.format == ReportFormat::md);
  }
  std::size_t problems = review.verdict.problems.size();
  if (problems > 0) {
    throw util::RuleError("the server's hook would refuse " + options.range + ": " + std::to_string(problems) +
                          (problems == 1 ? " problem" : " problems") + ", each listed above with what to do.");
  }
}

} // namespace

void register_review(CLI::App& app) {
  auto options = std::make_shared<ReviewOptions>();
  CLI::App* command = app.add_subcommand(
      "review", "Show what a pull request changes (runbooks, policy) and whether the server would accept it.");
  command->add_option("range", options->range, "BASE..TIP: the target branch's commit and the request's tip")
      ->required();
  command->add_option("--branch", options->branch,
                      "The protected branch the request goes to (default: the first of the policy at BASE)");
  command->add_option("--trust-root", options->trust_root,
                      "The commit trust starts from (default: git config runbook.trustRoot, else the first commit)");
  add_report_format_option(*command, options->format);
  command->footer(
      "Examples:\n  git runbook review origin/main..HEAD\n  git runbook review origin/main..my-change --format md\n"
      "  git runbook review \"$BASE_SHA..$HEAD_SHA\" --format json\n"
      "The verdict is the server hook's, for pushing TIP onto the protected branch where it holds BASE\n"
      "(the same judge as `git runbook verify --range`). Exit code 1 when the hook would refuse.");
  command->callback([options] { run_review(*options); });
}

} // namespace cli
