#include "cli/verify.hpp"

#include "cli/commands.hpp"
#include "cli/workspace.hpp"
#include "trust/history_verifier.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

std::string short_ref(const std::string& ref) {
  for (const std::string prefix : {"refs/heads/", "refs/remotes/"}) {
    if (util::starts_with(ref, prefix)) {
      return ref.substr(prefix.size());
    }
  }
  return ref;
}

void print_json(const trust::VerifyReport& report) {
  nlohmann::json problems = nlohmann::json::array();
  for (const trust::Problem& p : report.problems) {
    problems.push_back({{"commit", p.commit}, {"ref", short_ref(p.ref)}, {"rule", p.rule}, {"message", p.message}, {"fix", p.fix}});
  }
  std::vector<std::string> refs;
  for (const std::string& ref : report.refs) {
    refs.push_back(short_ref(ref));
  }
  nlohmann::json out{{"ok", report.problems.empty()},
                     {"trust_root", report.trust_root},
                     {"refs", refs},
                     {"commits_checked", report.commits_checked},
                     {"problems", problems}};
  std::cout << out.dump(2) << "\n";
}

void print_text(const trust::VerifyReport& report) {
  for (const trust::Problem& p : report.problems) {
    std::cout << "problem: commit " << util::shorten(p.commit) << " on " << short_ref(p.ref) << " [" << p.rule
              << "]: " << p.message << ".\n    what to do: " << p.fix << "\n";
  }
  std::vector<std::string> refs;
  for (const std::string& ref : report.refs) {
    refs.push_back(short_ref(ref));
  }
  std::cout << (report.problems.empty() ? "verified: " : "NOT verified: ") << report.commits_checked
            << (report.commits_checked == 1 ? " commit on " : " commits on ") << (refs.empty() ? std::string("no branch") : util::join(refs, ", "))
            << " from trust root " << util::shorten(report.trust_root) << ", " << report.problems.size()
            << (report.problems.size() == 1 ? " problem" : " problems") << "\n";
}

} // namespace

std::size_t print_verification(const git::Repository& repo, const VerifyCommandOptions& options) {
  trust::VerifyReport report = trust::verify_history(repo, trust::VerifyOptions{options.trust_root});
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
  add_format_option(*command, options->format);
  command->footer("Examples:\n  git runbook verify\n  git runbook verify --format json\n"
                  "Exit code 1 when any problem is found.");
  command->callback([options] {
    Workspace workspace = Workspace::open();
    std::size_t problems = print_verification(workspace.repo(), *options);
    if (problems > 0) {
      throw util::RuleError("verification found " + std::to_string(problems) +
                            (problems == 1 ? " problem" : " problems") + "; each is listed above with what to do.");
    }
  });
}

} // namespace cli
