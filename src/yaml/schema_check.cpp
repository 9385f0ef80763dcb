#include "yaml/schema_check.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"

#include "util/text.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validation_visitor.hpp>

#include <locale>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>
#include <vector>
#include <algorithm>

namespace yaml {

namespace {

constexpr std::size_t k_max_diagnostics = 100;

// A schema parsed once per process, with the compiled regular expressions of its
// patterns, which cost far more to build than to use.
struct CompiledSchema {
  valijson::Schema schema;
  std::unordered_map<std::string, std::regex> patterns; // valijson's cache, by pattern
};

// Compiles every "pattern" of a schema for libstdc++'s breadth-first matcher (the
// __polynomial flag; our patterns have no back-references, which it cannot do). The
// default depth-first matcher recurses once per character a repetition takes in, so a
// long value — a 50 000-character e-mail address — overflowed the stack. valijson
// looks a pattern up in this cache before it compiles one of its own.
// The classic locale with a collation that leaves text as it is, which is what the
// classic one does too, but without strxfrm: libstdc++ transforms each of the 256
// characters for every bracket expression it compiles ([a-z]), and that was most of
// the cost of compiling a schema. Our patterns have no equivalence classes ([[=a=]]),
// the only place where a collation could matter.
const std::locale& plain_collation() {
  struct PlainCollate : std::collate<char> {
    string_type do_transform(const char* low, const char* high) const override { return {low, high}; }
  };
  static const std::locale locale(std::locale::classic(), new PlainCollate);
  return locale;
}

void compile_patterns(const nlohmann::json& schema, std::unordered_map<std::string, std::regex>& patterns) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items()) {
      if (key == "pattern" && value.is_string()) {
        const std::string& pattern = value.get_ref<const std::string&>();
        std::regex compiled;
        compiled.imbue(plain_collation());
        compiled.assign(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
        patterns.emplace(pattern, std::move(compiled));
      } else {
        compile_patterns(value, patterns);
      }
    }
  } else if (schema.is_array()) {
    for (const nlohmann::json& item : schema) {
      compile_patterns(item, patterns);
    }
  }
}

// Guards the cache below: a schema is compiled once, by whichever thread comes first.
std::mutex g_cache_mutex;

CompiledSchema& compiled_schema(std::string_view name) {
  std::lock_guard lock(g_cache_mutex);
  static std::map<std::string, std::unique_ptr<CompiledSchema>, std::less<>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) {
    return *it->second;
  }
  auto text = util::embedded_file(name);
  if (!text) {
    throw util::EnvironmentError("the schema " + std::string(name) + " is missing from this build");
  }
  nlohmann::json schema_json = nlohmann::json::parse(*text);
  auto compiled = std::make_unique<CompiledSchema>();
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
  parser.populateSchema(adapter, compiled->schema);
  compile_patterns(schema_json, compiled->patterns);
  return *cache.emplace(std::string(name), std::move(compiled)).first->second;
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

