#include "yaml/schema_check.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <regex>

namespace yaml {

namespace {

const valijson::Schema& compiled_schema(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) {
    return *it->second;
  }
  auto text = util::embedded_file(name);
  if (!text) {
    throw util::EnvironmentError("the schema " + std::string(name) + " is missing from this build");
  }
  nlohmann::json schema_json = nlohmann::json::parse(*text);
  auto schema = std::make_unique<valijson::Schema>();
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
  parser.populateSchema(adapter, *schema);
  return *cache.emplace(std::string(name), std::move(schema)).first->second;
}

// valijson's context ("<root>", "[people]", "[alice]") as a JSON pointer.
std::string to_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (const std::string& part : context) {
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      std::string token = part.substr(1, part.size() - 2);
      if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
        token = token.substr(1, token.size() - 2);
      }
      pointer += "/" + token;
    }
  }
  return pointer;
}

std::string field_name(const std::string& pointer) {
  std::size_t slash = pointer.rfind('/');
  return slash == std::string::npos || slash + 1 >= pointer.size() ? "the file" : "\"" + pointer.substr(slash + 1) + "\"";
}

// valijson's wording into words for people.
std::string plain_words(const std::string& description, const std::string& pointer) {
  static const std::regex missing("Missing required property '(.*)'\\.");
  static const std::regex extra(".*could not be validated using 'properties' or 'additionalProperties'.*'(.*)'\\.");
  std::smatch match;
  std::string where = field_name(pointer);
  if (std::regex_match(description, match, missing)) {
    return (pointer.empty() ? std::string("the file") : where) + " has no \"" + match[1].str() + "\" — add it";
  }
  if (std::regex_match(description, match, extra)) {
    return "unknown field \"" + match[1].str() + "\" in " + (pointer.empty() ? std::string("the file") : where) +
           " — remove it or check its spelling";
  }
  if (description.find("'type' constraint") != std::string::npos) {
    return where + " has the wrong kind of value (a text, a number, a list or a mapping?) — check it";
  }
  if (description.find("regex") != std::string::npos || description.find("pattern") != std::string::npos) {
    return where + " does not have the expected form — check its spelling";
  }
  if (description.find("enum") != std::string::npos) {
    return where + " is not one of the allowed values";
  }
  if (description.find("minItems") != std::string::npos || description.find("at least") != std::string::npos) {
    return where + " has too few entries";
  }
  if (description.find("unique") != std::string::npos) {
    return where + " lists the same value twice";
  }
  return where + ": " + description;
}

} // namespace

core::Diagnostics check_schema(const Document& document, std::string_view schema_name, const std::string& file) {
  const valijson::Schema& schema = compiled_schema(schema_name);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document.value);
  if (validator.validate(schema, target, &results)) {
    return {};
  }
  // Keep the innermost errors: an outer one ("failed to validate property people")
  // only repeats what an inner one says more precisely.
  std::vector<std::pair<std::string, std::string>> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    errors.emplace_back(to_pointer(error.context), error.description);
  }
  core::Diagnostics diagnostics;
  for (const auto& [pointer, description] : errors) {
    bool has_inner = false;
    for (const auto& [other, other_description] : errors) {
      has_inner = has_inner || (other.size() > pointer.size() && other.compare(0, pointer.size() + 1, pointer + "/") == 0);
    }
    bool generic = description.find("Failed to validate") != std::string::npos;
    if (has_inner || (generic && errors.size() > 1)) {
      continue;
    }
    Position at = document.position_of(pointer);
    diagnostics.push_back(core::Diagnostic{file, at.line, at.column, plain_words(description, pointer)});
  }
  if (diagnostics.empty()) {
    diagnostics.push_back(core::Diagnostic{file, 1, 1, errors.empty() ? "the file does not match its schema" : errors.front().second});
  }
  return diagnostics;
}

} // namespace yaml
