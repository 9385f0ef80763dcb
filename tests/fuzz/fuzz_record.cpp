// Fuzzes record validation (yaml/record_yaml): strict YAML and the record schema, as
// the server hook and `verify` read every record of the log branch. A record that
// loads must name its run's folder and survive being written out and read again, and
// the canonical reader must read it the same.

#include "fuzz/fuzz_check.hpp"

#include "core/record.hpp"
#include "yaml/record_yaml.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file =
      "runs/2026/11/29/payroll-change-20261129T2150Z-7f3a/20261129T215012Z-step-3-9f2c.yaml";
  const std::string_view text = fuzz::as_text(data, size);
  auto loaded = yaml::load_record(text, file);
  // The canonical reader (the run's state at each event) never reads what the YAML
  // parser reads otherwise.
  if (auto fast = yaml::read_canonical_record(text); fast && loaded) {
    fuzz::require(yaml::dump_record(*fast) == yaml::dump_record(*loaded),
                  "the canonical reader and the YAML parser read the same record");
  }
  if (!loaded) {
    fuzz::require_explained(loaded.error(), file);
    return 0;
  }
  const core::Record& record = *loaded;
  fuzz::require(core::run_folder(record.run).has_value(),
                "a loaded record's run id names a folder");
  fuzz::require(!core::record_path(record, "20261129T215012Z", "9f2c").empty(),
                "a loaded record has a path");
  fuzz::require(!core::describe_event(record).empty(), "a loaded record can be described");

  std::string written = yaml::dump_record(record);
  auto again = yaml::load_record(written, file);
  if (!again) {
    std::fprintf(stderr, "%s\n%s", written.c_str(), core::format_all(again.error()).c_str());
  }
  fuzz::require(again.ok(), "a record written out loads again");
  fuzz::require(yaml::dump_record(*again) == written, "a record written out reads back the same");
  return 0;
}
