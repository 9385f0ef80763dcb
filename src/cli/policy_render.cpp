#include "cli/policy_render.hpp"

#include "util/text.hpp"

#include <map>

namespace cli {

namespace {

std::string expires_text(const core::PersonDescription& person) {
  return person.key_expires ? core::expiry_text(*person.key_expires) : std::string("unknown (key file unreadable)");
}

std::string roles_text(const core::PersonDescription& person) {
  return person.roles.empty() ? std::string("no role") : util::join(person.roles, ", ");
}

std::string holders_line(const core::PolicyDescription& description, const std::string& role,
                         const std::vector<std::string>& holders) {
  std::string line = "May " + core::what_role_allows(role);
  if (auto text = description.team_role_descriptions.find(role); text != description.team_role_descriptions.end()) {
    line += " — " + text->second;
  }
  return line + ": " + (holders.empty() ? std::string("nobody") : util::join(holders, ", "));
}

// A table cell: Markdown would end the cell at a "|" and the row at a line break.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c == '\n' ? ' ' : c;
    }
  }
  return out;
}

void print_text(std::ostream& out, const core::PolicyDescription& description) {
  out << "Protected branches: " << util::join(description.protected_branches, ", ")
      << "; runs are recorded on " << description.log_branch << ".\n\nPeople:\n";
  for (const core::PersonDescription& person : description.people) {
    out << "  " << person.id << " — " << person.name << " <" << person.email << ">, " << person.status << "\n"
        << "    roles: " << roles_text(person) << "\n"
        << "    key: " << person.fingerprint << ", expires: " << expires_text(person) << "\n";
  }
  out << "\nWho may do what (active people):\n";
  for (const auto& [role, holders] : description.holders) {
    out << "  " << holders_line(description, role, holders) << "\n";
  }
  if (!description.publishing.empty()) {
    out << "\nPublishing:\n";
    for (const core::PublishRight& right : description.publishing) {
      out << "  " << right.sentence << "\n";
    }
  }
  if (!description.steps.empty()) {
    out << "\nSteps only some people may record or approve (latest versions):\n";
    for (const core::StepRequirement& step : description.steps) {
      out << "  " << step.sentence << (step.can_be_met ? "" : "  [cannot be met]") << "\n";
    }
  }
  if (!description.warnings.empty()) {
    out << "\nWarnings:\n";
    for (const std::string& warning : description.warnings) {
      out << "  warning: " << warning << "\n";
    }
  }
}

void print_markdown(std::ostream& out, const core::PolicyDescription& description) {
  out << "Protected branches: " << util::join(description.protected_branches, ", ") << "; runs are recorded on `"
      << description.log_branch << "`.\n\n### People\n\n"
      << "| Person | Name | Roles | Status | Key fingerprint | Key expires |\n"
      << "|---|---|---|---|---|---|\n";
  for (const core::PersonDescription& person : description.people) {
    out << "| " << cell(person.id) << " | " << cell(person.name) << " | " << cell(roles_text(person)) << " | "
        << person.status << " | `" << person.fingerprint << "` | " << expires_text(person) << " |\n";
  }
  out << "\n### Who may do what\n\n";
  for (const auto& [role, holders] : description.holders) {
    out << "- " << cell(holders_line(description, role, holders)) << "\n";
  }
  if (!description.publishing.empty()) {
    out << "\n### Publishing\n\n";
    for (const core::PublishRight& right : description.publishing) {
      out << "- " << right.sentence << "\n";
    }
  }
  if (!description.steps.empty()) {
    out << "\n### Steps only some people may record or approve\n\n";
    for (const core::StepRequirement& step : description.steps) {
      out << "- " << (step.can_be_met ? "" : "**cannot be met:** ") << step.sentence << "\n";
    }
  }
  if (!description.warnings.empty()) {
    out << "\n### Warnings\n\n";
    for (const std::string& warning : description.warnings) {
      out << "- :warning: " << warning << "\n";
    }
  }
}

} // namespace

void add_report_format_option(CLI::App& command, ReportFormat& format) {
  static const std::map<std::string, ReportFormat> k_names{
      {"text", ReportFormat::text}, {"md", ReportFormat::md}, {"json", ReportFormat::json}};
  command.add_option("--format", format, "text (default), md (Markdown, for a pull request or CI summary) or json")
      ->transform(CLI::CheckedTransformer(k_names, CLI::ignore_case))
      ->option_text("text|md|json");
}

void print_description(std::ostream& out, const core::PolicyDescription& description, ReportFormat format) {
  if (format == ReportFormat::md) {
    print_markdown(out, description);
  } else {
    print_text(out, description);
  }
}

nlohmann::json description_json(const core::PolicyDescription& description) {
  nlohmann::json people = nlohmann::json::array();
  for (const core::PersonDescription& person : description.people) {
    people.push_back({{"id", person.id},
                      {"name", person.name},
                      {"email", person.email},
                      {"status", person.status},
                      {"roles", person.roles},
                      {"fingerprint", person.fingerprint},
                      {"key_expires", person.key_expires ? nlohmann::json(core::expiry_text(*person.key_expires))
                                                         : nlohmann::json(nullptr)}});
  }
  nlohmann::json roles = nlohmann::json::array();
  for (const auto& [role, holders] : description.holders) {
    auto text = description.team_role_descriptions.find(role);
    roles.push_back({{"role", role},
                     {"team_role", text != description.team_role_descriptions.end()},
                     {"allows", core::what_role_allows(role)},
                     {"holders", holders}});
  }
  nlohmann::json publishing = nlohmann::json::array();
  for (const core::PublishRight& right : description.publishing) {
    publishing.push_back(
        {{"runbook", right.runbook}, {"authors", right.authors}, {"narrowed", right.narrowed}, {"sentence", right.sentence}});
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const core::StepRequirement& step : description.steps) {
    steps.push_back({{"runbook", step.runbook},
                     {"version", step.version},
                     {"step", step.step},
                     {"title", step.title},
                     {"kind", step.kind == core::StepRequirement::Kind::perform ? "perform" : "approve"},
                     {"role", step.role},
                     {"needed", step.needed},
                     {"people", step.people},
                     {"can_be_met", step.can_be_met},
                     {"sentence", step.sentence}});
  }
  return {{"protected_branches", description.protected_branches},
          {"log_branch", description.log_branch},
          {"people", people},
          {"roles", roles},
          {"publishing", publishing},
          {"steps", steps},
          {"warnings", description.warnings}};
}

void print_policy_changes(std::ostream& out, const std::vector<core::PolicyChange>& changes) {
  if (changes.empty()) {
    out << "- nothing: both grant the same people the same rights\n";
  }
  for (const core::PolicyChange& change : changes) {
    out << "- " << change.sentence << "\n";
  }
}

nlohmann::json policy_changes_json(const std::vector<core::PolicyChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const core::PolicyChange& change : changes) {
    list.push_back({{"kind", core::to_string(change.kind)},
                    {"subject", change.subject},
                    {"sentence", change.sentence},
                    {"grants", change.grants}});
  }
  return list;
}

} // namespace cli
