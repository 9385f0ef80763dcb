#include "gpg/signer_memo.hpp"

#include "gpg/gnupg_home.hpp"
#include "util/encoding.hpp"
#include "util/file.hpp"

#include <charconv>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sys/stat.h>

namespace gpg {

namespace {

constexpr std::string_view k_header = "git-runbook signing-key memo 1";

std::string file_state(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    return "-";
  }
  return std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + "/" +
         std::to_string(info.st_size);
}

// A hint as one line: "-" when absent, "=value" when present.
std::string hint_text(const std::optional<std::string>& hint) {
  return hint ? "=" + *hint : "-";
}

std::optional<std::optional<std::string>> hint_from(const std::string& text) {
  if (text == "-") {
    return std::optional<std::string>();
  }
  if (text.starts_with("=")) {
    return std::optional<std::string>(text.substr(1));
  }
  return std::nullopt;
}

std::optional<std::int64_t> number_from(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

bool is_hex(const std::string& text, std::size_t size) {
  return text.size() == size && util::is_hex(text, util::HexCase::upper);
}

std::map<std::string, std::string> fields_of(const SignerMemo& memo) {
  return {{"fingerprint", memo.fingerprint},
          {"name", memo.name},
          {"email", memo.email},
          {"signing-fingerprint", memo.signing_fingerprint},
          {"keygrip", memo.keygrip},
          {"public-key-algorithm", std::to_string(memo.public_key_algorithm)},
          {"hash-algorithm", std::to_string(memo.hash_algorithm)},
          {"agent-socket", memo.agent_socket},
          {"expires", std::to_string(memo.expires)},
          {"gnupg-home", memo.inputs.gnupg_home},
          {"hint-key", hint_text(memo.inputs.hints.explicit_key)},
          {"hint-signingkey", hint_text(memo.inputs.hints.configured_key)},
          {"hint-email", hint_text(memo.inputs.hints.user_email)},
          {"policy-blob", memo.inputs.policy_blob},
          {"keyring-state", memo.inputs.keyring_state}};
}

std::optional<SignerMemo> parse(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::size_t at = 0;
  bool header = true;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) {
      return std::nullopt; // cut short
    }
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (header) {
      if (line != k_header) {
        return std::nullopt;
      }
      header = false;
      continue;
    }
    std::size_t space = line.find(' ');
    if (space == std::string::npos ||
        !fields.emplace(line.substr(0, space), line.substr(space + 1)).second) {
      return std::nullopt;
    }
  }
  SignerMemo memo;
  if (fields.size() != fields_of(memo).size()) {
    return std::nullopt;
  }
  for (const auto& [key, value] : fields_of(memo)) {
    if (!fields.contains(key)) {
      return std::nullopt;
    }
  }
  memo.fingerprint = fields["fingerprint"];
  memo.name = fields["name"];
  memo.email = fields["email"];
  memo.signing_fingerprint = fields["signing-fingerprint"];
  memo.keygrip = fields["keygrip"];
  memo.agent_socket = fields["agent-socket"];
  memo.inputs.gnupg_home = fields["gnupg-home"];
  memo.inputs.policy_blob = fields["policy-blob"];
  memo.inputs.keyring_state = fields["keyring-state"];
  auto algorithm = number_from(fields["public-key-algorithm"]);
  auto hash = number_from(fields["hash-algorithm"]);
  auto expires = number_from(fields["expires"]);
  auto key = hint_from(fields["hint-key"]);
  auto signingkey = hint_from(fields["hint-signingkey"]);
  auto email = hint_from(fields["hint-email"]);
  if (!algorithm || !hash || !expires || !key || !signingkey || !email) {
    return std::nullopt;
  }
  memo.public_key_algorithm = static_cast<int>(*algorithm);
  memo.hash_algorithm = static_cast<int>(*hash);
  memo.expires = *expires;
  memo.inputs.hints = {*key, *signingkey, *email};
  return memo;
}

} // namespace

bool same_inputs(const SignerMemoInputs& a, const SignerMemoInputs& b) {
  return a.gnupg_home == b.gnupg_home && a.hints.explicit_key == b.hints.explicit_key &&
         a.hints.configured_key == b.hints.configured_key &&
         a.hints.user_email == b.hints.user_email && a.policy_blob == b.policy_blob &&
         a.keyring_state == b.keyring_state;
}

SignerMemoInputs current_memo_inputs(const core::KeyHints& hints, const std::string& policy_blob) {
  SignerMemoInputs inputs;
  const char* home_variable = std::getenv("GNUPGHOME");
  inputs.gnupg_home = home_variable != nullptr ? home_variable : "";
  inputs.hints = hints;
  inputs.policy_blob = policy_blob;
  std::filesystem::path home = gnupg_home();
  for (const char* name : {"pubring.kbx", "pubring.gpg", "gpg.conf", "private-keys-v1.d"}) {
    inputs.keyring_state += std::string(name) + ":" + file_state(home / name) + ";";
  }
  return inputs;
}

std::filesystem::path signer_memo_file(const std::filesystem::path& git_dir) {
  return git_dir / "runbook" / "signing-key";
}

std::optional<SignerMemo> read_signer_memo(const std::filesystem::path& file,
                                           const SignerMemoInputs& now) {
  std::optional<std::string> text;
  try {
    text = util::read_file(file);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::optional<SignerMemo> memo = text ? parse(*text) : std::nullopt;
  if (!memo || !same_inputs(memo->inputs, now) || !is_hex(memo->fingerprint, 40) ||
      !is_hex(memo->signing_fingerprint, 40) || !is_hex(memo->keygrip, 40) ||
      memo->agent_socket.empty() ||
      memo->signing_fingerprint != memo->fingerprint) { // signing subkeys: not yet
    return std::nullopt;
  }
  bool known_algorithm = memo->public_key_algorithm == 1 || memo->public_key_algorithm == 22;
  bool known_hash =
      memo->hash_algorithm >= 8 && memo->hash_algorithm <= 11; // SHA-256, -384, -512, -224
  if (!known_algorithm || !known_hash ||
      (memo->expires != 0 && memo->expires <= std::time(nullptr))) {
    return std::nullopt;
  }
  return memo;
}

void write_signer_memo(const std::filesystem::path& file, const SignerMemo& memo) {
  std::string text = std::string(k_header) + "\n";
  for (const auto& [key, value] : fields_of(memo)) {
    if (value.find_first_of("\r\n") != std::string::npos) {
      return; // a value that cannot be written on one line: no memo
    }
    text.append(key).append(" ").append(value).append("\n");
  }
  try {
    util::write_file_atomic(file, text);
  } catch (const std::exception&) {
    // A memo only saves time; without one the next command chooses the slow way.
  }
}

void drop_signer_memo(const std::filesystem::path& file) {
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
}

} // namespace gpg
