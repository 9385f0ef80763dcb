#include "yaml/runbook_yaml.hpp"

#include "core/runbook_paths.hpp"
#include "core/placeholders.hpp"
#include "core/runbook_rules.hpp"
#include "core/schedule.hpp"
#include "yaml/schema_check.hpp"
#include "yaml/strict_yaml.hpp"

namespace yaml {

namespace {

std::optional<std::string> optional_text(const nlohmann::json& object, const char* key) {
  if (!object.contains(key) || !object.at(key).is_string()) {
    return std::nullopt;
  }
  return object.at(key).get<std::string>();
}

core::Evidence parse_evidence(const nlohmann::json& step) {
  std::string value = step.value("evidence", "none");
  if (value == "text") {
    return core::Evidence::text;
  }
  if (value == "link") {
    return core::Evidence::link;
  }
  if (value == "file") {
    return core::Evidence::file;
  }
  return core::Evidence::none;
}

core::Runbook to_runbook(const nlohmann::json& root) {
  core::Runbook runbook;
  runbook.id = root.at("id").get<std::string>();
  runbook.version = root.at("version").get<int>();
  runbook.title = root.at("title").get<std::string>();
  runbook.owner = root.at("owner").get<std::string>();
  runbook.summary = root.at("summary").get<std::string>();
  runbook.change = optional_text(root, "change");
  if (root.contains("tags")) {
    runbook.tags = root.at("tags").get<std::vector<std::string>>();
  }
  if (root.contains("inputs")) {
    for (const nlohmann::json& item : root.at("inputs")) {
      core::Input input;
      input.name = item.at("name").get<std::string>();
      input.prompt = item.at("prompt").get<std::string>();
      input.pattern = optional_text(item, "pattern");
      if (item.contains("options")) {
        input.options = item.at("options").get<std::vector<std::string>>();
      }
      input.required = item.value("required", false);
      input.hint = optional_text(item, "hint"); // answers where they belong (issue 17)
      input.list = item.value("list", false); // Conditions and repeats (issue 17)
      runbook.inputs.push_back(std::move(input));
    }
  }
  for (const nlohmann::json& item : root.at("steps")) {
    core::Step step;
    step.id = item.at("id").get<std::string>();
    step.title = item.at("title").get<std::string>();
    step.instructions = item.at("do").get<std::string>();
    step.tool = optional_text(item, "tool");
    step.template_name = optional_text(item, "template");
    step.subject = optional_text(item, "subject");
    step.role = optional_text(item, "role");
    step.evidence = parse_evidence(item);
    step.approval = optional_text(item, "approval");
    step.due = optional_text(item, "due"); // due times (issue 17)
    // Conditions and repeats (issue 17)
    if (item.contains("when")) {
      const nlohmann::json& when = item.at("when");
      core::Condition condition;
      condition.input = when.at("input").get<std::string>();
      if (when.contains("in")) {
        condition.in = when.at("in").get<std::vector<std::string>>();
      }
      condition.equals = optional_text(when, "equals");
      step.when = std::move(condition);
    }
    step.optional = item.value("optional", false);
    step.for_each = optional_text(item, "for_each");
    // Team roles (issue 17): approval: {role: R, count: N}
    if (item.contains("approval") && item.at("approval").is_object()) {
      step.approval = item.at("approval").at("role").get<std::string>();
      step.approvals_needed = item.at("approval").value("count", 1);
    }
    runbook.steps.push_back(std::move(step));
  }
  if (auto schedule = optional_text(root, "schedule")) { // schedules (issue 17)
    runbook.schedule = core::parse_schedule(*schedule);
  }
  // Training on every version (issue 17)
  if (root.value("training", "") == "required") {
    runbook.training = core::Training::required;
  }
  return runbook;
}

} // namespace

util::Result<core::Runbook, core::Diagnostics> load_runbook(std::string_view text, const std::string& file,
                                                            SchemaCheck check) {
  using Outcome = util::Result<core::Runbook, core::Diagnostics>;
  auto document = parse_strict(text, file);
  if (!document) {
    return Outcome::failure(document.error());
  }
  if (check == SchemaCheck::passed_before) {
    try {
      return to_runbook(document->value);
    } catch (const nlohmann::json::exception&) {
      // not the shape that passed: the full check says what is wrong
    }
  }
  core::Diagnostics problems = check_schema(*document, "runbook.schema.json", file);
  if (!problems.empty()) {
    return Outcome::failure(problems);
  }
  return to_runbook(document->value);
}

core::Diagnostics validate_runbook_file(std::string_view text, const std::string& path, const core::Policy* policy) {
  auto where = core::parse_version_path(path);
  if (!where) {
    return {core::Diagnostic{path, 0, 0,
                             "this file is not named runbooks/<id>/v<N>.yaml (id: lower-case letters, digits "
                             "and -; N: 1, 2, 3 …) — rename it, or move it out of runbooks/"}};
  }
  auto document = parse_strict(text, path);
  if (!document) {
    return document.error();
  }
  core::Diagnostics problems = check_schema(*document, "runbook.schema.json", path);
  if (!problems.empty()) {
    return problems;
  }
  core::Runbook runbook = to_runbook(document->value);
  for (const core::RunbookProblem& problem : core::check_runbook(runbook, *where, policy)) {
    Position at = document->position_of(problem.pointer);
    problems.push_back(core::Diagnostic{path, at.line, at.column, problem.message});
  }
  return problems;
}

core::Diagnostics runbook_file_warnings(std::string_view text, const std::string& path, const core::Policy* policy) {
  core::Diagnostics warnings;
  auto document = parse_strict(text, path);
  if (!document || !check_schema(*document, "runbook.schema.json", path).empty()) {
    return warnings; // the problems say what to fix first
  }
  core::Runbook runbook = to_runbook(document->value);
  std::vector<core::RunbookProblem> found = core::unknown_placeholders(runbook);
  if (policy != nullptr) {
    for (core::RunbookProblem& warning : core::role_holder_warnings(runbook, *policy)) {
      found.push_back(std::move(warning));
    }
  }
  for (const core::RunbookProblem& problem : found) {
    Position at = document->position_of(problem.pointer);
    warnings.push_back(core::Diagnostic{path, at.line, at.column, problem.message});
  }
  return warnings;
}

nlohmann::json runbook_to_json(const core::Runbook& runbook) {
  nlohmann::json root{{"id", runbook.id},       {"version", runbook.version}, {"title", runbook.title},
                      {"owner", runbook.owner}, {"summary", runbook.summary}, {"tags", runbook.tags}};
  if (runbook.change) {
    root["change"] = *runbook.change;
  }
  nlohmann::json inputs = nlohmann::json::array();
  for (const core::Input& input : runbook.inputs) {
    nlohmann::json item{{"name", input.name}, {"prompt", input.prompt}, {"required", input.required}};
    if (input.pattern) {
      item["pattern"] = *input.pattern;
    }
    if (!input.options.empty()) {
      item["options"] = input.options;
    }
    if (input.hint) {
      item["hint"] = *input.hint;
    }
    if (input.list) {
      item["list"] = true; // Conditions and repeats (issue 17)
    }
    inputs.push_back(item);
  }
  root["inputs"] = inputs;
  nlohmann::json steps = nlohmann::json::array();
  for (const core::Step& step : runbook.steps) {
    nlohmann::json item{{"id", step.id}, {"title", step.title}, {"do", step.instructions},
                        {"evidence", core::to_string(step.evidence)}};
    auto add = [&](const char* key, const std::optional<std::string>& value) {
      if (value) {
        item[key] = *value;
      }
    };
    add("tool", step.tool);
    add("template", step.template_name);
    add("subject", step.subject);
    add("role", step.role);
    add("approval", step.approval);
    add("due", step.due);
    // Conditions and repeats (issue 17)
    if (step.when) {
      nlohmann::json when{{"input", step.when->input}};
      if (!step.when->in.empty()) {
        when["in"] = step.when->in;
      }
      if (step.when->equals) {
        when["equals"] = *step.when->equals;
      }
      item["when"] = when;
    }
    if (step.optional) {
      item["optional"] = true;
    }
    add("for_each", step.for_each);
    // Team roles (issue 17)
    if (step.approval && step.approvals_needed != 1) {
      item["approval"] = nlohmann::json{{"role", *step.approval}, {"count", step.approvals_needed}};
    }
    steps.push_back(item);
  }
  root["steps"] = steps;
  if (runbook.schedule) {
    root["schedule"] = core::to_string(*runbook.schedule);
  }
  // Training on every version (issue 17)
  if (runbook.training == core::Training::required) {
    root["training"] = "required";
  }
  return root;
}

} // namespace yaml
