#include "trust/checkpoint_judge.hpp"

#include "core/utc_time.hpp"
#include "git/raw_commit.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace trust {

namespace {

constexpr const char* k_fix_server =
    "tell the server's admin and keep this clone as it is: it holds the history the server showed before. "
    "Compare it with other clones (`git runbook verify` in each)";

class ChainJudge {
public:
  ChainJudge(const git::Repository& repo, PolicyStore& policies, std::string policy_branch)
      : m_repo(repo), m_policies(policies), m_policy_branch(std::move(policy_branch)) {}

  WitnessedHistory run(const std::string& tip) {
    std::vector<std::pair<std::string, core::Checkpoint>> chain = read_chain(tip);
    m_report.checkpoints = chain.size();
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const auto& [commit, checkpoint] = chain[i];
      bool signed_by_witness = check_signer(commit, checkpoint);
      check_tips(commit, checkpoint);
      if (i > 0) {
        check_forward(commit, chain[i - 1].second, checkpoint);
      }
      if (signed_by_witness) {
        m_report.trusted.push_back(checkpoint);
      }
    }
    return std::move(m_report);
  }

private:
  void add(const std::string& commit, std::string rule, std::string message, std::string fix) {
    m_report.problems.push_back(Problem{commit, core::k_checkpoints_ref, std::move(rule), std::move(message), std::move(fix)});
  }

  bool present(const std::string& commit) const { return m_repo.read_raw(commit).has_value(); }

  // The chain oldest first, each checkpoint read from its commit; a commit that is not
  // a readable checkpoint is reported and left out.
  std::vector<std::pair<std::string, core::Checkpoint>> read_chain(const std::string& tip) {
    std::vector<std::string> commits;
    std::set<std::string> seen;
    for (std::optional<std::string> at = tip; at && seen.insert(*at).second;) {
      commits.push_back(*at);
      std::vector<std::string> parents = m_repo.parents(*at);
      if (parents.size() > 1) {
        add(*at, "checkpoint-not-linear",
            "checkpoint " + util::shorten(*at) + " has " + std::to_string(parents.size()) +
                " parents: the server's checkpoints must form one line, each on top of the one before",
            k_fix_server);
      }
      at = parents.empty() ? std::nullopt : std::optional(parents.front());
    }
    std::reverse(commits.begin(), commits.end());
    std::vector<std::pair<std::string, core::Checkpoint>> chain;
    for (const std::string& commit : commits) {
      auto text = m_repo.read_file_at(commit, core::k_checkpoint_file);
      auto parsed = text ? core::parse_checkpoint(*text) : util::Result<core::Checkpoint>::failure("it has no " + std::string(core::k_checkpoint_file));
      if (!parsed) {
        add(commit, "checkpoint-malformed", "checkpoint " + util::shorten(commit) + " cannot be read: " + parsed.error(),
            k_fix_server);
        continue;
      }
      chain.emplace_back(commit, *parsed);
    }
    return chain;
  }

  bool check_signer(const std::string& commit, const core::Checkpoint& checkpoint) {
    auto raw = m_repo.read_raw(commit);
    auto parsed = raw ? git::parse_raw_commit(raw->bytes) : util::Result<git::RawCommit>::failure("it is missing");
    if (!parsed || parsed->signature.empty()) {
      add(commit, "checkpoint-unsigned",
          "checkpoint " + util::shorten(commit) + " of " + checkpoint.at + " is not signed by the server's witness key" +
              (parsed ? "" : " (" + parsed.error() + ")"),
          k_fix_server);
      return false;
    }
    auto policy_tip = checkpoint.tips.find(m_policy_branch);
    if (policy_tip == checkpoint.tips.end()) {
      add(commit, "checkpoint-no-policy",
          "checkpoint " + util::shorten(commit) + " names no tip of " + m_policy_branch +
              ", so no policy says who may sign it",
          k_fix_server);
      return false;
    }
    if (!present(policy_tip->second)) {
      return false; // check_tips warns that it is not fetched
    }
    const PolicyState& state = m_policies.at(policy_tip->second);
    if (!state.policy) {
      add(commit, "checkpoint-no-policy",
          "checkpoint " + util::shorten(commit) + " names " + m_policy_branch + " at " +
              util::shorten(policy_tip->second) + ", which has no usable policy: " + state.problem,
          k_fix_server);
      return false;
    }
    gpg::SignatureCheck check = state.keyring->verify_detached(parsed->signed_payload, parsed->signature + "\n");
    const core::Person* signer =
        check.status == gpg::SignatureStatus::good ? state.policy->find_by_fingerprint(check.fingerprint) : nullptr;
    if (signer == nullptr || !core::holds_role(*signer, "witness") || signer->status != core::PersonStatus::active) {
      std::string who = signer != nullptr ? signer->id + " (who does not hold the witness role, or no longer signs)"
                        : check.status == gpg::SignatureStatus::good ? "key " + check.fingerprint + ", no person of the policy"
                        : check.status == gpg::SignatureStatus::bad  ? "a signature that does not match its content"
                                                                     : "a key the policy does not hold";
      add(commit, "checkpoint-not-witness",
          "checkpoint " + util::shorten(commit) + " of " + checkpoint.at + " is signed by " + who +
              ": only a person with the witness role in the policy may vouch for the server's time",
          "do not trust the times it vouches for. If it is the server's own key, an admin gives it the witness role "
          "(`git runbook keys add server <key-file> --roles witness`); otherwise someone else wrote the server's "
          "checkpoints: tell the server's admin");
      return false;
    }
    return true;
  }

