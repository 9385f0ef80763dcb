#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "trust/commit_judge.hpp"
#include "trust/policy_store.hpp"
#include "trust/problem.hpp"

namespace trust {

// Where a walk found a commit: on the protected branch's own line of history (its
// first-parent chain), or brought in by one of its merges or pushed to a review
// branch or tag (a review commit).
struct CommitPlace {
  std::string ref;
  bool mainline = false;
};

// The one judge (DESIGN §8) of the commits of protected branches and of the review
// commits they bring: which checks a commit gets, which parent's policy authorizes it,
// what its changes are measured against, and which versions count as published. The
// server hook's walk (only what a push brings) and `verify`'s walk (all history from
// the trust root) hand it each commit, parents first, so the two cannot disagree.
//
// The rules, for a commit C with first parent P:
// - C is authorized by P's policy only (the trust root by its own), and its changes
//   are measured against P: a policy that another parent brings back is a change that
//   needs an admin of P's policy. P must descend from the trust root and be judged.
// - Its files must be valid (file_problems) and keep the append-only rules against P,
//   where the published versions are P's files for a mainline commit, and for a review
//   commit those of the mainline commit its first-parent chain forks from.
// - Nothing its signer signs counts once the signer is retired or the key revoked on
//   the protected branch, unless it is part of the history before that (finish()).
class HistoryJudge {
public:
  // Whether a commit that the walk does not hand over was judged before (the hook:
  // what the server held before the push), and if so the mainline commit whose
  // versions are published for its descendants; nullopt: it may not judge.
  using HeldFork = std::function<std::optional<std::string>(const std::string& commit)>;

  HistoryJudge(const git::Repository& repo, PolicyStore& policies, CommitJudge& signatures, std::string trust_root);

  void set_held_fork(HeldFork held) { m_held = std::move(held); }

  // The people retired or revoked in the policy of `commit` sign nothing new after it
  // (the hook: the server's protected tip; `verify` finds each change as it walks).
  void cut_at(const std::string& commit);

  // Every check of one commit. Returns its problems and its signer.
  Verdict judge(const std::string& commit, const CommitPlace& place);

  // A commit found sound before (`verify`'s cache), signed by `signer` ("-" for none):
  // what later checks need of it, without checking it again.
  void remember(const std::string& commit, const CommitPlace& place, const std::string& signer);

  // Whether a commit was handed over and may judge its children.
  bool judged(const std::string& commit) const { return m_forks.count(commit) > 0; }

  // What only the whole walk shows: commits signed after their signer was retired or
  // the key revoked, that are not part of the history before that.
  [[nodiscard]] std::vector<Problem> finish();

  // The append-only problems of `commit` against `parent`, with the versions of
  // `published_at` counting as published.
  [[nodiscard]] std::vector<Problem> version_problems(const std::string& commit,
                                        const std::string& parent,
                                        const std::string& published_at);

private:
  std::optional<std::string> fork_of(const std::string& commit);
  void note_cuts(const std::string& commit, const std::optional<std::string>& first_parent);
  [[nodiscard]] std::vector<Problem> policy_state_problems(const std::string& commit,
                                             const std::optional<std::string>& first_parent,
                                             const std::vector<Problem>& found);

  struct Signed {
    std::string commit;
    std::string ref;
  };
  struct Cut {
    std::string commit;
    std::string person;
    bool revoked = false;
    bool lifted = false; // a retired person back in the team from this commit on
  };

  const git::Repository& m_repo;
  PolicyStore& m_policies;
  CommitJudge& m_signatures;
  std::string m_trust_root;
  HeldFork m_held;
  std::map<std::string, std::string> m_forks;              // judged commit -> its fork (itself on the line)
  std::map<std::string, std::vector<Signed>> m_signed_by;  // fingerprint -> sound commits it signed
  std::map<std::string, std::vector<Cut>> m_cuts;          // fingerprint -> where it was cut off
};

} // namespace trust
