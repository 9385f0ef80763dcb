#include "cli/checked_files.hpp"

#include "util/error.hpp"
#include "util/file.hpp"

#include <sstream>

namespace cli {

namespace {

constexpr std::string_view k_header = "git-runbook checked files 1";
// Enough for every policy and runbook version a repository is likely to hold; past it
// some entries are dropped, and those files are only checked again.
constexpr std::size_t k_max_entries = 1000;

} // namespace

CheckedFiles::CheckedFiles(std::filesystem::path file) : m_file(std::move(file)) {}

void CheckedFiles::load() {
  if (m_loaded) {
    return;
  }
  m_loaded = true;
  std::optional<std::string> text;
  try {
    text = util::read_file(m_file);
  } catch (const util::EnvironmentError&) {
    return; // unreadable: everything is checked again
  }
  if (!text) {
    return;
  }
  std::istringstream lines(*text);
  std::string line;
  if (!std::getline(lines, line) || line != k_header) {
    return;
  }
  while (std::getline(lines, line)) {
    std::size_t space = line.find(' ');
    if (line.size() != 81 || space != 40) {
      m_entries.clear(); // damaged: trust none of it
      return;
    }
    m_entries.emplace(line.substr(0, 40), line.substr(41));
  }
}

bool CheckedFiles::passed(const std::string& schema, const std::string& blob) {
  load();
  return m_entries.count({schema, blob}) > 0;
}

void CheckedFiles::remember(const std::string& schema, const std::string& blob) {
  load();
  if (!m_entries.emplace(schema, blob).second) {
    return;
  }
  while (m_entries.size() > k_max_entries) {
    m_entries.erase(m_entries.begin());
  }
  std::string text = std::string(k_header) + "\n";
  for (const auto& [schema_blob, file_blob] : m_entries) {
    text.append(schema_blob).append(" ").append(file_blob).append("\n");
  }
  try {
    util::write_file_atomic(m_file, text);
  } catch (const util::EnvironmentError&) {
    // a cache: the next command checks again
  }
}

} // namespace cli
