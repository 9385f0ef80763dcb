#include "git/remote.hpp"

#include "git/check.hpp"
#include "util/callback_guard.hpp"
#include "util/error.hpp"

#include <cstdlib>
#include <filesystem>

namespace git {

namespace {

using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote_free>>;

struct CallbackState {
  int credential_attempts = 0;
  std::string rejection; // set by the push status callback
  std::string server_says; // what the server printed (its hooks' messages)
  util::CallbackGuard guard; // what a callback threw, rethrown once libgit2 returns
};

// Collects what the server prints ("remote: …" lines).
int server_message(const char* text, int length, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  return state->guard.run(GIT_EUSER, [&] {
    state->server_says.append(text, static_cast<std::size_t>(length));
    return 0;
  });
}

// The server's words, without git's noise: the lines its hook printed.
std::string hook_words(const std::string& said) {
  std::string words;
  std::size_t at = 0;
  while (at < said.size()) {
    std::size_t end = said.find_first_of("\r\n", at);
    std::string line = said.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? said.size() : end + 1;
    if (!line.empty()) {
      words += line;
      words += '\n';
    }
  }
  return words;
}

int credentials(git_credential** out, const char* /*url*/, const char* username, unsigned int allowed, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  return state->guard.run(GIT_EUSER, [&] {
    const char* user = username != nullptr ? username : "git";
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) == 0) {
      return static_cast<int>(GIT_PASSTHROUGH);
    }
    ++state->credential_attempts;
    if (state->credential_attempts == 1 && std::getenv("SSH_AUTH_SOCK") != nullptr) {
      return git_credential_ssh_key_from_agent(out, user);
    }
    const char* home = std::getenv("HOME");
    if (home != nullptr && state->credential_attempts <= 3) {
      for (const char* name : {"id_ed25519", "id_rsa"}) {
        std::filesystem::path key = std::filesystem::path(home) / ".ssh" / name;
        std::filesystem::path pub = key;
        pub += ".pub";
        if (std::filesystem::exists(key) && std::filesystem::exists(pub)) {
          return git_credential_ssh_key_new(out, user, pub.c_str(), key.c_str(), nullptr);
        }
      }
    }
    return static_cast<int>(GIT_EUSER); // give up rather than loop
  });
}

int push_status(const char* refname, const char* status, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  return state->guard.run(GIT_EUSER, [&] {
    if (status != nullptr) {
      state->rejection = std::string(refname) + ": " + status;
    }
    return 0;
  });
}

RemotePtr open_remote(Repository& repo, const std::string& remote) {
  RemotePtr handle;
  int rc = git_remote_lookup(out(handle), repo.get(), remote.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    throw util::EnvironmentError("this repository has no remote \"" + remote + "\". `git remote -v` lists the "
                                 "remotes; add one with `git remote add " + remote + " <url>`.");
  }
  check(rc, "reading the remote " + remote);
  return handle;
}

git_remote_callbacks callbacks_for(CallbackState& state) {
  git_remote_callbacks callbacks;
  git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
  callbacks.credentials = credentials;
  callbacks.push_update_reference = push_status;
  callbacks.sideband_progress = server_message;
  callbacks.payload = &state;
  return callbacks;
}

} // namespace

bool is_local_remote(Repository& repo, const std::string& remote) {
  RemotePtr handle;
  if (git_remote_lookup(out(handle), repo.get(), remote.c_str()) < 0) {
    git_error_clear();
    return false;
  }
  const char* url = git_remote_pushurl(handle.get()) != nullptr ? git_remote_pushurl(handle.get())
                                                                 : git_remote_url(handle.get());
  std::string text = url != nullptr ? url : "";
  if (text.rfind("file://", 0) == 0) {
    return true;
  }
  // scp-like "host:path" and "scheme://" are network remotes; anything else is a path.
  std::size_t colon = text.find(':');
  std::size_t slash = text.find('/');
  return !text.empty() && (colon == std::string::npos || (slash != std::string::npos && slash < colon));
}

std::optional<std::string> fetch_branch(Repository& repo, const std::string& remote, const std::string& branch) {
  return fetch_branches(repo, remote, {branch}).at(branch);
}

std::map<std::string, std::optional<std::string>> fetch_branches(Repository& repo,
                                                                 const std::string& remote,
                                                                 const std::vector<std::string>& branches) {
  std::vector<std::pair<std::string, std::string>> refs;
  refs.reserve(branches.size());
  for (const std::string& branch : branches) {
    std::string tracking = "refs/remotes/" + remote;
    tracking += "/";
    tracking += branch;
    refs.emplace_back("refs/heads/" + branch, std::move(tracking));
  }
  std::map<std::string, std::optional<std::string>> by_ref = fetch_refs(repo, remote, refs);
  std::map<std::string, std::optional<std::string>> tips;
  for (const std::string& branch : branches) {
    tips[branch] = by_ref.at("refs/heads/" + branch);
  }
  return tips;
}

