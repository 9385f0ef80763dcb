#include "core/key_choice.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace core {

namespace {

using Choice = util::Result<std::string>;

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Does a key match a user's key specification: a fingerprint or key id (with or
// without 0x, a trailing '!'), or an e-mail address (with or without <>)?
bool matches(const SecretKey& key, std::string spec) {
  spec = std::string(util::trim(spec));
  if (!spec.empty() && spec.back() == '!') {
    spec.pop_back();
  }
  if (util::starts_with(spec, "0x") || util::starts_with(spec, "0X")) {
    spec = spec.substr(2);
  }
  if (is_hex(spec) && spec.size() >= 8) {
    std::string upper = util::to_upper(spec);
    if (ends_with(key.fingerprint, upper)) {
      return true;
    }
    return std::any_of(key.subkey_fingerprints.begin(), key.subkey_fingerprints.end(),
                       [&](const std::string& fpr) { return ends_with(fpr, upper); });
  }
  if (spec.size() > 2 && spec.front() == '<' && spec.back() == '>') {
    spec = spec.substr(1, spec.size() - 2);
  }
  return std::any_of(key.emails.begin(), key.emails.end(), [&](const std::string& email) {
    return util::to_upper(email) == util::to_upper(spec);
  });
}

std::vector<const SecretKey*> usable(const std::vector<SecretKey>& keys) {
  std::vector<const SecretKey*> result;
  for (const SecretKey& key : keys) {
    if (key.can_sign) {
      result.push_back(&key);
    }
  }
  return result;
}

Choice by_spec(const std::vector<const SecretKey*>& keys,
               const std::string& spec,
               const std::string& source,
               const std::optional<std::string>& email) {
  for (const SecretKey* key : keys) {
    if (matches(*key, spec)) {
      return key->fingerprint;
    }
  }
  std::string message = "no usable secret key matches \"" + spec + "\" (" + source + "). ";
  if (keys.empty()) {
    return Choice::failure(message + "Your keyring has no secret key that can sign. " + make_key_advice(email));
  }
  return Choice::failure(message + "List your keys with `gpg --list-secret-keys`, then name one that can sign.");
}

} // namespace

std::string make_key_advice(const std::optional<std::string>& email) {
  return "To make a key, run:\n  gpg --quick-gen-key \"Your Name <" + email.value_or("you@example.com") +
         ">\" ed25519 sign never";
}

Choice choose_signing_key(const std::vector<SecretKey>& keys, const KeyHints& hints, const Policy* policy) {
  std::vector<const SecretKey*> candidates = usable(keys);
  if (hints.explicit_key) {
    return by_spec(candidates, *hints.explicit_key, "given with --key", hints.user_email);
  }
  if (hints.configured_key && !util::trim(*hints.configured_key).empty()) {
    return by_spec(candidates, *hints.configured_key, "git config user.signingkey", hints.user_email);
  }
  if (candidates.empty()) {
    return Choice::failure("no secret key that can sign was found in your GnuPG keyring. " +
                           make_key_advice(hints.user_email));
  }
  if (policy != nullptr) {
    std::vector<const SecretKey*> known;
    for (const SecretKey* key : candidates) {
      const Person* person = policy->find_by_fingerprint(key->fingerprint);
      if (person == nullptr) {
        continue;
      }
      if (hints.user_email && util::to_upper(person->email) == util::to_upper(*hints.user_email)) {
        return key->fingerprint;
      }
      known.push_back(key);
    }
    if (known.size() == 1) {
      return known.front()->fingerprint;
    }
    if (known.empty()) {
      return Choice::failure("none of your secret keys belongs to a person of this repository's "
                             "policy (.runbook/policy.yaml). Ask an admin to add your public key with "
                             "`git runbook keys add <you> <your-key.asc> --roles …`.");
    }
    return Choice::failure("several of your secret keys belong to people of the policy; name one "
                           "with --key <fingerprint> or `git config user.signingkey <fingerprint>`.");
  }
  if (hints.user_email) {
    for (const SecretKey* key : candidates) {
      if (matches(*key, *hints.user_email)) {
        return key->fingerprint;
      }
    }
  }
  if (candidates.size() == 1) {
    return candidates.front()->fingerprint;
  }
  return Choice::failure("your keyring holds several secret keys and none has your address "
                         "(git config user.email); name one with --key <fingerprint> or "
                         "`git config user.signingkey <fingerprint>`.");
}

} // namespace core
