#include "trust/protected_copies.hpp"

#include <algorithm>
#include <set>

namespace trust {

namespace {

constexpr std::size_t k_remotes_prefix = 13; // "refs/remotes/"

// The remote a remote-tracking ref of `branch` belongs to.
std::string remote_of(const std::string& ref, const std::string& branch) {
  return ref.substr(k_remotes_prefix, ref.size() - k_remotes_prefix - branch.size() - 1);
}

} // namespace

std::vector<std::pair<std::string, std::string>> protected_copies(const git::Repository& repo,
                                                                  const std::string& branch) {
  std::vector<std::pair<std::string, std::string>> copies;
  std::string local = "refs/heads/" + branch;
  if (auto tip = repo.resolve_ref(local)) {
    copies.emplace_back(local, *tip);
  }
  std::vector<std::string> remote = repo.remote_branches(branch);
  // origin first, the others by name: the same order on every machine.
  std::sort(remote.begin(), remote.end(), [&](const std::string& a, const std::string& b) {
    bool a_origin = remote_of(a, branch) == "origin";
    bool b_origin = remote_of(b, branch) == "origin";
    return a_origin != b_origin ? a_origin : a < b;
  });
  for (const std::string& ref : remote) {
    if (auto tip = repo.resolve_ref(ref)) {
      copies.emplace_back(ref, *tip);
    }
  }
  return copies;
}

std::string fetch_command(const git::Repository& repo, const std::vector<std::string>& branches) {
  std::set<std::string> remotes;
  std::string first;
  for (const std::string& branch : branches) {
    for (const std::string& ref : repo.remote_branches(branch)) {
      std::string remote = remote_of(ref, branch);
      first = first.empty() ? remote : first;
      remotes.insert(remote);
    }
  }
  if (remotes.count("origin") > 0) {
    return "git fetch origin";
  }
  return "git fetch " + (first.empty() ? std::string("<remote>") : first);
}

const std::vector<std::string>& PublishingCommits::line_of(const std::string& tip) {
  auto known = m_lines.find(tip);
  if (known != m_lines.end()) {
    return known->second;
  }
  std::vector<std::string> line = m_repo.first_parent_line(tip);
  std::reverse(line.begin(), line.end());
  return m_lines[tip] = std::move(line);
}

std::optional<std::string> PublishingCommits::find(const std::string& path,
                                                   const std::string& blob) {
  auto known = m_found.find({path, blob});
  if (known != m_found.end()) {
    return known->second;
  }
  auto holds = [&](const std::string& commit) {
    auto entry = m_repo.entry_at(commit, path);
    return entry && entry->id == blob;
  };
  std::optional<std::string> found;
  for (const std::string& tip : m_tips) {
    if (!holds(tip)) {
      continue;
    }
    // A published version never changes nor goes (the protected branch's rules), so
    // along the line the file is absent, then holds the blob to the tip: the first
    // commit that holds it is found by halving.
    const std::vector<std::string>& line = line_of(tip);
    std::size_t low = 0;
    std::size_t high = line.size() - 1;
    while (low < high) {
      std::size_t middle = low + (high - low) / 2;
      if (holds(line[middle])) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    found = line[low];
    break;
  }
  return m_found[{path, blob}] = found;
}

} // namespace trust