const nlohmann::json* value_at(const Document& document, const std::string& pointer) {
  try {
    return &document.value.at(nlohmann::json::json_pointer(pointer));
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
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

// How a message names the thing at a pointer: a list entry with an "id" by that id
// ("step \"3\""), else the field's name.
std::string describe(const Document& document, const std::string& pointer) {
  // "/steps/<n>" or "/inputs/<n>": an entry of one of the two lists.
  std::string_view list;
  for (std::string_view name : {std::string_view("/steps/"), std::string_view("/inputs/")}) {
    list = pointer.rfind(name, 0) == 0 ? name : list;
  }
  std::string index = list.empty() ? std::string() : pointer.substr(list.size());
  bool entry = !index.empty() && index.size() <= 9 &&
               index.find_first_not_of("0123456789") == std::string::npos;
  if (entry) {
    const nlohmann::json* value = value_at(document, pointer);
    std::string kind = list == "/steps/" ? "step" : "input";
    const char* key = kind == "step" ? "id" : "name";
    if (value != nullptr && value->is_object() && value->contains(key) && (*value)[key].is_string()) {
      return kind + " \"" + (*value)[key].get<std::string>() + "\"";
    }
    return "the " + kind + " number " + std::to_string(std::stoul(index) + 1) + " in the list";
  }
  return pointer.empty() ? std::string("the file") : field_name(pointer);
}

// The name quoted at the end of a valijson message that starts with `prefix`:
// "Missing required property 'title'." gives title. String work, not std::regex: the
// name can be a key of any length, which std::regex's matcher takes in recursively.
std::optional<std::string> quoted_name(const std::string& description, std::string_view prefix) {
  if (!util::starts_with(description, prefix) || description.size() < prefix.size() + 2 ||
      description.compare(description.size() - 2, 2, "'.") != 0) {
    return std::nullopt;
  }
  return description.substr(prefix.size(), description.size() - prefix.size() - 2);
}

Explained explain(const Document& document, const std::string& description, const std::string& pointer) {
  std::string where = field_name(pointer);
  Position at = document.position_of(pointer);
  auto in_where = [&] { return describe(document, pointer); };
  if (auto missing = quoted_name(description, "Missing required property '")) {
    return {in_where() + " has no \"" + *missing + "\" — add it", at};
  }
  if (auto extra = quoted_name(description, "Object contains a property that could not be validated using "
                                            "'properties' or 'additionalProperties' constraints: '")) {
    auto key = document.key_positions.find(pointer + "/" + *extra);
    return {"unknown field \"" + *extra + "\" in " + in_where() + " — remove it or check its spelling",
            key != document.key_positions.end() ? key->second : at};
  }
  if (auto named = quoted_name(description, "Failed to validate against schema associated with property name '")) {
    return {"\"" + *named + "\" holds a name that is not allowed — check the names under it",
            document.position_of(pointer + "/" + *named)};
  }
  if (description.find("'type' constraint") != std::string::npos) {
    return {where + " has the wrong kind of value (a text, a number, a list or a mapping?) — check it", at};
  }
  if (description.find("'const'") != std::string::npos) {
    return {where + " cannot be " + value_text(document, pointer) + " — see the example in the documentation", at};
  }
  if (description.find("regex") != std::string::npos || description.find("pattern") != std::string::npos) {
    const nlohmann::json* value = value_at(document, pointer);
    if (value != nullptr && value->is_string()) {
      const std::string& text = value->get_ref<const std::string&>();
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return {where + " is blank — fill it in", at};
      }
      if (text.find('\n') != std::string::npos && where != "\"do\"" && where != "\"summary\"") {
        return {where + " must fit on one line — shorten it", at};
      }
    }
    return {where + " " + value_text(document, pointer) + " does not have the expected form — check its spelling", at};
  }
  if (description.find("enum") != std::string::npos) {
    return {value_text(document, pointer) + " is not an allowed value for " + where + " — check its spelling", at};
  }
  if (description.find("greater than") != std::string::npos || description.find("less than") != std::string::npos) {
    return {where + " " + value_text(document, pointer) + " is out of range — " +
                (description.find("greater") != std::string::npos ? "it must be at least " : "it must be at most ") +
                description.substr(description.find_last_of(' ') + 1, description.find('.') - description.find_last_of(' ') - 1),
            at};
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

SchemaPrewarm::SchemaPrewarm(std::initializer_list<std::string_view> schema_names)
    : m_thread([names = std::vector<std::string_view>(schema_names)] {
        for (std::string_view name : names) {
          try {
            compiled_schema(name);
          } catch (const std::exception&) {
            return; // check_schema meets the same failure and reports it
          }
        }
      }) {}

SchemaPrewarm::~SchemaPrewarm() { m_thread.join(); }

core::Diagnostics check_schema(const Document& document, std::string_view schema_name, const std::string& file) {
  CompiledSchema& compiled = compiled_schema(schema_name);
  // valijson fills the pattern cache when it meets a pattern that is not there yet:
  // validations of one schema take turns.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document.value);
  // What valijson::Validator::validate does, with our compiled patterns (its own cache
  // is private) and strict types.
  valijson::ValidationVisitor<valijson::adapters::NlohmannJsonAdapter> visitor(target, {"<root>"}, true, &results,
                                                                               compiled.patterns);
  if (visitor.validateSchema(compiled.schema)) {
    return {};
  }
  // valijson reports each failure once more for every enclosing object and list ("failed
  // to validate against schema associated with property …"): those only repeat what
  // the inner error says, so they are left out unless nothing else was found. One
  // message per place is enough; a flood is cut short.
  std::vector<std::pair<std::string, std::string>> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    errors.emplace_back(to_pointer(error.context), error.description);
  }
  auto generic = [](const std::string& description) {
    return description.find("Failed to validate") != std::string::npos;
  };
  bool specific_found = std::any_of(errors.begin(), errors.end(), [&](const auto& e) { return !generic(e.second); });
  core::Diagnostics diagnostics;
  std::set<std::string> places;
  std::size_t left_out = 0;
  for (const auto& [pointer, description] : errors) {
    if (specific_found && generic(description)) {
      continue;
    }
    if (!places.insert(pointer + "\n" + (description.find("Missing required") == 0 ? description : "")).second) {
      continue;
    }
    if (diagnostics.size() >= k_max_diagnostics) {
      ++left_out;
      continue;
    }
    Explained explained = explain(document, description, pointer);
    diagnostics.push_back(core::Diagnostic{file, explained.at.line, explained.at.column, explained.message});
  }
  if (left_out > 0) {
    diagnostics.push_back(core::Diagnostic{file, 0, 0, "and " + std::to_string(left_out) +
                                                           " more problems — fix the ones above first"});
  }
  if (diagnostics.empty()) {
    diagnostics.push_back(core::Diagnostic{file, 1, 1, errors.empty() ? "the file does not match its schema" : errors.front().second});
  }
  return diagnostics;
}

} // namespace yaml
