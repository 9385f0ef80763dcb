#include "yaml/schema_check.hpp"
#include "yaml/compiled_schema.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"

#include "util/spelling.hpp"
#include "util/text.hpp"

#include <valijson/schema.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>
#include <algorithm>

namespace yaml {

namespace {

constexpr std::size_t k_max_diagnostics = 100;

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

// The name in valijson's message about an unknown field (it names only the first of
// an object's unknown fields).
std::optional<std::string> unknown_field(const std::string& description) {
  return quoted_name(description, "Object contains a property that could not be validated using "
                                  "'properties' or 'additionalProperties' constraints: '");
}

// Every unknown field of each object that `errors` names one of, by the object's
// pointer, in the order of the file. valijson names only the first of an object's
// unknown fields, so the rest are found by checking a copy again without the ones
// found, until no new one appears: the schema stays the only judge of what is unknown.
// `cut_short` tells when the search stopped with more to find (over k_max_diagnostics).
std::map<std::string, std::vector<std::string>> unknown_fields(const valijson::Schema& schema,
                                                                const Document& document,
                                                                const SchemaErrors& errors,
                                                                bool& cut_short) {
  std::map<std::string, std::vector<std::string>> found;
  nlohmann::json copy;
  const SchemaErrors* current = &errors;
  SchemaErrors again;
  cut_short = false;
  for (std::size_t round = 0; round <= k_max_diagnostics; ++round) {
    bool more = false;
    for (const auto& [pointer, description] : *current) {
      auto name = unknown_field(description);
      if (!name) {
        continue;
      }
      std::vector<std::string>& names = found[pointer];
      if (std::find(names.begin(), names.end(), *name) != names.end()) {
        continue;
      }
      names.push_back(*name);
      more = true;
      if (copy.is_null()) {
        copy = document.value;
      }
      try {
        copy.at(nlohmann::json::json_pointer(pointer)).erase(*name);
      } catch (const nlohmann::json::exception&) {
        more = false; // not an object after all: checking again would find the same
      }
    }
    if (!more) {
      break;
    }
    if (round == k_max_diagnostics) {
      cut_short = true;
      break;
    }
    again = errors_of(schema, copy);
    current = &again;
  }
  for (auto& [pointer, names] : found) {
    auto place = [&, at = pointer](const std::string& name) {
      std::string key_pointer = at;
      key_pointer.append("/").append(name);
      auto key = document.key_positions.find(key_pointer);
      return key != document.key_positions.end() ? std::pair(key->second.line, key->second.column)
                                                 : std::pair(0, 0);
    };
    std::stable_sort(names.begin(), names.end(),
                     [&](const std::string& a, const std::string& b) { return place(a) < place(b); });
  }
  return found;
}

// The JSON Schema object that applies at `pointer` of a document, following "$ref"
// within the schema, "properties", "items" and "additionalProperties"; nullptr where the walk meets anything
// else (it only serves spelling hints, so it may give up).
const nlohmann::json* schema_at(const nlohmann::json& root, const std::string& pointer) {
  auto resolve = [&](const nlohmann::json* schema) -> const nlohmann::json* {
    for (int hops = 0; schema != nullptr && schema->is_object() && schema->contains("$ref") && hops < 8; ++hops) {
      const nlohmann::json& ref = (*schema)["$ref"];
      if (!ref.is_string() || !util::starts_with(ref.get_ref<const std::string&>(), "#")) {
        return nullptr;
      }
      try {
        schema = &root.at(nlohmann::json::json_pointer(ref.get<std::string>().substr(1)));
      } catch (const nlohmann::json::exception&) {
        return nullptr;
      }
    }
    return schema != nullptr && schema->is_object() ? schema : nullptr;
  };
  const nlohmann::json* schema = resolve(&root);
  std::vector<std::string> tokens = util::split(pointer, '/');
  for (std::size_t i = 1; i < tokens.size() && schema != nullptr; ++i) {
    const std::string& token = tokens[i];
    auto properties = schema->find("properties");
    auto items = schema->find("items");
    auto additional = schema->find("additionalProperties"); // a map by names, such as people
    if (properties != schema->end() && properties->is_object() && properties->contains(token)) {
      schema = resolve(&(*properties)[token]);
    } else if (items != schema->end() && items->is_object() && !token.empty() &&
               token.find_first_not_of("0123456789") == std::string::npos) {
      schema = resolve(&*items);
    } else if (additional != schema->end() && additional->is_object()) {
      schema = resolve(&*additional);
    } else {
      return nullptr;
    }
  }
  return schema;
}

// The field names the schema of `schema_name` knows at `pointer`, for a "did you mean".
std::vector<std::string> known_fields(std::string_view schema_name, const std::string& pointer) {
  auto text = util::embedded_file(schema_name);
  if (!text) {
    return {};
  }
  nlohmann::json root = nlohmann::json::parse(*text, nullptr, false);
  const nlohmann::json* schema = schema_at(root, pointer);
  std::vector<std::string> names;
  auto take = [&](const nlohmann::json& one) {
    auto properties = one.find("properties");
    if (properties != one.end() && properties->is_object()) {
      for (const auto& [name, _] : properties->items()) {
        names.push_back(name);
      }
    }
  };
  if (schema != nullptr) {
    take(*schema);
    for (const char* branches : {"allOf", "anyOf", "oneOf"}) {
      auto list = schema->find(branches);
      for (std::size_t i = 0; list != schema->end() && list->is_array() && i < list->size(); ++i) {
        if (const nlohmann::json* branch = schema_at((*list)[i], ""); branch != nullptr) {
          take(*branch);
        }
      }
    }
  }
  return names;
}

// An unknown field in words, at its name, with a guess at the field meant.
core::Diagnostic explain_unknown(const Document& document, const std::string& pointer, const std::string& name,
                                 const std::vector<std::string>& known, const std::string& file) {
  auto key = document.key_positions.find(pointer + "/" + name);
  Position at = key != document.key_positions.end() ? key->second : document.position_of(pointer);
  std::string message = "unknown field \"" + name + "\" in " + describe(document, pointer);
  if (auto meant = util::closest_name(name, known)) {
    message += " — did you mean \"" + *meant + "\"? Rename it, or remove it";
  } else {
    message += " — remove it or check its spelling";
  }
  return core::Diagnostic{file, at.line, at.column, message};
}

Explained explain(const Document& document, const std::string& description, const std::string& pointer) {
  std::string where = field_name(pointer);
  Position at = document.position_of(pointer);
  auto in_where = [&] { return describe(document, pointer); };
  if (auto missing = quoted_name(description, "Missing required property '")) {
    return {in_where() + " has no \"" + *missing + "\" — add it", at};
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
  if (util::starts_with(description, k_unchecked_pattern)) {
    return {where + " could not be checked against its expected form (" + description.substr(k_unchecked_pattern.size()) +
                ") — shorten it or check its spelling",
            at};
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
  const valijson::Schema& schema = compiled_schema(schema_name);
  SchemaErrors errors = errors_of(schema, document.value);
  if (errors.empty()) {
    return {};
  }
  // valijson reports each failure once more for every enclosing object and list ("failed
  // to validate against schema associated with property …"): those only repeat what
  // the inner error says, so they are left out unless nothing else was found. One
  // message per place is enough (but every unknown field of an object); a flood is cut
  // short.
  auto generic = [](const std::string& description) {
    return description.find("Failed to validate") != std::string::npos;
  };
  bool specific_found = std::any_of(errors.begin(), errors.end(), [&](const auto& e) { return !generic(e.second); });
  bool unknown_cut_short = false;
  std::map<std::string, std::vector<std::string>> unknown = unknown_fields(schema, document, errors, unknown_cut_short);
  core::Diagnostics diagnostics;
  std::set<std::string> places;
  std::size_t left_out = 0;
  auto add = [&](core::Diagnostic diagnostic) {
    if (diagnostics.size() >= k_max_diagnostics) {
      ++left_out;
    } else {
      diagnostics.push_back(std::move(diagnostic));
    }
  };
  for (const auto& [pointer, description] : errors) {
    if (specific_found && generic(description)) {
      continue;
    }
    if (!places.insert(pointer + "\n" + (description.find("Missing required") == 0 ? description : "")).second) {
      continue;
    }
    if (unknown_field(description)) {
      std::vector<std::string> known = known_fields(schema_name, pointer);
      for (const std::string& name : unknown[pointer]) {
        add(explain_unknown(document, pointer, name, known, file));
      }
      continue;
    }
    Explained explained = explain(document, description, pointer);
    add(core::Diagnostic{file, explained.at.line, explained.at.column, explained.message});
  }
  if (left_out > 0) {
    diagnostics.push_back(core::Diagnostic{file, 0, 0, std::string("and ") + (unknown_cut_short ? "at least " : "") +
                                                           std::to_string(left_out) +
                                                           " more problems — fix the ones above first"});
  } else if (unknown_cut_short) {
    diagnostics.push_back(core::Diagnostic{file, 0, 0, "and more unknown fields — fix the ones above first"});
  }
  if (diagnostics.empty()) {
    diagnostics.push_back(core::Diagnostic{file, 1, 1, errors.front().second});
  }
  return diagnostics;
}

} // namespace yaml
