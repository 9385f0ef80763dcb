// `audit --package`: the auditor's evidence package, and what it is made of.
#include "cli/evidence_package.hpp"

#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/version.hpp"
#include "core/policy.hpp"
#include "core/utc_time.hpp"
#include "gpg/digest.hpp"
#include "trust/history_verifier.hpp"
#include "trust/trust_root.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/tar.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cli::package {

namespace {

// More refs a package carries beside the branches verify reads: every ref under each
// prefix (e.g. "refs/runbook/checkpoints" once witnessed time exists). One line each.
const std::vector<std::string> k_more_refs = {"refs/runbook/checkpoints"}; // witnessed time (issue 18)

constexpr std::string_view k_reports[] = {"html", "json", "csv"};

std::string report_name(std::string_view format) { return "report." + std::string(format); }

// ".runbook/keys/alice.asc" -> "policy/keys/alice.asc"
std::string policy_file_name(const std::string& path) {
  std::string_view inside = path;
  if (util::starts_with(inside, ".runbook/")) {
    inside.remove_prefix(std::string_view(".runbook/").size());
  }
  return "policy/" + std::string(inside);
}

std::optional<std::string> text_field(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    return std::nullopt;
  }
  if (!found->is_string()) {
    throw util::RuleError(std::string("\"") + name + "\" is not a text");
  }
  return found->get<std::string>();
}

std::string required_text(const nlohmann::json& object, const char* name) {
  auto text = text_field(object, name);
  if (!text) {
    throw util::RuleError(std::string("\"") + name + "\" is missing");
  }
  return *text;
}

} // namespace

std::vector<git::BundleRef> evidence_refs(const git::Repository& repo, const std::vector<std::string>& verified_refs) {
  std::vector<git::BundleRef> refs;
  auto add = [&](std::string name, const std::string& source) {
    auto tip = repo.resolve_ref(source);
    bool known = std::any_of(refs.begin(), refs.end(), [&](const git::BundleRef& ref) { return ref.first == name; });
    if (tip && !known) {
      refs.emplace_back(std::move(name), *tip);
    }
  };
  for (const std::string& ref : verified_refs) {
    const std::string origin = "refs/remotes/origin/";
    std::string local = "refs/heads/" + ref.substr(std::min(ref.size(), origin.size()));
    bool lone_copy = util::starts_with(ref, origin) &&
                     std::find(verified_refs.begin(), verified_refs.end(), local) == verified_refs.end();
    add(lone_copy ? local : ref, ref);
  }
  for (const std::string& prefix : k_more_refs) {
    for (const auto& [name, target] : repo.all_refs()) {
      if (util::starts_with(name, prefix + "/") || name == prefix) {
        add(name, name);
      }
    }
  }
  return refs;
}

Workspace unpack(const std::string& bundle, const std::filesystem::path& folder) {
  return Workspace::open(git::unpack_bundle(bundle, folder).git_dir());
}

PackageFiles regenerate(Workspace& workspace, const AuditParameters& parameters, const trust::VerifyReport* verified) {
  PackageFiles files;
  AuditReport report = build_audit_report(workspace, parameters, verified);
  for (std::string_view format : k_reports) {
    files[report_name(format)] = render_report(report, format);
  }
  auto [branch, source] = protected_source(workspace);
  std::vector<std::string> paths{core::k_policy_path};
  for (const core::Person& person : workspace.policy().people) {
    paths.push_back(person.key_file);
  }
  for (const std::string& path : paths) {
    auto text = workspace.repo().read_file_at(source, path);
    if (text) {
      files[policy_file_name(path)] = *text;
    }
  }
  return files;
}

