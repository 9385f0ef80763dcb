#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/audit_report.hpp"
#include "cli/workspace.hpp"
#include "git/bundle.hpp"
#include "trust/problem.hpp"

namespace cli {

// An auditor's evidence package (issue 18): one ustar archive holding, under one top
// folder, the audit report as HTML, JSON and CSV, the history as a Git bundle, the
// policy and its key files, manifest.json (each file's SHA-256 and the parameters the
// reports were made with) and VERIFY.md. Every file but the manifest and VERIFY.md is
// made from the bundle alone, so `verify --package` can make them again and compare.

// The files made from a bundle: the three reports, and the policy with its key files as
// they are at the protected tip ("policy/policy.yaml", "policy/keys/alice.asc"), by
// name inside the top folder.
using PackageFiles = std::map<std::string, std::string>;

// Writes the package of `workspace` to `file` (atomically: a killed command leaves no
// half archive). `parameters` gives the filters, the moment and the repository's name;
// the trust root is the repository's own. Throws util::EnvironmentError when history
// cannot be read or the file cannot be written.
void write_evidence_package(Workspace& workspace, AuditParameters parameters, const std::filesystem::path& file);

// What `verify --package` found.
struct PackageVerdict {
  std::string file;
  std::string top_folder;
  std::size_t files_checked = 0;
  std::string trust_root;
  std::string trust_root_source; // "the package's manifest" or "--trust-root"
  std::optional<trust::VerifyReport> history; // once the bundle could be unpacked
  std::vector<std::string> checks;   // what passed, in plain words
  std::vector<std::string> problems; // what failed: the file and what differs
};

// Checks the package in `file` without any repository: the archive, the manifest's
// list and checksums, every signature and rule of the bundle's history (from
// `trust_root`, else the manifest's), the key files against the bundle's policy, and
// the reports against ones made again from the bundle. Throws util::EnvironmentError
// when the file cannot be read or the check cannot run (no gpg).
PackageVerdict check_evidence_package(const std::filesystem::path& file, const std::optional<std::string>& trust_root);

namespace package {

inline constexpr const char* k_manifest = "manifest.json";
inline constexpr const char* k_bundle = "history.bundle";
inline constexpr const char* k_verify_doc = "VERIFY.md";

// The refs a package's bundle holds for the refs verify read (`verified_refs`, as in
// trust::VerifyReport::refs): each with its current commit, protected branches first,
// a remote-tracking copy of a branch without a local one as refs/heads/<branch>; then
// the refs under the prefixes of k_more_refs.
std::vector<git::BundleRef> evidence_refs(const git::Repository& repo, const std::vector<std::string>& verified_refs);

// The repository made from `bundle` in `folder` (git::unpack_bundle), ready for the
// report: HEAD on the protected branch.
Workspace unpack(const std::string& bundle, const std::filesystem::path& folder);

// The reports and policy files of `workspace` (a bundle unpacked) with `parameters`;
// `verified`: its history as verify found it from the parameters' trust root, when the
// caller has it already.
PackageFiles regenerate(Workspace& workspace, const AuditParameters& parameters, const trust::VerifyReport* verified);

// The manifest's JSON text, and its parameters read back (strictly: a failure names
// the field).
std::string manifest_json(const AuditParameters& parameters, const std::string& generated_at,
                          const std::vector<git::BundleRef>& refs, const PackageFiles& files);
struct Manifest {
  AuditParameters parameters;
  std::vector<git::BundleRef> refs;
  std::map<std::string, std::string> sha256; // by file name
};
util::Result<Manifest> read_manifest(const std::string& text);

// Where `a` and `b` first differ, in words: "at line 12: the package has \"…\", the
// records give \"…\"".
std::string first_difference(const std::string& packaged, const std::string& regenerated);

} // namespace package

} // namespace cli
