#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace git {

// A commit object as its raw bytes say, parsed strictly by us rather than by libgit2
// (whose signature extraction looks past the header section, DESIGN §10).
struct RawCommit {
  std::string tree;                 // 40 hex digits
  std::vector<std::string> parents; // 40 hex digits each, in order
  std::string author;               // the header's value, e.g. "A U Thor <a@x> 1700000000 +0000"
  std::string committer;
  std::string signature;      // the armored gpgsig value with its line breaks; empty if unsigned
  std::string signed_payload; // the object without the gpgsig header: the bytes that were signed
  std::string message;        // everything after the first empty line
};

// Parses a commit object's bytes (without the "commit <size>\0" prefix). Refuses, with
// a reason in plain words, anything Git itself would not write or that could hide a
// second signature: a NUL byte, a missing or repeated tree/author/committer, headers out
// of order, unknown headers, more than one gpgsig, a gpgsig-sha256 header, a
// continuation line that belongs to no header, a signature that is not one armored
// OpenPGP block, an armored signature in the message, or no empty line after the headers.
util::Result<RawCommit> parse_raw_commit(std::string_view object);

} // namespace git
