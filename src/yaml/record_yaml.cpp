#include "yaml/record_yaml.hpp"

#include "yaml/schema_check.hpp"
#include "yaml/strict_yaml.hpp"

#include <charconv>
#include <climits>
#include <cstdint>
#include <optional>

namespace yaml {

namespace {

std::string quote(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A whole number that fits an int; nullopt for any other value (nlohmann's get<int>()
// of a fraction or a huge number is undefined behaviour).
std::optional<int> whole_int(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    auto number = value.get<std::uint64_t>();
    return number <= static_cast<std::uint64_t>(INT_MAX) ? std::optional<int>(static_cast<int>(number)) : std::nullopt;
  }
  if (value.is_number_integer()) {
    auto number = value.get<std::int64_t>();
    return number >= INT_MIN && number <= INT_MAX ? std::optional<int>(static_cast<int>(number)) : std::nullopt;
  }
  return std::nullopt;
}

// The record a document holds; nullopt when a field is missing, of the wrong kind, or
// names an unknown event or outcome (the schema says which).
std::optional<core::Record> to_record(const nlohmann::json& root) {
  try {
    core::Record record;
    if (root.contains("run")) { // an ack has none (the schema says which)
      record.run = root.at("run").get<std::string>();
    }
    record.runbook = root.at("runbook").get<std::string>();
    std::optional<int> version = whole_int(root.at("version"));
    if (!version) {
      return std::nullopt;
    }
    record.version = *version;
    record.runbook_blob = root.at("runbook_blob").get<std::string>();
    record.source_commit = root.at("source_commit").get<std::string>();
    auto event = core::parse_event(root.at("event").get<std::string>());
    if (!event) {
      return std::nullopt;
    }
    record.event = *event;
    if (root.contains("step")) {
      record.step = root.at("step").get<std::string>();
    }
    if (root.contains("outcome")) {
      record.outcome = core::parse_outcome(root.at("outcome").get<std::string>());
      if (!record.outcome) {
        return std::nullopt;
      }
    }
    record.by = root.at("by").get<std::string>();
    record.at = root.at("at").get<std::string>();
    if (root.contains("note")) {
      record.note = root.at("note").get<std::string>();
    }
    if (root.contains("evidence")) {
      for (const nlohmann::json& item : root.at("evidence")) {
        core::EvidenceItem evidence;
        if (item.contains("link")) {
          evidence.link = item.at("link").get<std::string>();
        }
        if (item.contains("file")) {
          evidence.file = item.at("file").get<std::string>();
          evidence.name = item.at("name").get<std::string>();
          evidence.sha256 = item.at("sha256").get<std::string>();
          const nlohmann::json& size = item.at("size");
          if (!size.is_number_integer() || (!size.is_number_unsigned() && size.get<std::int64_t>() < 0)) {
            return std::nullopt; // a fraction or a negative number
          }
          evidence.size = item.at("size").get<std::uint64_t>();
        }
        record.evidence.push_back(std::move(evidence));
      }
    }
    if (root.contains("inputs")) {
      record.inputs = root.at("inputs").get<std::map<std::string, std::string>>();
    }
    // Conditions and repeats (issue 17)
    if (root.contains("item")) {
      record.item = root.at("item").get<std::string>();
    }
    record.not_needed = root.value("not_needed", false);
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// A JSON value as dump_record writes one; discarded when it is not JSON. A string
// without a backslash and a whole number are read directly: most values are, and
// starting the JSON parser for each cost more than the rest of reading a record.
nlohmann::json json_value(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"' &&
      text.find_first_of("\\\"", 1) == text.size() - 1) {
    return std::string(text.substr(1, text.size() - 2));
  }
  std::uint64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size() && !text.empty() && (text[0] != '0' || text.size() == 1)) {
    return number;
  }
  return nlohmann::json::parse(text, nullptr, false);
}

// One line of a record as dump_record writes it: `key: <JSON value>`, or `key:` that
// opens the evidence list or the inputs mapping. False when the line has another form.
bool read_line(std::string_view line, nlohmann::json& root, nlohmann::json*& opened) {
  nlohmann::json* target = &root;
  if (line.substr(0, 4) == "  - " && opened != nullptr && opened->is_array()) {
    opened->push_back(nlohmann::json::object());
    target = &opened->back();
    line.remove_prefix(4);
  } else if (line.substr(0, 4) == "    " && opened != nullptr && opened->is_array() && !opened->empty()) {
    target = &opened->back();
    line.remove_prefix(4);
  } else if (line.substr(0, 2) == "  " && opened != nullptr && opened->is_object()) {
    target = opened;
    line.remove_prefix(2);
  } else {
    opened = nullptr;
  }
  std::size_t colon = line.find(": ");
  if (colon == std::string_view::npos) {
    if (target != &root || (line != "evidence:" && line != "inputs:")) {
      return false;
    }
    opened = &root[std::string(line.substr(0, line.size() - 1))];
    *opened = line == "evidence:" ? nlohmann::json::array() : nlohmann::json::object();
    return true;
  }
  nlohmann::json value = json_value(line.substr(colon + 2));
  if (value.is_discarded()) {
    return false;
  }
  (*target)[std::string(line.substr(0, colon))] = std::move(value);
  return true;
}

} // namespace

std::optional<core::Record> read_canonical_record(std::string_view text) {
  nlohmann::json root = nlohmann::json::object();
  nlohmann::json* opened = nullptr; // the evidence list or inputs mapping being read
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.substr(0, 1) != "#" && !read_line(line, root, opened)) {
      return std::nullopt;
    }
  }
  auto record = to_record(root);
  if (!record || dump_record(*record) != text) {
    return std::nullopt;
  }
  return record;
}

