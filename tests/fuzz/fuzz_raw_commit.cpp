// Fuzzes the raw commit parser and its signature extraction (git/raw_commit), and the
// raw tree parser (git/raw_tree) on the same bytes: any bytes give a commit or a tree,
// or a reason, never a crash, and what it gives holds together.

#include "fuzz/fuzz_check.hpp"

#include "git/raw_commit.hpp"
#include "git/raw_tree.hpp"

#include <set>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view object = fuzz::as_text(data, size);
  if (auto tree = git::parse_raw_tree(object)) {
    std::set<std::string> names;
    for (const git::RawTreeEntry& entry : *tree) {
      fuzz::require(entry.id.size() == 40 && !entry.name.empty(), "a tree entry has a name and an object id");
      fuzz::require(names.insert(entry.name).second, "a tree read as sound holds no name twice");
    }
  } else {
    fuzz::require(!tree.error().empty(), "a refused tree comes with a reason");
  }
  auto parsed = git::parse_raw_commit(object);
  if (!parsed) {
    fuzz::require(!parsed.error().empty(), "a refused commit comes with a reason");
    return 0;
  }
  const git::RawCommit& commit = *parsed;
  fuzz::require(commit.tree.size() == 40, "the tree is an object id");
  fuzz::require(object.ends_with(commit.message), "the message is the end of the object");
  if (commit.signature.empty()) {
    fuzz::require(commit.signed_payload == object,
                  "an unsigned commit's payload is the whole object");
    return 0;
  }
  // Cutting the signature out must leave the same commit, unsigned: otherwise the
  // bytes that were verified are not the commit that is judged.
  fuzz::require(commit.signed_payload.size() < object.size(),
                "the payload is shorter than the signed object");
  auto payload = git::parse_raw_commit(commit.signed_payload);
  fuzz::require(payload.ok(), "the signed payload parses");
  fuzz::require(payload->signature.empty(), "the signed payload has no signature left");
  fuzz::require(payload->tree == commit.tree && payload->parents == commit.parents &&
                    payload->author == commit.author && payload->committer == commit.committer &&
                    payload->message == commit.message,
                "the signed payload is the same commit");
  return 0;
}