std::string manifest_json(const AuditParameters& parameters, const std::string& generated_at,
                          const std::vector<git::BundleRef>& refs, const PackageFiles& files) {
  auto optional = [](const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  std::string tool = version_text();
  nlohmann::json bundle_refs = nlohmann::json::array();
  for (const auto& [name, commit] : refs) {
    bundle_refs.push_back({{"ref", name}, {"commit", commit}});
  }
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& [name, bytes] : files) {
    listed.push_back({{"path", name}, {"size", bytes.size()}, {"sha256", gpg::sha256_hex(bytes)}});
  }
  nlohmann::json manifest{
      {"format", "git-runbook evidence package 1"},
      {"parameters",
       {{"since", optional(parameters.since)},
        {"until", optional(parameters.until)},
        {"runbook", optional(parameters.runbook)},
        {"trust_root", optional(parameters.trust_root)},
        {"generated_at", generated_at},
        {"repository", parameters.repository},
        {"tool_version", tool.substr(0, tool.find('\n'))}}},
      {"bundle_refs", bundle_refs},
      {"files", listed}};
  return manifest.dump(2) + "\n";
}

util::Result<Manifest> read_manifest(const std::string& text) {
  try {
    nlohmann::json json = nlohmann::json::parse(text);
    if (!json.is_object() || json.value("format", "") != "git-runbook evidence package 1") {
      return util::Result<Manifest>::failure("it is not the manifest of a git-runbook evidence package (version 1)");
    }
    Manifest manifest;
    const nlohmann::json& parameters = json.at("parameters");
    manifest.parameters.since = text_field(parameters, "since");
    manifest.parameters.until = text_field(parameters, "until");
    manifest.parameters.runbook = text_field(parameters, "runbook");
    manifest.parameters.trust_root = required_text(parameters, "trust_root");
    manifest.parameters.repository = required_text(parameters, "repository");
    std::string generated_at = required_text(parameters, "generated_at");
    auto millis = core::utc_millis(generated_at);
    if (!millis) {
      throw util::RuleError("\"generated_at\" is not a UTC time");
    }
    manifest.parameters.generated_ms = *millis;
    for (const nlohmann::json& ref : json.at("bundle_refs")) {
      manifest.refs.emplace_back(required_text(ref, "ref"), required_text(ref, "commit"));
    }
    for (const nlohmann::json& file : json.at("files")) {
      std::string path = required_text(file, "path");
      if (!manifest.sha256.emplace(path, required_text(file, "sha256")).second) {
        throw util::RuleError("\"" + path + "\" is listed twice");
      }
    }
    return manifest;
  } catch (const nlohmann::json::exception& bad) {
    return util::Result<Manifest>::failure(std::string("it cannot be read: ") + bad.what());
  } catch (const util::RuleError& bad) {
    return util::Result<Manifest>::failure(bad.what());
  }
}

std::string first_difference(const std::string& packaged, const std::string& regenerated) {
  std::size_t at = 0;
  std::size_t line = 1;
  std::size_t line_start = 0;
  while (at < packaged.size() && at < regenerated.size() && packaged[at] == regenerated[at]) {
    if (packaged[at] == '\n') {
      ++line;
      line_start = at + 1;
    }
    ++at;
  }
  // The line around the first difference: up to 40 bytes before it and 80 after, cut
  // at the starts of UTF-8 characters.
  std::size_t from = at - std::min<std::size_t>(at - line_start, 40);
  auto line_of = [&](const std::string& text) {
    std::size_t start = from;
    while (start > line_start && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    std::size_t end = std::min(text.find('\n', line_start), text.size());
    std::size_t stop = std::min(end, at + 80);
    while (stop < end && (static_cast<unsigned char>(text[stop]) & 0xC0) == 0x80) {
      ++stop;
    }
    return (start > line_start ? "..." : "") + text.substr(start, stop - start) + (stop < end ? "..." : "");
  };
  if (at == packaged.size()) {
    return "at line " + std::to_string(line) + ": the package's copy ends there, the records give \"" +
           line_of(regenerated) + "\" and more";
  }
  if (at == regenerated.size()) {
    return "at line " + std::to_string(line) + ": the package has \"" + line_of(packaged) +
           "\" and more, the records' report ends there";
  }
  return "at line " + std::to_string(line) + ": the package has \"" + line_of(packaged) + "\", the records give \"" +
         line_of(regenerated) + "\"";
}

} // namespace cli::package

