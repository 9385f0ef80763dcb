#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "gpg/private_keyring.hpp"

namespace trust {

// Before judging commits one by one (the judging needs their order), their signatures
// are checked together on every core by `keyring`, the one that will judge them.
// Unreadable or unsigned commits are left for the judge to report.
void check_signatures_ahead(const git::Repository& repo,
                            const gpg::PrivateKeyring& keyring,
                            const std::vector<std::string>& commits);

// How many commits to check ahead at once: enough to keep every core busy, few enough
// to hold little memory.
constexpr std::size_t k_signature_batch = 256;

} // namespace trust
