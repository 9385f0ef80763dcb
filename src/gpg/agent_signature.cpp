#include "gpg/agent_signature.hpp"

#include "gpg/agent_conversation.hpp"
#include "gpg/bounded_operation.hpp"
#include "gpg/gcrypt_handles.hpp"
#include "gpg/openpgp.hpp"
#include "gpg/openpgp_writer.hpp"
#include "util/encoding.hpp"

#include <ctime>
#include <vector>

namespace gpg {

namespace {

std::optional<std::string> digest_of(int algorithm, const std::vector<std::string_view>& parts) {
  gcry_md_hd_t raw = nullptr;
  if (gcry_md_open(&raw, algorithm, 0) != 0) {
    return std::nullopt;
  }
  MdPtr md(raw);
  for (std::string_view part : parts) {
    gcry_md_write(md.get(), part.data(), part.size());
  }
  const unsigned char* digest = gcry_md_read(md.get(), algorithm);
  if (digest == nullptr) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(digest), gcry_md_get_algo_dlen(algorithm));
}

// The octets of the sub-list `(name value)` inside `sexp`.
std::optional<std::string> value_of(gcry_sexp_t sexp, const char* name) {
  SexpPtr item(gcry_sexp_find_token(sexp, name, 0));
  if (!item) {
    return std::nullopt;
  }
  std::size_t size = 0;
  const char* data = gcry_sexp_nth_data(item.get(), 1, &size);
  if (data == nullptr || size == 0) {
    return std::nullopt;
  }
  return std::string(data, size);
}

// The algorithm's values in the agent's answer: "(sig-val(eddsa(r …)(s …)))" or
// "(sig-val(rsa(s …)))".
std::optional<std::vector<std::string>> signature_values(const std::string& answer, int algorithm) {
  gcry_sexp_t raw = nullptr;
  if (gcry_sexp_sscan(&raw, nullptr, answer.data(), answer.size()) != 0) {
    return std::nullopt;
  }
  SexpPtr whole(raw);
  SexpPtr sig_val(gcry_sexp_find_token(whole.get(), "sig-val", 0));
  const char* kind = algorithm == openpgp::k_eddsa ? "eddsa" : "rsa";
  SexpPtr values(sig_val ? gcry_sexp_find_token(sig_val.get(), kind, 0) : nullptr);
  if (!values) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const char* name : algorithm == openpgp::k_eddsa ? std::vector<const char*>{"r", "s"}
                                                        : std::vector<const char*>{"s"}) {
    std::optional<std::string> value = value_of(values.get(), name);
    if (!value) {
      return std::nullopt;
    }
    out.push_back(std::move(*value));
  }
  return out;
}

std::string description_for(const SignerMemo& memo) {
  return "Please enter the passphrase to unlock the OpenPGP secret key:\n\"" + memo.name + " <" +
         memo.email + ">\"\nto sign a git-runbook record (key " + memo.fingerprint + ").\n";
}

} // namespace

std::optional<std::string> agent_signed_packet(const SignerMemo& memo,
                                               std::string_view hashed_part,
                                               std::string_view unhashed_area,
                                               std::string_view payload) {
  initialise_gcrypt();
  std::string trailer = openpgp::signature_trailer(hashed_part);
  std::optional<std::string> digest =
      digest_of(memo.hash_algorithm, {payload, hashed_part, trailer});
  if (!digest) {
    return std::nullopt;
  }
  DigestToSign request{memo.agent_socket,
                       memo.signing_fingerprint,
                       memo.keygrip,
                       memo.hash_algorithm,
                       *digest,
                       description_for(memo)};
  auto deadline = std::chrono::steady_clock::now() + operation_timeout();
  std::optional<std::string> answer = ask_agent_to_sign(request, deadline);
  auto values = answer ? signature_values(*answer, memo.public_key_algorithm) : std::nullopt;
  if (!values) {
    return std::nullopt;
  }
  return openpgp::armor_signature(
      openpgp::signature_packet(hashed_part, unhashed_area, *digest, *values));
}

std::optional<std::string> unchecked_agent_signature(const SignerMemo& memo,
                                                     const CheckableKey& key,
                                                     std::string_view payload) {
  std::optional<std::string> issuer = util::hex_decode(memo.signing_fingerprint);
  if (!issuer || issuer->size() != 20 || key.fingerprint != memo.signing_fingerprint ||
      key.algorithm != memo.public_key_algorithm) {
    return std::nullopt;
  }
  auto created = static_cast<std::uint32_t>(std::time(nullptr));
  std::string hashed = openpgp::binary_signature_hashed_part(
      memo.public_key_algorithm, memo.hash_algorithm, *issuer, created);
  std::string unhashed =
      openpgp::subpacket(openpgp::k_subpacket_issuer, std::string_view(*issuer).substr(12));
  return agent_signed_packet(memo, hashed, unhashed, payload);
}

bool signature_checks_out(const CheckableKey& key,
                          const std::string& armored,
                          std::string_view payload) {
  std::string storage;
  std::optional<openpgp::Signature> parsed = single_signature(armored, storage);
  return parsed && check_signature(key, *parsed, payload) == MathVerdict::good;
}

std::optional<std::string>
agent_signature(const SignerMemo& memo, const CheckableKey& key, std::string_view payload) {
  std::optional<std::string> armored = unchecked_agent_signature(memo, key, payload);
  if (!armored || !signature_checks_out(key, *armored, payload)) {
    return std::nullopt;
  }
  return armored;
}

} // namespace gpg