namespace cli {

namespace {

std::string verify_doc(const std::string& top, const std::string& archive_name, const AuditParameters& parameters,
                       const std::string& generated_at) {
  std::string text;
  text += "# How to check this evidence package\n\n";
  text += "This package was made with `git runbook audit --package` from the repository \"" + parameters.repository +
          "\" at " + generated_at + ".\n";
  text += "Its reports were made from the Git history in `history.bundle` alone, so you can make them again and "
          "compare.\n\n";
  text += "## With git-runbook (one command)\n\n";
  text += "In any folder (no repository needed):\n\n    git runbook verify --package " + archive_name + "\n\n";
  text += "It checks that every file is listed in `manifest.json` with its SHA-256 and that nothing was added; "
          "re-checks every signature and rule of the history in the bundle; checks that the key files are the "
          "ones the policy names; and makes the three reports again from the bundle and compares them byte for "
          "byte. It prints the trust root it started from: compare it with the one you were given, or pass yours "
          "with `--trust-root COMMIT`. Exit code 0 means every check passed; 1 means something differs, and the "
          "message names the file.\n\n";
  text += "## By hand, with git, gpg and sha256sum\n\n";
  text += "    tar -xf " + archive_name + "\n    cd " + top + "\n";
  text += "    python3 -c 'import json; [print(f[\"sha256\"] + \"  \" + f[\"path\"]) for f in "
          "json.load(open(\"manifest.json\"))[\"files\"]]' | sha256sum -c\n";
  text += "    git bundle verify history.bundle      # (inside any Git repository, e.g. after `git init`)\n";
  text += "    git clone history.bundle history\n";
  text += "    export GNUPGHOME=$(mktemp -d)      # a keyring of its own, holding only the policy's keys\n";
  text += "    gpg --import policy/keys/*.asc\n";
  text += "    git -C history log --show-signature --all\n\n";
  text += "The trust root is `" + parameters.trust_root.value_or("") + "`; `manifest.json` lists the parameters "
          "(since, until, runbook) and the refs of the bundle.\n";
  return text;
}

} // namespace

void write_evidence_package(Workspace& workspace, AuditParameters parameters, const std::filesystem::path& file) {
  git::Repository& repo = workspace.repo();
  util::UtcTime now = util::SystemClock().now();
  std::string generated_at = now.rfc3339.substr(0, 19) + "Z";
  parameters.generated_ms = core::utc_millis(generated_at).value_or(parameters.generated_ms);
  parameters.trust_root = trust::find_trust_root(repo, parameters.trust_root);
  trust::VerifyReport verified = trust::verify_history(repo, trust::VerifyOptions{parameters.trust_root, false});
  std::vector<git::BundleRef> refs = package::evidence_refs(repo, verified.refs);
  if (refs.empty()) {
    throw util::EnvironmentError("there is no protected branch or log branch here to put in the package. Fetch them "
                                 "with `git fetch` and try again.");
  }
  std::string bundle = git::write_bundle(repo, refs);
  util::TempDir scratch("git-runbook-package");
  Workspace unpacked = package::unpack(bundle, scratch.path() / "history.git");
  PackageFiles files = package::regenerate(unpacked, parameters, nullptr);
  files[package::k_bundle] = bundle;
  std::string top = file.stem().string();
  if (top.empty() || !util::is_plain_relative_path(top)) {
    top = "evidence";
  }
  files[package::k_verify_doc] = verify_doc(top, file.filename().string(), parameters, generated_at);
  std::vector<util::TarEntry> entries;
  std::string folder = top + "/";
  entries.push_back({folder + package::k_verify_doc, files[package::k_verify_doc]});
  entries.push_back({folder + package::k_manifest, package::manifest_json(parameters, generated_at, refs, files)});
  for (const auto& [name, bytes] : files) {
    if (name != package::k_verify_doc) {
      entries.push_back({folder + name, bytes});
    }
  }
  util::write_file_atomic(file, util::write_tar(entries, parameters.generated_ms / 1000));
  say("wrote the evidence package (" + std::to_string(entries.size()) + " files, " +
      std::to_string(std::filesystem::file_size(file)) + " bytes) to " + std::filesystem::absolute(file).string() +
      "; check it with `git runbook verify --package " + file.string() + "`");
  if (!verified.problems.empty()) {
    warn("`git runbook verify` finds " + std::to_string(verified.problems.size()) +
         " problem(s) in this history; the package shows them, and `verify --package` will fail until they are "
         "resolved.");
  }
}

} // namespace cli