  void check_tips(const std::string& commit, const core::Checkpoint& checkpoint) {
    for (const auto& named : checkpoint.tips) {
      const std::string& branch = named.first;
      const std::string& tip = named.second; // a plain reference: Clang 14 lambdas cannot capture bindings
      if (!m_checked_tips.emplace(branch, tip).second) {
        continue;
      }
      if (!present(tip)) {
        std::string warning = "checkpoint " + util::shorten(commit);
        warning.append(" names ").append(branch).append(" at ").append(util::shorten(tip));
        warning.append(", which this clone does not have yet: run `git runbook sync` (or `git fetch`) and verify again");
        m_report.warnings.push_back(std::move(warning));
        continue;
      }
      std::vector<std::string> copies = m_repo.remote_branches(branch);
      copies.insert(copies.begin(), "refs/heads/" + branch);
      bool held = std::any_of(copies.begin(), copies.end(), [&](const std::string& ref) {
        auto today = m_repo.resolve_ref(ref);
        return today && (*today == tip || m_repo.is_ancestor(tip, *today));
      });
      if (!held) {
        std::string message = "the server showed two histories: on " + checkpoint.at;
        message.append(" it vouched for ").append(branch).append(" at ").append(util::shorten(tip));
        message.append(", which is not in the history of ").append(branch).append(" here");
        add(commit, "two-histories", std::move(message), k_fix_server);
      }
    }
  }

  void check_forward(const std::string& commit, const core::Checkpoint& before, const core::Checkpoint& after) {
    auto is_ancestor = [this](const std::string& ancestor, const std::string& later) {
      return !present(ancestor) || !present(later) || m_repo.is_ancestor(ancestor, later);
    };
    for (const std::string& branch : core::rewound_branches(before, after, is_ancestor)) {
      add(commit, "server-rewound",
          "the server rewound " + branch + ": on " + after.at + " it no longer held what it held on " + before.at +
              (before.tips.count(branch) > 0 ? " (" + util::shorten(before.tips.at(branch)) + ")" : ""),
          k_fix_server);
    }
    auto earlier = core::utc_millis(before.at);
    auto later = core::utc_millis(after.at);
    if (earlier && later && *later < *earlier) {
      add(commit, "checkpoint-time",
          "the server's clock went back: checkpoint " + util::shorten(commit) + " says " + after.at +
              ", earlier than the one before it (" + before.at + ")",
          "the server's admin checks the server's clock (NTP); the windows around this checkpoint are not reliable");
    }
  }

  const git::Repository& m_repo;
  PolicyStore& m_policies;
  std::string m_policy_branch;
  std::set<std::pair<std::string, std::string>> m_checked_tips; // (branch, tip) pairs already checked
  WitnessedHistory m_report;
};

} // namespace

WitnessedHistory judge_checkpoints(const git::Repository& repo, PolicyStore& policies, const std::string& tip,
                                   const std::string& policy_branch) {
  return ChainJudge(repo, policies, policy_branch).run(tip);
}

std::map<std::string, core::ReceivedWindow> witnessed_windows(const git::Repository& repo,
                                                              const std::vector<core::Checkpoint>& trusted,
                                                              const std::string& log_tip) {
  std::vector<std::string> log = repo.first_parent_line(log_tip);
  std::reverse(log.begin(), log.end());
  std::vector<core::ReceivedWindow> windows = core::received_windows(log, trusted);
  std::map<std::string, core::ReceivedWindow> by_commit;
  for (std::size_t i = 0; i < log.size(); ++i) {
    by_commit.emplace(log[i], windows[i]);
  }
  return by_commit;
}

std::optional<core::Checkpoint> current_checkpoint(const git::Repository& repo, PolicyStore& policies,
                                                   const std::string& policy_branch, const std::string& now) {
  auto policy_tip = repo.resolve_ref("refs/heads/" + policy_branch);
  const PolicyState* state = policy_tip ? &policies.at(*policy_tip) : nullptr;
  if (state == nullptr || !state->policy) {
    return std::nullopt;
  }
  core::Checkpoint checkpoint;
  checkpoint.at = now;
  checkpoint.log_branch = state->policy->log_branch;
  std::vector<std::string> branches = state->policy->protected_branches;
  branches.push_back(state->policy->log_branch);
  for (const std::string& branch : branches) {
    if (auto tip = repo.resolve_ref("refs/heads/" + branch)) {
      checkpoint.tips.emplace(branch, *tip);
    }
  }
  return checkpoint;
}

} // namespace trust
