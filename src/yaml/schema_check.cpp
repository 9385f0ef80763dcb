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

// The name of the field a pointer ends in; for a list entry, the list's name.
std::string field_name(const std::string& pointer) {
  std::string rest = pointer;
  while (!rest.empty()) {
    std::size_t slash = rest.rfind('/');
    std::string token = rest.substr(slash + 1);
    bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (!index) {
      return "\"" + token + "\"";
    }
    rest.resize(slash);
  }
  return "the file";
}

std::string value_text(const Document& document, const std::string& pointer) {
  try {
    const nlohmann::json& value = document.value.at(nlohmann::json::json_pointer(pointer));
    return value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump();
  } catch (const nlohmann::json::exception&) {
    return "the value";
  }
}

// A schema failure in words for people, and where it is.
struct Explained {
  std::string message;
  Position at;
};

Explained explain(const Document& document, const std::string& description, const std::string& pointer) {
  static const std::regex missing("Missing required property '(.*)'\\.");
  static const std::regex extra(".*could not be validated using 'properties' or 'additionalProperties'.*'(.*)'\\.");
  static const std::regex named("Failed to validate against schema associated with property name '(.*)'\\.");
  std::smatch match;
  std::string where = field_name(pointer);
  Position at = document.position_of(pointer);
  auto in_where = [&] { return pointer.empty() ? std::string("the file") : where; };
  if (std::regex_match(description, match, missing)) {
    return {in_where() + " has no \"" + match[1].str() + "\" — add it", at};
  }
  if (std::regex_match(description, match, extra)) {
    std::string member = pointer + "/" + match[1].str();
    auto key = document.key_positions.find(member);
    return {"unknown field \"" + match[1].str() + "\" in " + in_where() + " — remove it or check its spelling",
            key != document.key_positions.end() ? key->second : at};
  }
  if (std::regex_match(description, match, named)) {
    std::string member = pointer + "/" + match[1].str();
    return {"\"" + match[1].str() + "\" holds a name that is not allowed — check the names under it",
            document.position_of(member)};
  }
  if (description.find("'type' constraint") != std::string::npos) {
    return {where + " has the wrong kind of value (a text, a number, a list or a mapping?) — check it", at};
  }
  if (description.find("'const'") != std::string::npos) {
    return {where + " cannot be " + value_text(document, pointer) + " — see the example in the documentation", at};
  }
  if (description.find("regex") != std::string::npos || description.find("pattern") != std::string::npos) {
    return {where + " " + value_text(document, pointer) + " does not have the expected form — check its spelling", at};
  }
  if (description.find("enum") != std::string::npos) {
    return {value_text(document, pointer) + " is not an allowed value for " + where + " — check its spelling", at};
  }
  if (description.find("no fewer than") != std::string::npos) {
    return {where + " is empty or too short — fill it in", at};
  }
  if (description.find("no more than") != std::string::npos) {
    return {where + " is too long — shorten it", at};
  }
  if (description.find("unique") != std::string::npos) {
    return {where + " lists the same value twice — keep one", at};
  }
  return {where + ": " + description, at};
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
    Explained explained = explain(document, description, pointer);
    diagnostics.push_back(core::Diagnostic{file, explained.at.line, explained.at.column, explained.message});
  }
  if (diagnostics.empty()) {
    diagnostics.push_back(core::Diagnostic{file, 1, 1, errors.empty() ? "the file does not match its schema" : errors.front().second});
  }
  return diagnostics;
}

} // namespace yaml
