#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "git/repository.hpp"
#include "util/result.hpp"

namespace git {

// A ref of a bundle: its full name ("refs/heads/main") and the commit it points at.
using BundleRef = std::pair<std::string, std::string>;

// What a bundle's header says: its refs, in order, and where its packfile starts.
struct BundleHeader {
  std::vector<BundleRef> refs;
  std::size_t pack_offset = 0;
};

// A Git bundle (v2, as `git bundle create` writes and `git clone`/`git bundle verify`
// read): the header naming `refs`, then one packfile made by libgit2's packbuilder with
// every object reachable from them, so the bundle needs nothing else. A "HEAD" line
// names the first ref's commit, so that `git clone` checks that branch out. Throws
// util::EnvironmentError when an object cannot be read.
std::string write_bundle(const Repository& repo, const std::vector<BundleRef>& refs);

// The header of a v2 bundle, strictly: refs under refs/ with valid names, each once;
// no prerequisites (a bundle that needs other history is not self-contained); an
// optional HEAD line. The failure says what is wrong, in plain words.
util::Result<BundleHeader> read_bundle_header(std::string_view bundle);

// Makes a bare repository in `folder` (which must be empty or missing) holding the
// bundle's objects, checked by libgit2's indexer, and its refs; HEAD names the first
// refs/heads/ ref. Throws util::RuleError when the bundle is damaged or lacks a commit
// its refs reach.
Repository unpack_bundle(std::string_view bundle, const std::filesystem::path& folder);

} // namespace git
