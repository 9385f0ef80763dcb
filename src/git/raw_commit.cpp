#include "git/raw_commit.hpp"

#include "util/text.hpp"

#include <optional>

namespace git {

namespace {

constexpr std::string_view k_begin_signature = "-----BEGIN PGP SIGNATURE-----";
constexpr std::string_view k_end_signature = "-----END PGP SIGNATURE-----";

bool is_object_id(std::string_view text) {
  if (text.size() != 40) {
    return false;
  }
  for (char c : text) {
    bool digit = c >= '0' && c <= '9';
    bool lower_hex = c >= 'a' && c <= 'f';
    if (!digit && !lower_hex) {
      return false;
    }
  }
  return true;
}

// One header: its name, its value (continuation lines joined with '\n'), and where its
// bytes start and end in the object, so that the gpgsig header can be cut out exactly.
struct Header {
  std::string name;
  std::string value;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool multi_line = false;
};

util::Result<RawCommit> fail(std::string reason) {
  return util::Result<RawCommit>::failure(std::move(reason));
}

// Checks that a signature is exactly one armored block with nothing around it: its
// first line is the BEGIN line, its last line the END line, and neither appears again.
std::optional<std::string> check_signature_armor(std::string_view signature) {
  std::string_view rest = signature;
  if (!rest.empty() && rest.back() == '\n') {
    rest.remove_suffix(1);
  }
  std::size_t first_break = rest.find('\n');
  std::size_t last_break = rest.rfind('\n');
  if (first_break == std::string_view::npos) {
    first_break = rest.size();
    last_break = rest.size();
  }
  if (rest.substr(0, first_break) != k_begin_signature) {
    return "its first line is not \"" + std::string(k_begin_signature) + "\"";
  }
  if (last_break == rest.size() || rest.substr(last_break + 1) != k_end_signature) {
    return "its last line is not \"" + std::string(k_end_signature) + "\"";
  }
  std::string_view body = rest.substr(first_break, last_break - first_break);
  if (body.find("-----") != std::string_view::npos) {
    return "it holds more than one armored block, or text around its block";
  }
  return std::nullopt;
}

} // namespace

util::Result<RawCommit> parse_raw_commit(std::string_view object) {
  if (object.find('\0') != std::string_view::npos) {
    return fail("the commit contains a NUL byte");
  }
  std::size_t header_end = object.find("\n\n");
  if (util::starts_with(object, "\n")) {
    return fail("the commit has no headers");
  }
  if (header_end == std::string_view::npos) {
    return fail("the commit has no empty line between its headers and its message");
  }
  std::string_view section = object.substr(0, header_end + 1); // headers with their final '\n'

  std::vector<Header> headers;
  std::size_t pos = 0;
  while (pos < section.size()) {
    std::size_t line_end = section.find('\n', pos);
    std::string_view line = section.substr(pos, line_end - pos);
    if (line.front() == ' ') {
      if (headers.empty()) {
        return fail("the commit has a continuation line that belongs to no header");
      }
      headers.back().multi_line = true;
      headers.back().value += '\n';
      headers.back().value += line.substr(1);
      headers.back().end = line_end + 1;
    } else {
      std::size_t space = line.find(' ');
      if (space == std::string_view::npos || space == 0) {
        return fail("the commit has a header line without a name and a value: \"" +
                    std::string(line.substr(0, 60)) + "\"");
      }
      headers.push_back(
          Header{std::string(line.substr(0, space)), std::string(line.substr(space + 1)), pos, line_end + 1});
    }
    pos = line_end + 1;
  }

  RawCommit commit;
  enum class Stage { tree, parents, author, committer, extras };
  Stage stage = Stage::tree;
  const Header* signature_header = nullptr;
  bool seen_encoding = false;
  for (const Header& header : headers) {
    const std::string& name = header.name;
    bool may_span_lines = name == "gpgsig" || name == "mergetag" || name == "gpgsig-sha256";
    if (header.multi_line && !may_span_lines && (stage != Stage::extras || name == "encoding")) {
      return fail("the commit has a continuation line after its \"" + name +
                  "\" header, which is one line only");
    }
    if (stage == Stage::tree) {
      if (name != "tree") {
        return fail("the commit does not start with its tree");
      }
      if (!is_object_id(header.value)) {
        return fail("the commit's tree is not a 40-digit object id");
      }
      commit.tree = header.value;
      stage = Stage::parents;
      continue;
    }
    if (stage == Stage::parents && name == "parent") {
      if (!is_object_id(header.value)) {
        return fail("the commit has a parent that is not a 40-digit object id");
      }
      commit.parents.push_back(header.value);
      continue;
    }
    if (stage == Stage::parents) {
      if (name != "author") {
        return fail(name == "tree" ? "the commit's \"tree\" header is out of place"
                                   : "the commit has no author after its tree and parents");
      }
      commit.author = header.value;
      stage = Stage::committer;
      continue;
    }
    if (stage == Stage::committer) {
      if (name != "committer") {
        return fail(name == "author" || name == "parent" || name == "tree"
                        ? "the commit's \"" + name + "\" header is out of place or repeated"
                        : "the commit has no committer after its author");
      }
      commit.committer = header.value;
      stage = Stage::extras;
      continue;
    }
    // Headers Git writes after the committer. Anything else, or a repeat of the fixed
    // ones, is refused: it could be used to smuggle in data that tools read differently.
    if (name == "gpgsig") {
      if (signature_header != nullptr) {
        return fail("the commit has more than one gpgsig header");
      }
      signature_header = &header;
    } else if (name == "gpgsig-sha256") {
      return fail("the commit has a gpgsig-sha256 header, a second signature");
    } else if (name == "tree" || name == "parent" || name == "author" || name == "committer") {
      return fail("the commit's \"" + name + "\" header is out of place or repeated");
    } else if (name == "encoding") {
      if (seen_encoding) {
        return fail("the commit has more than one encoding header");
      }
      seen_encoding = true;
    } else if (name == "mergetag") {
      // Written by Git: the signed tag of a merged parent.
    } else {
      return fail("the commit has a header Git does not write: \"" + name + "\"");
    }
  }
  if (stage != Stage::extras) {
    return fail(stage == Stage::tree        ? "the commit has no tree"
                : stage == Stage::committer ? "the commit has no committer"
                                            : "the commit has no author");
  }

  commit.message = std::string(object.substr(header_end + 2));
  if (commit.message.find(k_begin_signature) != std::string::npos) {
    return fail("the commit's message holds an armored signature");
  }
  if (signature_header != nullptr) {
    commit.signature = signature_header->value;
    if (auto problem = check_signature_armor(commit.signature)) {
      return fail("the commit's gpgsig header is malformed: " + *problem);
    }
    commit.signed_payload = std::string(object.substr(0, signature_header->begin));
    commit.signed_payload += object.substr(signature_header->end);
  } else {
    commit.signed_payload = std::string(object);
  }
  return commit;
}

} // namespace git
