#include "yaml/compiled_schema.hpp"

#include "util/embedded.hpp"
#include "util/error.hpp"
#include "util/pattern.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <map>
#include <memory>
#include <mutex>

namespace yaml {

namespace {

// JSON Schema's "pattern", checked with util::Pattern instead of valijson's std::regex,
// whose default matcher recursed once per character that a repetition took in: a value
// of some 30 000 characters overflowed the stack. The schema's patterns are renamed to
// this keyword before valijson reads it, so that valijson builds ours.
constexpr const char* k_pattern_keyword = "x-git-runbook-pattern";

class PatternConstraint final : public valijson::constraints::PolyConstraint {
public:
  explicit PatternConstraint(std::shared_ptr<const util::Pattern> pattern) : m_pattern(std::move(pattern)) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) {
      return true; // as valijson's own pattern constraint with strict types
    }
    auto matched = m_pattern->matches(target.asString());
    if (matched && *matched) {
      return true;
    }
    if (results != nullptr) {
      results->pushError(context, matched ? std::string("Failed to match regex specified by 'pattern' constraint.")
                                          : std::string(k_unchecked_pattern) + matched.error().detail);
    }
    return false;
  }

private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override {
    return new (memory) PatternConstraint(*this);
  }
  std::size_t sizeOf() const override { return sizeof(PatternConstraint); }

  std::shared_ptr<const util::Pattern> m_pattern; // shared by valijson's copies
};

class PatternBuilder final : public valijson::ConstraintBuilder {
public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string text = value.asString();
    auto compiled = util::Pattern::compile(text, util::Pattern::Span::anywhere);
    if (!compiled) {
      throw util::EnvironmentError("the pattern " + text + " of a schema in this build is refused (" +
                                   compiled.error().detail + ") — please report this bug");
    }
    return new PatternConstraint(std::make_shared<const util::Pattern>(std::move(compiled).value()));
  }
};

// Renames each "pattern" keyword (a text; a property named "pattern" holds a schema).
void take_over_patterns(nlohmann::json& schema) {
  if (!schema.is_structured()) {
    return; // (a text or number would iterate over itself)
  }
  if (schema.is_object()) {
    auto pattern = schema.find("pattern");
    if (pattern != schema.end() && pattern->is_string()) {
      nlohmann::json text = *pattern;
      schema.erase(pattern);
      schema[k_pattern_keyword] = std::move(text);
    }
  }
  for (nlohmann::json& value : schema) { // an object's values, an array's items
    take_over_patterns(value);
  }
}

// Guards the cache below: a schema is compiled once, by whichever thread comes first.
std::mutex g_cache_mutex;

} // namespace

const valijson::Schema& compiled_schema(std::string_view name) {
  std::lock_guard lock(g_cache_mutex);
  static std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) {
    return *it->second;
  }
  auto text = util::embedded_file(name);
  if (!text) {
    throw util::EnvironmentError("the schema " + std::string(name) + " is missing from this build");
  }
  nlohmann::json schema_json = nlohmann::json::parse(*text);
  take_over_patterns(schema_json);
  auto compiled = std::make_unique<valijson::Schema>();
  valijson::SchemaParser parser;
  parser.addConstraintBuilder(k_pattern_keyword, new PatternBuilder); // the parser owns it
  valijson::adapters::NlohmannJsonAdapter adapter(schema_json);
  parser.populateSchema(adapter, *compiled);
  return *cache.emplace(std::string(name), std::move(compiled)).first->second;
}

namespace {

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
} // namespace

SchemaErrors errors_of(const valijson::Schema& schema, const nlohmann::json& value) {
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(value);
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  SchemaErrors errors;
  if (validator.validate(schema, target, &results)) {
    return errors;
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    errors.emplace_back(to_pointer(error.context), error.description);
  }
  return errors;
}

} // namespace yaml
