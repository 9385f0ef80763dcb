#include "cli/verify.hpp"

#include "cli/commands.hpp"
#include "cli/evidence_package.hpp"
#include "cli/workspace.hpp"
#include "trust/history_verifier.hpp"
#include "trust/push_check.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

// Witnessed time (issue 18): what the server's checkpoints say about the log, in
// one line; empty when this clone holds none.
std::string witness_line(const trust::VerifyReport& report) {
  if (report.checkpoints == 0) {
    return "";
  }
  std::size_t witnessed = 0;
  for (const auto& [commit, window] : report.received) {
    witnessed += window.by.empty() ? 0 : 1;
  }
  std::string line = "witnessed: " + std::to_string(report.trusted_checkpoints) + " of " +
                     std::to_string(report.checkpoints) + " server checkpoints signed by a witness";
  if (!report.last_witnessed.empty()) {
    line += ", the latest at " + report.last_witnessed;
  }
  return line + "; " + std::to_string(witnessed) + " of " + std::to_string(report.received.size()) +
         " log commits received by the server by then" +
         (witnessed < report.received.size() ? " (the rest: not yet witnessed)" : "");
}

std::string short_ref(const std::string& ref) {
  for (const std::string prefix : {"refs/heads/", "refs/remotes/"}) {
    if (util::starts_with(ref, prefix)) {
      return ref.substr(prefix.size());
    }
  }
  return ref;
}

nlohmann::json history_json(const trust::VerifyReport& report) {
  nlohmann::json problems = nlohmann::json::array();
  for (const trust::Problem& p : report.problems) {
    problems.push_back({{"commit", p.commit}, {"ref", short_ref(p.ref)}, {"rule", p.rule}, {"message", p.message}, {"fix", p.fix}});
  }
  std::vector<std::string> refs;
  for (const std::string& ref : report.refs) {
    refs.push_back(short_ref(ref));
  }
  nlohmann::json notices = nlohmann::json::array();
  for (const trust::Notice& n : report.notices) {
    notices.push_back({{"run", n.run}, {"record", n.path}, {"flag", n.rule}, {"message", n.message}, {"people", n.people}});
  }
  nlohmann::json out{{"ok", report.problems.empty()},
                     {"trust_root", report.trust_root},
                     {"refs", refs},
                     {"commits_checked", report.commits_checked},
                     {"problems", problems},
                     {"notices", notices},
                     {"warnings", report.warnings}};
  if (report.checkpoints > 0) { // issue 18: witnessed time
    out["witness"] = {{"checkpoints", report.checkpoints},
                      {"trusted_checkpoints", report.trusted_checkpoints},
                      {"last_witnessed", report.last_witnessed},
                      {"summary", witness_line(report)}};
  }
  return out;
}

void print_json(const trust::VerifyReport& report) { std::cout << history_json(report).dump(2) << "\n"; }

void print_text(const trust::VerifyReport& report) {
  for (const trust::Problem& p : report.problems) {
    std::cout << "problem: commit " << util::shorten(p.commit) << " on " << short_ref(p.ref) << " [" << p.rule
              << "]: " << p.message << ".\n    what to do: " << p.fix << "\n";
  }
  for (const trust::Notice& n : report.notices) {
    std::cout << "notice: run " << n.run << " needs a look [" << n.rule << "]: " << n.message << "\n    record: " << n.path
              << "\n    accepted: each record was valid for its author; the team decides whether the run needs a "
                 "follow-up (`git runbook note " << n.run << " \"…\"`)\n";
  }
  for (const std::string& warning : report.warnings) {
    std::cout << "warning: " << warning << "\n";
  }
  if (std::string witnessed = witness_line(report); !witnessed.empty()) { // issue 18
    std::cout << witnessed << "\n";
  }
  std::vector<std::string> refs;
  for (const std::string& ref : report.refs) {
    refs.push_back(short_ref(ref));
  }
  std::cout << (report.problems.empty() ? "verified: " : "NOT verified: ") << report.commits_checked
            << (report.commits_checked == 1 ? " commit on " : " commits on ") << (refs.empty() ? std::string("no branch") : util::join(refs, ", "))
            << " from trust root " << util::shorten(report.trust_root) << ", " << report.problems.size()
            << (report.problems.size() == 1 ? " problem" : " problems")
            << (report.notices.empty() ? "" : ", " + std::to_string(report.notices.size()) +
                                                  (report.notices.size() == 1 ? " notice" : " notices"))
            << "\n";
}

// issue 18: evidence package
// Prints what `verify --package` found; returns the number of problems.
std::size_t print_package(const PackageVerdict& verdict, Format format) {
  if (format == Format::json) {
    nlohmann::json out{{"ok", verdict.problems.empty()},
                       {"package", verdict.file},
                       {"trust_root", verdict.trust_root},
                       {"trust_root_from", verdict.trust_root_source},
                       {"checks", verdict.checks},
                       {"problems", verdict.problems},
                       {"history", verdict.history ? history_json(*verdict.history) : nlohmann::json(nullptr)}};
    std::cout << out.dump(2) << "\n";
    return verdict.problems.size();
  }
  if (!verdict.trust_root.empty()) {
    std::cout << "trust root: " << verdict.trust_root << " (from " << verdict.trust_root_source
              << "; compare it with the one you know, or give yours with --trust-root)\n";
  }
  if (verdict.history) {
    print_text(*verdict.history);
  }
  for (const std::string& check : verdict.checks) {
    std::cout << "ok: " << check << "\n";
  }
  for (const std::string& problem : verdict.problems) {
    std::cout << "problem: " << problem << "\n";
  }
  std::cout << (verdict.problems.empty() ? "package verified: " : "package NOT verified: ") << verdict.file
            << (verdict.problems.empty() ? "\n" : "\n    what to do: ask for the package again from its source; "
                                                  "do not rely on the files named above\n");
  return verdict.problems.size();
}

} // namespace

