#include "trust/verify_cache.hpp"

#include "util/encoding.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "gpg/digest.hpp"

#include <sstream>

namespace trust {

namespace {

constexpr const char* k_header = "git-runbook verify cache 1";

bool is_id(const std::string& text) {
  return text.size() == 40 && util::is_hex(text, util::HexCase::lower);
}

} // namespace

VerifyCache::VerifyCache(std::filesystem::path file, const std::string& protected_key)
    : m_file(std::move(file)), m_protected_key(gpg::sha256_hex(protected_key)) {
  auto text = util::read_file(m_file);
  if (!text) {
    return;
  }
  std::istringstream in(*text);
  std::string line;
  if (!std::getline(in, line) || line != k_header || !std::getline(in, line) || line != "protected " + m_protected_key ||
      !std::getline(in, line) || line.rfind("log ", 0) != 0) {
    return; // another trust root, another format: start afresh
  }
  m_stored_log_key = line.substr(4);
  if (!std::getline(in, line) || line.rfind("tip ", 0) != 0) {
    m_stored_log_key.clear();
    return;
  }
  m_stored_tip = line.substr(4);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string kind, commit, signer;
    if (!(fields >> kind >> commit >> signer) || !is_id(commit)) {
      m_protected.clear();
      m_log.clear();
      return; // damaged: trust none of it
    }
    (kind == "p" ? m_protected : m_log)[commit] = signer;
  }
}

std::optional<std::string> VerifyCache::protected_signer(const std::string& commit) const {
  auto found = m_protected.find(commit);
  return found == m_protected.end() ? std::nullopt : std::optional(found->second);
}

std::optional<std::string> VerifyCache::log_signer(const std::string& commit) const {
  if (m_log_key.empty() || m_log_key != m_stored_log_key) {
    return std::nullopt;
  }
  auto found = m_log.find(commit);
  return found == m_log.end() ? std::nullopt : std::optional(found->second);
}

void VerifyCache::set_log_key(const std::string& key, const std::string& tip, bool tip_follows) {
  m_log_key = gpg::sha256_hex(key);
  if (m_log_key != m_stored_log_key || !tip_follows) {
    m_log.clear();
    m_stored_log_key = m_log_key;
  }
  m_stored_tip = tip;
}

void VerifyCache::remember_protected(const std::string& commit, const std::string& signer) {
  m_protected[commit] = signer.empty() ? "-" : signer;
}

void VerifyCache::remember_log(const std::string& commit, const std::string& signer) {
  m_log[commit] = signer.empty() ? "-" : signer;
}

void VerifyCache::forget(const std::string& commit) {
  m_protected.erase(commit);
  m_log.erase(commit);
}

void VerifyCache::save() const {
  std::string text = std::string(k_header) + "\nprotected " + m_protected_key + "\nlog " + m_stored_log_key +
                     "\ntip " + m_stored_tip + "\n";
  for (const auto& [commit, signer] : m_protected) {
    text.append("p ").append(commit).append(" ").append(signer).append("\n");
  }
  for (const auto& [commit, signer] : m_log) {
    text.append("l ").append(commit).append(" ").append(signer).append("\n");
  }
  try {
    util::write_file_atomic(m_file, text);
  } catch (const util::Error&) {
    // A read-only clone: verification still worked, only the next one is not faster.
  }
}

} // namespace trust
