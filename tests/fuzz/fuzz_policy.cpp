// Fuzzes policy parsing (yaml/policy_yaml): strict YAML, the policy schema and the
// rules behind it, as every command and the server hook read .runbook/policy.yaml. A
// policy that loads must survive being written out (as `keys` commands do) and read
// again, and must answer ref questions.

#include "fuzz/fuzz_check.hpp"

#include "core/ref_rules.hpp"
#include "yaml/policy_yaml.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file = ".runbook/policy.yaml";
  auto loaded = yaml::load_policy(fuzz::as_text(data, size), file);
  if (!loaded) {
    fuzz::require_explained(loaded.error(), file);
    return 0;
  }
  const core::Policy& policy = *loaded;
  for (const std::string& branch : policy.protected_branches) {
    fuzz::require(core::classify_ref(policy, "refs/heads/" + branch) ==
                      core::RefKind::protected_branch,
                  "a protected branch is classified as protected");
  }
  for (const core::Person& person : policy.people) {
    fuzz::require(policy.find_person(person.id) != nullptr, "every person is found by id");
    fuzz::require(policy.find_by_fingerprint(person.fingerprint) != nullptr,
                  "every person is found by key");
  }

  std::string written = yaml::dump_policy(policy);
  auto again = yaml::load_policy(written, file);
  if (!again) {
    std::fprintf(stderr, "%s\n%s", written.c_str(), core::format_all(again.error()).c_str());
  }
  fuzz::require(again.ok(), "a policy written out loads again");
  fuzz::require(yaml::dump_policy(*again) == written, "a policy written out reads back the same");
  return 0;
}