std::map<std::string, std::optional<std::string>> fetch_refs(
    Repository& repo, const std::string& remote, const std::vector<std::pair<std::string, std::string>>& refs) {
  RemotePtr handle = open_remote(repo, remote);
  CallbackState state;
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.callbacks = callbacks_for(state);
  options.update_fetchhead = 0; // unused here; a killed sync would leave FETCH_HEAD.lock behind
  std::vector<std::string> specs;
  specs.reserve(refs.size());
  for (const auto& [theirs, ours] : refs) {
    std::string spec = "+" + theirs;
    spec += ":";
    spec += ours;
    specs.push_back(std::move(spec));
  }
  std::vector<char*> pointers;
  pointers.reserve(specs.size());
  for (std::string& spec : specs) {
    pointers.push_back(spec.data());
  }
  git_strarray refspecs{pointers.data(), pointers.size()};
  int rc = git_remote_fetch(handle.get(), &refspecs, &options, "git-runbook sync: fetch");
  state.guard.rethrow();
  if (rc < 0) {
    std::string message = last_error_message();
    if (rc == GIT_ELOCKED || message.find("No space left") != std::string::npos ||
        message.find("Disk quota") != std::string::npos) {
      check(rc, "fetching from " + remote); // this side's trouble: check says what to do about it
    }
    throw util::EnvironmentError("could not fetch from " + remote + ": " + message + ". Check your network and "
                                 "access (`git fetch " + remote + "`); nothing was changed.");
  }
  // A ref the remote does not have leaves no local ref, or a stale one from before: ask
  // the remote's advertised refs.
  const git_remote_head** heads = nullptr;
  std::size_t count = 0;
  check(git_remote_ls(&heads, &count, handle.get()), "listing the branches of " + remote);
  std::map<std::string, std::optional<std::string>> tips;
  for (const auto& [theirs, ours] : refs) {
    tips[theirs] = std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
      if (theirs == heads[i]->name) {
        tips[theirs] = to_hex(heads[i]->oid);
      }
    }
  }
  return tips;
}

bool push_ref(Repository& repo, const std::string& remote, const std::string& source, const std::string& branch,
              std::string* server_says) {
  RemotePtr handle = open_remote(repo, remote);
  CallbackState state;
  git_push_options options;
  git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
  options.callbacks = callbacks_for(state);
  std::string spec = source + ":refs/heads/" + branch;
  char* specs[] = {spec.data()};
  git_strarray refspecs{specs, 1};
  // git_remote_push is these two steps; apart, a failure after the server took the
  // records is not reported as if it had not.
  int rc = git_remote_upload(handle.get(), &refspecs, &options);
  state.guard.rethrow();
  if (server_says != nullptr) {
    *server_says = hook_words(state.server_says);
  }
  if (rc >= 0 && state.rejection.empty()) {
    // Only the remote-tracking ref (refs/remotes/…) is left: a note of what the server
    // holds, which the next fetch rewrites. The server has the records either way.
    if (git_remote_update_tips(handle.get(), &options.callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_UNSPECIFIED, nullptr) < 0) {
      git_error_clear();
    }
    state.guard.rethrow();
  }
  if (rc < 0) {
    std::string message = last_error_message();
    git_error_clear();
    if (message.find("non-fast-forward") != std::string::npos || message.find("fetch first") != std::string::npos) {
      return false;
    }
    throw util::EnvironmentError("could not push to " + remote + ": " + message + ". Nothing on " + remote +
                                 " was changed; your records are kept here. Try `git runbook sync` again later.");
  }
  if (!state.rejection.empty()) {
    if (state.rejection.find("fetch first") != std::string::npos ||
        state.rejection.find("non-fast-forward") != std::string::npos) {
      return false;
    }
    if (state.rejection.find(".lock'") != std::string::npos) {
      // The local transport (a path or file:// URL) updates the remote in this process:
      // killed there, it leaves the remote's lock behind as it would leave ours.
      throw util::EnvironmentError("the remote " + remote + " could not move its branch: " + state.rejection +
                                   ". If no other push to it is running, an interrupted push left that lock file "
                                   "behind: remove it (on the machine that holds " + remote + ") and run `git runbook "
                                   "sync` again. Your records are kept here.");
    }
    std::string words = hook_words(state.server_says);
    throw PushRefused("the server refused the push (" + state.rejection + ")" +
                      (words.empty() ? std::string(".") : ". It said:\n" + words));
  }
  return true;
}

} // namespace git
