#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <utility>

namespace cli {

// Committed files that passed their full check with this build's schemas, by blob id,
// kept in .git/runbook/checked: recording an event reads the policy and the runbook
// version it follows each time, and compiling the patterns of a JSON schema cost more
// than the rest of reading them. A blob never changes, and each entry names the
// schema's own blob id too, so a build with another schema checks again. A missing or
// damaged file only means checking again. Used for the committed policy of a command's
// work tree (Workspace::policy) and for the runbook version a run follows;
// `validate`, `verify` and the server hook check every file in full.
class CheckedFiles {
public:
  explicit CheckedFiles(std::filesystem::path file);

  // True when the file `blob` passed the check against the schema whose blob id is
  // `schema` (the compiled-in schema's text, hashed as Git would).
  bool passed(const std::string& schema, const std::string& blob);
  // Remembers that it did. A repository that cannot be written is left alone.
  void remember(const std::string& schema, const std::string& blob);

private:
  void load();

  std::filesystem::path m_file;
  bool m_loaded = false;
  std::set<std::pair<std::string, std::string>> m_entries; // schema blob, file blob
};

} // namespace cli
