#include "cli/server_hook.hpp"

#include "trust/push_check.hpp"
#include "trust/push_start.hpp"

#include "cli/hook.hpp"
#include "cli/output.hpp"
#include "cli/witness_hook.hpp"
#include "core/policy.hpp"
#include "git/raw_commit.hpp"
#include "git/repository.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <iostream>
#include <regex>

namespace cli {

namespace {

constexpr int k_default_timeout_seconds = 60;

std::vector<trust::RefUpdate> read_updates(std::istream& in) {
  static const std::regex line_form("([0-9a-f]{40}) ([0-9a-f]{40}) (refs/[^ \\x00-\\x1f]{1,1000})");
  std::vector<trust::RefUpdate> updates;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch match;
    if (!std::regex_match(line, match, line_form)) {
      throw util::UsageError("the pre-receive hook got a line it does not understand from Git: \"" +
                             util::shorten(line, 80) + "\". Nothing was accepted.");
    }
    updates.push_back(trust::RefUpdate{match[1].str(), match[2].str(), match[3].str()});
  }
  return updates;
}

int timeout_seconds(const git::Repository& repo) {
  auto configured = repo.config_string("runbook.hookTimeout");
  if (!configured) {
    return k_default_timeout_seconds;
  }
  try {
    int seconds = std::stoi(*configured);
    if (seconds > 0) {
      return seconds;
    }
  } catch (const std::exception&) {
  }
  throw util::EnvironmentError(
      "runbook.hookTimeout is \"" + *configured +
      "\" in the server's git config; it must be a number of seconds, e.g. 60. Every push "
      "is refused until it is fixed.");
}

// "commit 1a2b3c4d5e \"Publish v2\"", or "tag …" for a tag object: what a refusal names.
std::string describe_object(const git::Repository& repo, const std::string& id) {
  auto raw = repo.read_raw(id);
  std::string word = raw && raw->kind == git::ObjectKind::tag ? "tag " : "commit ";
  std::string message;
  if (raw && raw->kind == git::ObjectKind::commit) {
    if (auto parsed = git::parse_raw_commit(raw->bytes)) {
      message = parsed->message;
    }
  } else if (raw && raw->kind == git::ObjectKind::tag) {
    std::size_t body = raw->bytes.find("\n\n");
    message = body == std::string::npos ? "" : raw->bytes.substr(body + 2);
  }
  std::string subject = message.substr(0, message.find('\n'));
  return word + util::shorten(id) + (subject.empty() ? "" : " \"" + util::shorten(subject, 60) + "\"");
}

void print_refusal(const git::Repository& repo, const trust::RefVerdict& verdict) {
  std::cerr << "git-runbook: refused " << verdict.ref << ":\n";
  std::string last_commit;
  for (const trust::Problem& problem : verdict.problems) {
    if (problem.commit != last_commit) {
      std::cerr << "  " << describe_object(repo, problem.commit) << "\n";
      last_commit = problem.commit;
    }
    std::cerr << "    " << problem.message << " [" << problem.rule << "]\n";
    std::cerr << "    fix: " << problem.fix << "\n";
  }
}

} // namespace

void run_pre_receive() {
  std::vector<trust::RefUpdate> updates = read_updates(std::cin);
  git::Repository repo = git::Repository::open_from_environment();
  trust::PushOptions options;
  options.trust_root = repo.config_string("runbook.trustRoot");
  int seconds = timeout_seconds(repo);
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  trust::PushReport report = trust::check_push(repo, updates, options);
  std::size_t refused = 0;
  for (const trust::RefVerdict& verdict : report.refs) {
    if (!verdict.problems.empty()) {
      print_refusal(repo, verdict);
      ++refused;
    }
  }
  if (refused > 0) {
    throw util::RuleError(
        "the push was refused (" + std::to_string(refused) + " of " +
        std::to_string(report.refs.size()) + " refs); nothing was stored." +
        (report.out_of_time
             ? " The check stopped after " + std::to_string(seconds) + " s (runbook.hookTimeout)."
             : ""));
  }
  if (report.new_trust_root) {
    repo.set_config_string("runbook.trustRoot", *report.new_trust_root);
  }
  for (const trust::Notice& notice : report.notices) {
    std::cerr << "git-runbook: accepted, but needs a look: run " << notice.run << ": " << notice.message << " ["
              << notice.rule << "]\n";
  }
  std::cerr << "git-runbook: checked " << report.commits_checked << " new commit"
            << (report.commits_checked == 1 ? "" : "s") << " on " << report.refs.size() << " ref"
            << (report.refs.size() == 1 ? "" : "s") << ": accepted.\n";
}

void install_server_hook(const std::filesystem::path& repository,
                         const std::optional<std::string>& trust_root) {
  auto repo = git::Repository::discover(repository);
  if (!repo) {
    throw util::UsageError(repository.string() +
                           " is not a Git repository. Give the server's bare repository, "
                           "e.g. /srv/git/runbooks.git (make one with `git init --bare`).");
  }
  if (repo->workdir()) {
    throw util::UsageError(repository.string() +
                           " has a work tree: the server hook goes into the bare repository "
                           "people push to. In a clone, `git runbook hook install` (no folder) "
                           "installs the local checks.");
  }
  std::string pinned;
  if (trust_root) {
    auto commit = repo->resolve_commit(*trust_root);
    if (!commit || !repo->read_file_at(*commit, core::k_policy_path)) {
      throw util::UsageError("the trust root \"" + *trust_root + "\" is not a commit of " +
                             repository.string() + " with " + core::k_policy_path +
                             ". Name the commit `git runbook init` made.");
    }
    pinned = *commit;
  } else {
    // The first commit of the protected branch, never of another branch (PushStart).
    trust::PolicyStore policies(*repo);
    pinned = trust::find_push_start(*repo, policies, std::nullopt, {}).trust_root.value_or("");
  }
  install_witness_hook(*repo); // issue 18: witnessed time, when runbook.witnessKey is set (checked first)
  install_shim(*repo, "pre-receive", true);
  repo->set_config_string("receive.fsckObjects", "true");
  say("installed the pre-receive hook in " + (repo->git_dir() / "hooks" / "pre-receive").string() +
      ".");
  say("set receive.fsckObjects=true: Git itself refuses malformed objects.");
  if (!pinned.empty()) {
    repo->set_config_string("runbook.trustRoot", pinned);
    say("set runbook.trustRoot=" + pinned + ": history is trusted from this commit on.");
  } else {
    say(std::string(repo->branches().empty() ? "the repository is empty"
                                             : "no protected branch here holds .runbook/policy.yaml") +
        ": the first push of the protected branch (with .runbook/policy.yaml) sets the trust root to its "
        "first commit.");
  }
  say("Every push is now checked: signatures, roles, published versions and records.");
}

} // namespace cli
