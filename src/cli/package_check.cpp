// `verify --package`: an auditor's check of an evidence package, in any folder.
#include "cli/evidence_package.hpp"

#include "gpg/digest.hpp"
#include "trust/history_verifier.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/tar.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

namespace cli {

namespace {

constexpr const char* k_required[] = {"report.html", "report.json", "report.csv", package::k_bundle,
                                      package::k_verify_doc};

// The archive's files by their name inside the one top folder; problems when a file
// lies outside it or there are several.
std::map<std::string, std::string> files_in_folder(std::vector<util::TarEntry> entries, PackageVerdict& verdict) {
  std::map<std::string, std::string> files;
  for (util::TarEntry& entry : entries) {
    std::size_t slash = entry.name.find('/');
    std::string top = entry.name.substr(0, slash);
    if (slash == std::string::npos) {
      verdict.problems.push_back("\"" + entry.name + "\" lies outside the package's folder: it was added after the "
                                 "package was made");
      continue;
    }
    if (verdict.top_folder.empty()) {
      verdict.top_folder = top;
    } else if (top != verdict.top_folder) {
      verdict.problems.push_back("\"" + entry.name + "\" lies outside the package's folder " + verdict.top_folder +
                                 ": it was added after the package was made");
      continue;
    }
    files.emplace(entry.name.substr(slash + 1), std::move(entry.data));
  }
  return files;
}

// Every file listed with its digest, nothing else.
void check_listed(const std::map<std::string, std::string>& files, const package::Manifest& manifest,
                  PackageVerdict& verdict) {
  for (const auto& [name, digest] : manifest.sha256) {
    auto file = files.find(name);
    if (file == files.end()) {
      verdict.problems.push_back(name + " is listed in manifest.json but missing from the package: it was removed");
    } else if (gpg::sha256_hex(file->second) != digest) {
      verdict.problems.push_back(name + " does not match its SHA-256 in manifest.json: it was changed after the "
                                 "package was made");
    }
  }
  for (const auto& [name, bytes] : files) {
    if (name != package::k_manifest && manifest.sha256.count(name) == 0) {
      verdict.problems.push_back(name + " is in the package but not listed in manifest.json: it was added after "
                                 "the package was made");
    }
  }
  for (const char* name : k_required) {
    if (manifest.sha256.count(name) == 0) {
      verdict.problems.push_back("manifest.json does not list " + std::string(name) +
                                 ", which every package holds: the package is incomplete");
    }
  }
}

// The reports and the policy's files against the ones the bundle gives.
void compare_made_again(const std::map<std::string, std::string>& files, const PackageFiles& again,
                        PackageVerdict& verdict) {
  std::size_t keys = 0;
  bool policy_differs = false;
  bool reports_differ = false;
  for (const auto& [name, bytes] : again) {
    bool policy = util::starts_with(name, "policy/");
    keys += policy && name != "policy/policy.yaml" ? 1 : 0;
    auto file = files.find(name);
    if (file == files.end()) {
      verdict.problems.push_back(name + " is missing from the package, but the policy in history.bundle names it");
    } else if (file->second != bytes) {
      verdict.problems.push_back(name + (policy ? " differs from the file the policy in history.bundle holds, "
                                                : " differs from the report the records in history.bundle give, ") +
                                 package::first_difference(file->second, bytes));
    } else {
      continue;
    }
    (policy ? policy_differs : reports_differ) = true;
  }
  for (const auto& [name, bytes] : files) {
    if (util::starts_with(name, "policy/") && again.count(name) == 0) {
      verdict.problems.push_back(name + " is in the package, but the policy in history.bundle does not hold it");
      policy_differs = true;
    }
  }
  if (!policy_differs) {
    verdict.checks.push_back("the policy and its " + std::to_string(keys) +
                             " key files are the ones the policy in history.bundle holds");
  }
  if (!reports_differ) {
    verdict.checks.emplace_back("report.html, report.json and report.csv say exactly what the records in "
                                "history.bundle say (made again and compared byte for byte)");
  }
}

} // namespace

PackageVerdict check_evidence_package(const std::filesystem::path& file, const std::optional<std::string>& trust_root) {
  PackageVerdict verdict;
  verdict.file = file.string();
  auto bytes = util::read_file(file);
  if (!bytes) {
    throw util::EnvironmentError("there is no file " + file.string() +
                                 ". Give the path of a package made by `git runbook audit --package`.");
  }
  auto entries = util::read_tar(*bytes);
  if (!entries) {
    verdict.problems.push_back("the archive " + file.filename().string() + " is damaged: " + entries.error());
    return verdict;
  }
  std::map<std::string, std::string> files = files_in_folder(std::move(entries).value(), verdict);
  auto text = files.find(package::k_manifest);
  if (text == files.end()) {
    verdict.problems.emplace_back("manifest.json is missing: without it nothing in the package can be checked");
    return verdict;
  }
  auto manifest = package::read_manifest(text->second);
  if (!manifest) {
    verdict.problems.push_back("manifest.json is damaged: " + manifest.error());
    return verdict;
  }
  check_listed(files, *manifest, verdict);
  if (!verdict.problems.empty()) {
    return verdict;
  }
  verdict.files_checked = files.size();
  verdict.checks.push_back("all " + std::to_string(files.size() - 1) +
                           " files are listed in manifest.json, nothing else is there, and each matches its SHA-256");
  const AuditParameters& parameters = manifest->parameters;
  verdict.trust_root = trust_root.value_or(*parameters.trust_root);
  verdict.trust_root_source = trust_root ? "--trust-root" : "the package's manifest";
  util::TempDir scratch("git-runbook-package");
  std::optional<Workspace> unpacked;
  try {
    unpacked.emplace(package::unpack(files.at(package::k_bundle), scratch.path() / "history.git"));
  } catch (const util::RuleError& damaged) {
    verdict.problems.push_back(std::string("history.bundle cannot be used: ") + damaged.what());
    return verdict;
  }
  auto header = git::read_bundle_header(files.at(package::k_bundle));
  if (header && header->refs != manifest->refs) {
    verdict.problems.emplace_back("history.bundle holds other refs than manifest.json lists");
  }
  try {
    verdict.history = trust::verify_history(unpacked->repo(), trust::VerifyOptions{verdict.trust_root, false});
    verdict.trust_root = verdict.history->trust_root;
  } catch (const util::EnvironmentError& reason) {
    verdict.problems.push_back(std::string("the history in history.bundle cannot be verified: ") + reason.what());
    return verdict;
  }
  if (!verdict.history->problems.empty()) {
    verdict.problems.push_back("the history in history.bundle breaks " +
                               std::to_string(verdict.history->problems.size()) + " rule(s), listed above");
  } else {
    verdict.checks.push_back("every signature and rule of the " + std::to_string(verdict.history->commits_checked) +
                             " commits in history.bundle holds");
  }
  bool same_root = verdict.trust_root == *parameters.trust_root;
  PackageFiles again =
      package::regenerate(*unpacked, parameters, same_root ? &*verdict.history : nullptr);
  compare_made_again(files, again, verdict);
  return verdict;
}

} // namespace cli