std::pair<std::string, std::string> split_range(const std::string& range, const std::string& option) {
  std::size_t dots = range.find("..");
  if (dots == std::string::npos || dots == 0 || dots + 2 >= range.size() || range.find("...") != std::string::npos) {
    throw util::UsageError(option + " takes two revisions as A..B, e.g. origin/main..HEAD.");
  }
  return {range.substr(0, dots), range.substr(dots + 2)};
}

trust::VerifyReport judge_push(const git::Repository& repo, const std::string& base, const std::string& tip,
                               const std::string& branch, const std::optional<std::string>& trust_root) {
  trust::PushOptions push;
  push.trust_root = trust_root ? trust_root : repo.config_string("runbook.trustRoot");
  push.held_refs = std::vector<std::pair<std::string, std::string>>{{branch, base}};
  trust::PushReport checked = trust::check_push(repo, {trust::RefUpdate{base, tip, branch}}, push);
  trust::VerifyReport report;
  report.trust_root = checked.trust_root.value_or("none");
  report.refs.push_back(util::shorten(base) + ".." + util::shorten(tip) + " (as " + branch + ")");
  report.commits_checked = checked.commits_checked;
  report.notices = checked.notices;
  for (const trust::RefVerdict& verdict : checked.refs) {
    report.problems.insert(report.problems.end(), verdict.problems.begin(), verdict.problems.end());
  }
  return report;
}

// The commits B adds to A, each against its parents' policy, as the server's hook
// would judge a push of them onto a branch that holds A: for a CI job on the Git
// hosting (a pull request's commits, say). The branch is B's when B names one, else
// the checked-out one.
trust::VerifyReport verify_range(const git::Repository& repo, const VerifyCommandOptions& options) {
  auto [from, to] = split_range(*options.range, "--range");
  auto base = repo.resolve_commit(from);
  auto tip = repo.resolve_commit(to);
  if (!base || !tip) {
    throw util::UsageError("\"" + (!base ? from : to) + "\" in --range is not a commit of this repository. Fetch it first.");
  }
  std::string branch = repo.head_branch().value_or("refs/heads/range");
  for (const std::string& prefix : {std::string("refs/heads/"), std::string("refs/remotes/origin/")}) {
    if (repo.resolve_ref(prefix + to)) {
      branch = "refs/heads/" + to;
    }
  }
  trust::VerifyReport report = judge_push(repo, *base, *tip, branch, options.trust_root);
  report.refs.front() = *options.range + " (as " + branch + ")";
  return report;
}

std::size_t print_verification(const git::Repository& repo, const VerifyCommandOptions& options) {
  trust::VerifyReport report = options.range ? verify_range(repo, options)
                                             : trust::verify_history(repo, trust::VerifyOptions{options.trust_root, !options.no_cache});
  if (options.format == Format::json) {
    print_json(report);
  } else {
    print_text(report);
  }
  return report.problems.size();
}

void register_verify(CLI::App& app) {
  auto options = std::make_shared<VerifyCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "verify", "Check every commit from the trust root: signatures, and who was allowed to do what.");
  command->add_option("--trust-root", options->trust_root,
                      "The commit trust starts from (default: git config runbook.trustRoot, else the first commit)");
  command->add_option("--range", options->range,
                      "Only the commits B adds to A (A..B), judged as the server would judge their push");
  command->add_flag("--no-cache", options->no_cache,
                    "Re-check every commit, ignoring what .git/runbook/verify-cache says was checked before");
  add_format_option(*command, options->format);
  // issue 18: evidence package
  auto package = std::make_shared<std::string>();
  command->add_option("--package", *package,
                      "Check an evidence package made by `audit --package` (in any folder; no repository needed)")
      ->excludes("--range")
      ->excludes("--no-cache");
  command->footer("Examples:\n  git runbook verify\n  git runbook verify --no-cache     (an auditor's first check of a clone)\n  git runbook verify --format json\n"
                  "  git runbook verify --range origin/main..HEAD     (a CI job on a pull request)\n"
                  "  git runbook verify --package evidence-2026-h1.tar     (an auditor's check of a package)\n"
                  "Exit code 1 when any problem is found.");
  command->callback([options, package] {
    if (!package->empty()) {
      std::size_t problems = print_package(check_evidence_package(*package, options->trust_root), options->format);
      if (problems > 0) {
        throw util::RuleError("the evidence package failed " + std::to_string(problems) +
                              (problems == 1 ? " check" : " checks") + "; each is listed above.");
      }
      return;
    }
    Workspace workspace = Workspace::open();
    std::size_t problems = print_verification(workspace.repo(), *options);
    if (problems > 0) {
      throw util::RuleError("verification found " + std::to_string(problems) +
                            (problems == 1 ? " problem" : " problems") + "; each is listed above with what to do.");
    }
  });
}

} // namespace cli
