#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace trust {

// The commits `verify` has already found sound, with the key that signed each, kept in
// .git/runbook/verify-cache so that the next run re-checks only what is new. Protected
// commits are judged by their parents alone, so they are kept under the trust root;
// log commits are judged by the protected tip's policy, so they are kept under the
// trust root and that policy's state (its file and key folder): a key change or
// another trust root throws them away. A damaged or foreign file is ignored.
class VerifyCache {
public:
  VerifyCache(std::filesystem::path file, const std::string& protected_key);

  // The signer of a commit found sound before, if it was.
  std::optional<std::string> protected_signer(const std::string& commit) const;
  std::optional<std::string> log_signer(const std::string& commit) const;
  // The protected tip log commits were last judged against (empty: none).
  const std::string& log_tip() const { return m_stored_tip; }
  // Log commits count only under this key and a protected tip that follows the one
  // they were judged against (a rewritten protected branch may unpublish versions).
  void set_log_key(const std::string& key, const std::string& tip, bool tip_follows);

  void remember_protected(const std::string& commit, const std::string& signer);
  void remember_log(const std::string& commit, const std::string& signer);
  void forget(const std::string& commit);
  // Writes the file (atomically); a repository that cannot be written is left alone.
  void save() const;

private:
  std::filesystem::path m_file;
  std::string m_protected_key;
  std::string m_log_key;
  std::string m_stored_log_key;
  std::string m_stored_tip;
  std::map<std::string, std::string> m_protected;
  std::map<std::string, std::string> m_log;
};

} // namespace trust