util::Result<core::Record, core::Diagnostics> load_record(std::string_view text, const std::string& file) {
  using Outcome = util::Result<core::Record, core::Diagnostics>;
  auto document = parse_strict(text, file);
  if (!document) {
    return Outcome::failure(document.error());
  }
  core::Diagnostics problems = check_schema(*document, "record.schema.json", file);
  if (!problems.empty()) {
    return Outcome::failure(problems);
  }
  auto record = to_record(document->value);
  if (!record) {
    return Outcome::failure({core::Diagnostic{file, 1, 1, "the record does not match its schema"}});
  }
  return std::move(*record);
}

util::Result<core::Record, core::Diagnostics> read_checked_record(std::string_view text, const std::string& file) {
  using Outcome = util::Result<core::Record, core::Diagnostics>;
  if (auto record = read_canonical_record(text)) {
    return std::move(*record);
  }
  auto document = parse_strict(text, file);
  if (!document) {
    return Outcome::failure(document.error());
  }
  if (auto record = to_record(document->value)) {
    return std::move(*record);
  }
  return load_record(text, file);
}

std::string dump_record(const core::Record& record) {
  std::string out = "# git-runbook execution record; never edited once written\n";
  if (record.event != core::EventKind::ack) {
    out += "run: " + quote(record.run) + "\n";
  }
  out += "runbook: " + quote(record.runbook) + "\n";
  out += "version: " + std::to_string(record.version) + "\n";
  out += "runbook_blob: " + quote(record.runbook_blob) + "\n";
  out += "source_commit: " + quote(record.source_commit) + "\n";
  out += "event: " + quote(std::string(core::to_string(record.event))) + "\n";
  if (record.step) {
    out += "step: " + quote(*record.step) + "\n";
  }
  if (record.outcome) {
    out += "outcome: " + quote(std::string(core::to_string(*record.outcome))) + "\n";
  }
  out += "by: " + quote(record.by) + "\n";
  out += "at: " + quote(record.at) + "\n";
  if (record.note) {
    out += "note: " + quote(*record.note) + "\n";
  }
  if (!record.evidence.empty()) {
    out += "evidence:\n";
    for (const core::EvidenceItem& item : record.evidence) {
      if (item.link) {
        out += "  - link: " + quote(*item.link) + "\n";
      } else {
        out += "  - file: " + quote(item.file.value_or("")) + "\n";
        out += "    name: " + quote(item.name) + "\n";
        out += "    sha256: " + quote(item.sha256) + "\n";
        out += "    size: " + std::to_string(item.size) + "\n";
      }
    }
  }
  if (record.event == core::EventKind::start) {
    out += record.inputs.empty() ? "inputs: {}\n" : "inputs:\n";
    for (const auto& [name, value] : record.inputs) {
      out += "  " + name + ": " + quote(value) + "\n";
    }
  }
  // Conditions and repeats (issue 17)
  if (record.item) {
    out += "item: " + quote(*record.item) + "\n";
  }
  if (record.not_needed) {
    out += "not_needed: true\n";
  }
  return out;
}

} // namespace yaml
