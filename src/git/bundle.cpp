#include "git/bundle.hpp"

#include "git/check.hpp"
#include "util/error.hpp"

#include <set>

namespace git {

namespace {

constexpr std::string_view k_signature = "# v2 git bundle\n";

bool is_hex_id(std::string_view text) {
  return text.size() == GIT_OID_HEXSZ &&
         text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_valid_ref_name(const std::string& name) {
  int valid = 0;
  return name.rfind("refs/", 0) == 0 && git_reference_name_is_valid(&valid, name.c_str()) == 0 && valid == 1;
}

} // namespace

std::string write_bundle(const Repository& repo, const std::vector<BundleRef>& refs) {
  PackbuilderPtr builder;
  check(git_packbuilder_new(out(builder), repo.get()), "starting a packfile for the bundle");
  // One thread keeps the pack's bytes the same on every machine.
  git_packbuilder_set_threads(builder.get(), 1);
  RevwalkPtr walk;
  check(git_revwalk_new(out(walk), repo.get()), "walking the history for the bundle");
  std::string header(k_signature);
  if (!refs.empty()) {
    header.append(refs.front().second).append(" HEAD\n");
  }
  for (const auto& [name, commit] : refs) {
    git_oid id = to_oid(commit);
    check(git_revwalk_push(walk.get(), &id), std::string("reading the commit ").append(commit).append(" of ").append(name));
    header.append(commit).append(" ").append(name).append("\n");
  }
  header.append("\n");
  check(git_packbuilder_insert_walk(builder.get(), walk.get()), "gathering the objects of the bundle");
  Buffer pack;
  check(git_packbuilder_write_buf(pack.get(), builder.get()), "writing the packfile of the bundle");
  return header + pack.str();
}

util::Result<BundleHeader> read_bundle_header(std::string_view bundle) {
  using Failure = util::Result<BundleHeader>;
  if (bundle.substr(0, k_signature.size()) != k_signature) {
    return Failure::failure("it does not start with \"# v2 git bundle\", so it is not a Git bundle of version 2");
  }
  BundleHeader header;
  std::set<std::string> names;
  std::size_t at = k_signature.size();
  bool head_seen = false;
  while (true) {
    std::size_t end = bundle.find('\n', at);
    if (end == std::string_view::npos) {
      return Failure::failure("its list of refs does not end with an empty line: it was cut short");
    }
    std::string_view line = bundle.substr(at, end - at);
    at = end + 1;
    if (line.empty()) {
      break;
    }
    if (line.front() == '-') {
      return Failure::failure("it needs commits it does not hold (a prerequisite line \"" + std::string(line) +
                              "\"), so it cannot be checked on its own");
    }
    std::size_t space = line.find(' ');
    std::string id(line.substr(0, space));
    std::string name(space == std::string_view::npos ? "" : line.substr(space + 1));
    if (!is_hex_id(id)) {
      return Failure::failure("the line \"" + std::string(line) + "\" does not start with a commit id");
    }
    if (name == "HEAD" && !head_seen) {
      head_seen = true;
      continue;
    }
    if (!is_valid_ref_name(name)) {
      return Failure::failure("\"" + name + "\" is not a valid ref name under refs/");
    }
    if (!names.insert(name).second) {
      return Failure::failure("it names the ref " + name + " twice");
    }
    header.refs.emplace_back(name, id);
  }
  if (header.refs.empty()) {
    return Failure::failure("it names no refs");
  }
  header.pack_offset = at;
  return header;
}

Repository unpack_bundle(std::string_view bundle, const std::filesystem::path& folder) {
  auto header = read_bundle_header(bundle);
  if (!header) {
    throw util::RuleError("the Git bundle is damaged: " + header.error());
  }
  initialise_libgit2();
  {
    RepositoryPtr bare;
    check(git_repository_init(out(bare), folder.c_str(), 1), "making a repository in " + folder.string());
    OdbPtr odb;
    check(git_repository_odb(out(odb), bare.get()), "opening the objects of " + folder.string());
    WritepackPtr pack;
    check(git_odb_write_pack(out(pack), odb.get(), nullptr, nullptr), "storing the bundle's objects");
    std::string_view data = bundle.substr(header->pack_offset);
    git_indexer_progress progress{};
    if (pack->append(pack.get(), data.data(), data.size(), &progress) < 0 || pack->commit(pack.get(), &progress) < 0) {
      throw util::RuleError("the Git bundle's packfile is damaged: " + last_error_message());
    }
  }
  auto repo = Repository::discover(folder);
  if (!repo) {
    throw util::EnvironmentError("the repository made in " + folder.string() + " cannot be opened");
  }
  std::vector<std::string> tips;
  for (const auto& [name, commit] : header->refs) {
    auto object = repo->read_raw(commit);
    if (!object || object->kind != ObjectKind::commit) {
      throw util::RuleError(std::string("the Git bundle names ").append(name).append(" at ").append(commit).append(
          ", a commit it does not hold"));
    }
    git_oid id = to_oid(commit);
    ReferencePtr ref;
    check(git_reference_create(out(ref), repo->get(), name.c_str(), &id, 0, "unpacked from an evidence bundle"),
          "making the ref " + name);
    tips.push_back(commit);
  }
  for (const auto& [name, commit] : header->refs) {
    if (name.rfind("refs/heads/", 0) == 0) {
      check(git_repository_set_head(repo->get(), name.c_str()), "pointing HEAD at " + name);
      break;
    }
  }
  try {
    for (const std::string& tip : tips) {
      (void)repo->commits_between(tip, {});
    }
  } catch (const util::Error& missing) {
    throw util::RuleError(std::string("the Git bundle lacks part of the history its refs name: ") + missing.what());
  }
  return std::move(*repo);
}

} // namespace git
