#include "cli/audit_render.hpp"

#include "cli/training_report.hpp"
#include "core/checkpoint.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cli {

namespace {

std::string percent(double rate) { return std::to_string(std::lround(rate * 100)) + "%"; }

std::string duration_or(const std::optional<long long>& seconds, const char* otherwise) {
  return seconds ? core::describe_duration(*seconds) : otherwise;
}

std::string top_steps(const std::vector<std::pair<std::string, std::size_t>>& steps) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < steps.size() && i < 3; ++i) {
    parts.push_back("step " + steps[i].first + " (" + std::to_string(steps[i].second) + "×)");
  }
  return parts.empty() ? "none" : util::join(parts, ", ");
}

std::string evidence_text(const core::Record& record) {
  std::vector<std::string> parts;
  for (const core::EvidenceItem& item : record.evidence) {
    parts.push_back(item.link ? *item.link : item.name + " (sha256 " + item.sha256 + ", " + std::to_string(item.size) + " bytes)");
  }
  return util::join(parts, "; ");
}

std::string run_status(const core::RunAudit& run) {
  return run.outcome ? std::string(core::to_string(*run.outcome)) : std::string("open");
}

// Where the run's version was published, for a sentence: "published in commit …".
std::string publication(const core::RunAudit& run) {
  return run.published_in.empty() ? "published in a commit this clone does not have (fetch the protected branch)"
                                  : "published in commit " + run.published_in;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  }
  return out;
}

std::string csv_field(const std::string& text) {
  bool quote = text.find_first_of(",\"\n\r") != std::string::npos;
  if (!quote) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string html(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string verification_line(const AuditReport& report) {
  if (report.trust_root.empty()) {
    return "History could not be verified (no trust root): treat nothing here as proven.";
  }
  return report.problems == 0 ? "Every signature and permission verified from trust root " + util::shorten(report.trust_root) + "."
                              : "NOT verified: `git runbook verify` finds " + std::to_string(report.problems) +
                                    " problem(s); events marked unverified below are not proven.";
}

// What an event did, with its step's title as the run's answers fill it.
std::string what(const core::RunAudit& run, const core::Record& record) {
  std::string text = core::describe_event(record);
  if (record.step) {
    if (auto title = run.step_titles.find(*record.step); title != run.step_titles.end()) {
      text += " — " + title->second;
    }
  }
  return text;
}
const char* k_no_training = "No published runbook requires training (`training: required`).";

// Witnessed time (issue 18): beside each event's claimed time, when the server received
// it, by its signed checkpoints; one helper per format. Nothing is added for a run
// without checkpoints (a server with no witness).
std::string witnessed_words(const core::AuditEvent& event) {
  std::string words = core::describe_window(core::ReceivedWindow{event.received_after, event.received_by});
  return event.time_flag.empty() ? words : words + " — needs a look: " + event.time_flag;
}
std::string markdown_witnessed(const core::RunAudit& run, const core::AuditEvent* event) {
  if (!run.witnessed) {
    return "";
  }
  return event == nullptr ? " Received by the server (witnessed) |" : " " + markdown_cell(witnessed_words(*event)) + " |";
}
bool any_witnessed(const AuditReport& report) {
  return std::any_of(report.runs.begin(), report.runs.end(), [](const core::RunAudit& run) { return run.witnessed; });
}
std::vector<std::string> csv_witnessed(const AuditReport& report, const core::AuditEvent* event) {
  if (!any_witnessed(report)) {
    return {};
  }
  if (event == nullptr) {
    return {"", "", ""};
  }
  return {event->received_after, event->received_by, event->time_flag};
}
nlohmann::json json_witnessed(const core::RunAudit& run, const core::AuditEvent& event) {
  if (!run.witnessed) {
    return nullptr;
  }
  return {{"after", event.received_after.empty() ? nlohmann::json() : nlohmann::json(event.received_after)},
          {"by", event.received_by.empty() ? nlohmann::json() : nlohmann::json(event.received_by)},
          {"in_words", core::describe_window(core::ReceivedWindow{event.received_after, event.received_by})},
          {"needs_a_look", event.time_flag.empty() ? nlohmann::json() : nlohmann::json(event.time_flag)}};
}
std::string html_witnessed(const core::RunAudit& run, const core::AuditEvent* event) {
  if (!run.witnessed) {
    return "";
  }
  if (event == nullptr) {
    return "<th>Received by the server (witnessed)</th>";
  }
  std::string cell = html(core::describe_window(core::ReceivedWindow{event->received_after, event->received_by}));
  return "<td>" + cell + (event->time_flag.empty() ? "" : "<br><span class=\"no\">needs a look: " + html(event->time_flag) + "</span>") + "</td>";
}

// An audit report people read (issue 18)

// A fingerprint as gpg shows it, in groups of four: "ABCD 1234 …"; "—" for none.
std::string grouped(const std::string& fingerprint) {
  if (fingerprint.empty()) {
    return "—";
  }
  std::string out;
  for (std::size_t i = 0; i < fingerprint.size(); i += 4) {
    out += (i == 0 ? "" : " ") + fingerprint.substr(i, 4);
  }
  return out;
}

// "2026-11-29 21:50:12" from "2026-11-29T21:50:12.345Z".
std::string when(const std::string& at) { return at.size() >= 19 ? at.substr(0, 10) + " " + at.substr(11, 8) : at; }

// "3 — Request accounts and access", "3 for laptop — …", or "3" without a title.
std::string step_label(const core::RunAudit& run, const std::string& step, const std::optional<std::string>& item) {
  std::string text = step + (item ? " for " + *item : "");
  auto title = run.step_titles.find(step);
  return title == run.step_titles.end() ? text : text + " — " + title->second;
}

// Who approved: "Bob Builder (bob) at 2026-11-29 21:50:12, …", or "nobody".
std::string approvers(const AuditReport& report, const core::StepApproval& approval) {
  std::vector<std::string> parts;
  for (const core::GivenApproval& given : approval.given) {
    parts.push_back(named(report.names, given.by) + " at " + when(given.at));
  }
  return parts.empty() ? "nobody" : util::join(parts, ", ");
}

// Why a step's approval requirement stands as it does: "1 more approval needed", "step
// skipped", "step not recorded"; "" when it is met.
std::string requirement_detail(const core::StepApproval& approval) {
  switch (approval.status) {
  case core::ApprovalStatus::met:
    return "";
  case core::ApprovalStatus::missing: {
    std::size_t given = std::min(approval.given.size(), static_cast<std::size_t>(approval.needed));
    std::size_t more = static_cast<std::size_t>(approval.needed) - given;
    return std::to_string(more) + " more approval" + (more == 1 ? "" : "s") + " needed";
  }
  case core::ApprovalStatus::not_needed:
    break;
  }
  return approval.outcome ? "step " + std::string(core::to_string(*approval.outcome)) : "step not recorded";
}

// Whether the requirement was met, in words: "met", "NOT met: 1 more approval needed",
// "not needed (step skipped)".
std::string requirement(const core::StepApproval& approval) {
  switch (approval.status) {
  case core::ApprovalStatus::met:
    return "met";
  case core::ApprovalStatus::missing:
    return "NOT met: " + requirement_detail(approval);
  case core::ApprovalStatus::not_needed:
    break;
  }
  return "not needed (" + requirement_detail(approval) + ")";
}

// One person's training for a run: "acknowledged v2 on 2026-11-28 09:00:00, before their
// first record", or "NOT acknowledged".
std::string trained(const core::RunAudit& run, const core::RunTraining& person) {
  if (person.acknowledged_at.empty()) {
    return "NOT acknowledged v" + std::to_string(run.version);
  }
  return "acknowledged v" + std::to_string(run.version) + " on " + when(person.acknowledged_at) +
         (person.acknowledged_before ? ", before their first record" : ", AFTER their first record (" +
                                                                            when(person.first_action_at) + ")");
}

nlohmann::json name_json(const AuditReport& report, const std::string& id) {
  auto found = report.names.find(id);
  return found == report.names.end() ? nlohmann::json() : nlohmann::json(found->second);
}

nlohmann::json approvals_json(const AuditReport& report, const core::RunAudit& run) {
  nlohmann::json list = nlohmann::json::array();
  for (const core::StepApproval& approval : run.approvals) {
    nlohmann::json given = nlohmann::json::array();
    for (const core::GivenApproval& by : approval.given) {
      given.push_back({{"by", by.by}, {"by_name", name_json(report, by.by)}, {"at", by.at}});
    }
    auto title = run.step_titles.find(approval.step);
    list.push_back({{"step", approval.step},
                    {"item", approval.item ? nlohmann::json(*approval.item) : nlohmann::json()},
                    {"step_title", title == run.step_titles.end() ? nlohmann::json() : nlohmann::json(title->second)},
                    {"role", approval.role},
                    {"needed", approval.needed},
                    {"step_outcome", approval.outcome ? nlohmann::json(core::to_string(*approval.outcome)) : nlohmann::json()},
                    {"approved_by", given},
                    {"requirement", core::to_string(approval.status)}});
  }
  return list;
}

nlohmann::json run_training_json(const AuditReport& report, const core::RunAudit& run) {
  nlohmann::json list = nlohmann::json::array();
  for (const core::RunTraining& person : run.training) {
    list.push_back({{"person", person.person},
                    {"name", name_json(report, person.person)},
                    {"first_record_at", person.first_action_at},
                    {"acknowledged_at", person.acknowledged_at.empty() ? nlohmann::json() : nlohmann::json(person.acknowledged_at)},
                    {"acknowledged_before", person.acknowledged_before}});
  }
  return list;
}

// A coloured word: "done", "not met", … (the class is the word with dashes).
std::string badge(const std::string& word) {
  std::string kind = word;
  std::replace(kind.begin(), kind.end(), ' ', '-');
  return "<span class=\"badge b-" + html(kind) + "\">" + html(word) + "</span>";
}

// The page's top: how many runs, events, approvals, flags and training gaps.
std::string html_summary(const AuditReport& report) {
  std::size_t completed = 0, aborted = 0, open = 0, events = 0, unverified = 0, met = 0, missing = 0, flagged = 0;
  std::size_t untrained = 0;
  for (const core::RunAudit& run : report.runs) {
    completed += run.outcome == core::Outcome::completed ? 1 : 0;
    aborted += run.outcome == core::Outcome::aborted ? 1 : 0;
    open += run.outcome ? 0 : 1;
    events += run.events.size();
    for (const core::AuditEvent& event : run.events) {
      unverified += event.verified ? 0 : 1;
    }
    for (const core::StepApproval& approval : run.approvals) {
      met += approval.status == core::ApprovalStatus::met ? 1 : 0;
      missing += approval.status == core::ApprovalStatus::missing ? 1 : 0;
    }
    flagged += run.needs_a_look.empty() ? 0 : 1;
  }
  for (const core::VersionTraining& version : report.training) {
    untrained += version.missing.size();
  }
  auto card = [](const char* kind, const std::string& number, const std::string& text) {
    return "<div class=\"card" + std::string(kind) + "\"><span class=\"n\">" + number + "</span>" + text + "</div>\n";
  };
  std::string out = "<div class=\"cards\">\n";
  out += card("", std::to_string(report.runs.size()), (report.runs.size() == 1 ? "run: " : "runs: ") +
                  std::to_string(completed) + " completed, " + std::to_string(aborted) + " aborted, " +
                  std::to_string(open) + " open");
  out += card(unverified == 0 ? "" : " alarm", std::to_string(events),
              unverified == 0 ? std::string("events, all signatures verified")
                              : "events, " + std::to_string(unverified) + " NOT verified");
  out += card(missing == 0 ? "" : " alarm", std::to_string(met) + " of " + std::to_string(met + missing),
              "approvals met" + (missing == 0 ? std::string() : ", " + std::to_string(missing) + " still missing"));
  out += card(flagged == 0 ? "" : " warn", std::to_string(flagged),
              flagged == 1 ? "run needs a look" : "runs need a look");
  out += card(untrained == 0 ? "" : " warn", std::to_string(untrained),
              report.training.empty() ? "training: no runbook requires it"
                                      : "training: people who have not acknowledged a version yet");
  out += "</div>\n";
  if (flagged > 0) {
    out += "<div class=\"look\"><strong>Needs a look</strong> (accepted records that met a conflict when people's "
           "records were merged, and steps done after their due time):<ul>\n";
    for (const core::RunAudit& run : report.runs) {
      for (const std::string& flag : run.needs_a_look) {
        out += "<li><a href=\"#run-" + html(run.run) + "\">" + html(run.run) + "</a>: " + html(flag) + "</li>\n";
      }
    }
    out += "</ul></div>\n";
  }
  return out;
}

// A fingerprint on two lines of five groups, as gpg shows it with a wider gap.
std::string key_lines(const std::string& fingerprint) {
  std::string text = grouped(fingerprint);
  return text.size() == 49 ? html(text.substr(0, 24)) + "<br>" + html(text.substr(25)) : html(text);
}

// One event as a row: time, step, what happened, by, key, verified.
std::string html_event(const AuditReport& report, const core::RunAudit& run, const core::AuditEvent& event) {
  const core::Record& r = event.record;
  std::string step = r.step ? "<strong>" + html(*r.step + (r.item ? " for " + *r.item : "")) + "</strong>" : "";
  if (auto title = r.step ? run.step_titles.find(*r.step) : run.step_titles.end(); title != run.step_titles.end()) {
    step += " " + html(title->second);
  }
  std::string happened;
  switch (r.event) {
  case core::EventKind::start:
    happened = badge("started") + " v" + std::to_string(r.version);
    break;
  case core::EventKind::step:
    happened = badge(r.outcome ? std::string(core::to_string(*r.outcome)) : "recorded");
    break;
  case core::EventKind::approve:
    happened = badge("approved");
    break;
  case core::EventKind::finish:
    happened = "finished " + badge(r.outcome ? std::string(core::to_string(*r.outcome)) : "completed");
    break;
  default:
    happened = badge(std::string(core::to_string(r.event)));
  }
  if (r.note) {
    happened += "<br>" + html(*r.note);
  }
  if (!r.evidence.empty()) {
    happened += "<br><span class=\"small\">Evidence: " + html(evidence_text(r)) + "</span>";
  }
  for (const std::string& flag : event.flags) {
    happened += "<span class=\"flag\">&#9888; Needs a look: " + html(flag) + "</span>";
  }
  auto name = report.names.find(r.by);
  std::string by = name == report.names.end() || name->second.empty()
                       ? html(r.by)
                       : html(name->second) + "<br><span class=\"small\">" + html(r.by) + "</span>";
  return std::string("<tr") + (event.flags.empty() ? "" : " class=\"flagged\"") + "><td class=\"when\">" +
         html(when(r.at)) + "</td>" + html_witnessed(run, &event) + "<td>" + step + "</td><td>" + happened + "</td><td>" + by + "</td><td class=\"key\">" +
         key_lines(event.signer) + "</td><td>" +
         (event.verified ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">NO</span>") + "</td></tr>\n";
}

// One run: what was followed, its flags, approvals, training and events.
std::string html_run(const AuditReport& report, const core::RunAudit& run) {
  std::string out = "<section class=\"run\" id=\"run-" + html(run.run) + "\">\n<h3>" + html(run.runbook_title) + " " +
                    badge(run_status(run)) + "</h3>\n<ul class=\"facts\">\n";
  out += "<li>Run <code>" + html(run.run) + "</code></li>\n";
  out += "<li>Followed <strong>" + html(run.runbook) + " version " + std::to_string(run.version) +
         "</strong> (version file <code>" + html(run.runbook_blob) + "</code>, " +
         (run.published_in.empty() ? html(publication(run)) : "published in commit <code>" + html(run.published_in) + "</code>") +
         ")</li>\n";
  out += "<li>Started " + html(when(run.started_at)) + (run.finished_at.empty() ? "" : ", finished " + html(when(run.finished_at))) +
         "; duration " + html(duration_or(run.duration_seconds, "— (still open)")) + "</li>\n";
  out += "<li>Signatures: " + std::string(run.all_verified ? "<span class=\"yes\">all verified</span>" : "<span class=\"no\">NOT all verified</span>") + "</li>\n";
  for (const auto& [name, value] : run.inputs) {
    out += "<li>" + html(name) + ": " + html(value) + "</li>\n";
  }
  out += "</ul>\n";
  if (!run.needs_a_look.empty()) {
    out += "<div class=\"look\"><strong>Needs a look</strong> (accepted records that met a conflict when "
           "people's records were merged, and steps done after their due time):<ul>\n";
    for (const std::string& flag : run.needs_a_look) {
      out += "<li>" + html(flag) + "</li>\n";
    }
    out += "</ul></div>\n";
  }
  if (!run.approvals.empty()) {
    out += "<h4>Approvals</h4>\n<table>\n<thead><tr><th>Step</th><th>Who must approve</th><th>Approved by</th>"
           "<th>Requirement</th></tr></thead>\n";
    for (const core::StepApproval& approval : run.approvals) {
      std::vector<std::string> given;
      for (const core::GivenApproval& by : approval.given) {
        given.push_back(html(named(report.names, by.by)) + " <span class=\"small\">at " + html(when(by.at)) + "</span>");
      }
      out += "<tr><td>" + html(step_label(run, approval.step, approval.item)) + "</td><td>" + html(approval.wording) +
             "</td><td>" + (given.empty() ? std::string("nobody") : util::join(given, "<br>")) + "</td><td>" +
             badge(std::string(core::to_string(approval.status))) +
             (approval.status == core::ApprovalStatus::met ? "" : " " + html(requirement_detail(approval))) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (run.training_required) {
    out += "<h4>Training</h4>\n<p class=\"small\">Version " + std::to_string(run.version) +
           " requires training: everyone who starts it or records a step acknowledges it first.</p>\n<ul class=\"facts\">\n";
    for (const core::RunTraining& person : run.training) {
      bool good = person.acknowledged_before;
      out += "<li>" + html(named(report.names, person.person)) + ": <span class=\"" + (good ? "yes" : "no") + "\">" +
             html(trained(run, person)) + "</span></li>\n";
    }
    out += "</ul>\n";
  }
  out += "<h4>Events</h4>\n<table class=\"events\">\n<thead><tr><th class=\"when\">When (UTC)</th>" + html_witnessed(run, nullptr) +
         "<th class=\"step\">Step</th>"
         "<th>What happened</th><th class=\"by\">By</th><th class=\"signer\">Signing key</th><th class=\"verified\">"
         "Verified</th></tr></thead>\n";
  for (const core::AuditEvent& event : run.events) {
    out += html_event(report, run, event);
  }
  out += "</table>\n</section>\n";
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    out += (i == 0 ? "" : ",") + csv_field(fields[i]);
  }
  return out + "\n";
}

} // namespace

std::string render_markdown(const AuditReport& report) {
  std::string out = "# Runbook audit: " + report.repository + "\n\nGenerated " + report.generated_at +
                    (report.filters.empty() ? "" : " for " + report.filters) + ". " + verification_line(report) + "\n\n";
  out += "## Runbooks\n\n| Runbook | Runs | Finished | Completed | Completion rate | Median duration | Most skipped | Most failed |\n"
         "|---|---|---|---|---|---|---|---|\n";
  for (const core::RunbookAudit& book : report.runbooks) {
    out += "| " + markdown_cell(book.runbook + " — " + book.title) + " | " + std::to_string(book.runs) + " | " +
           std::to_string(book.finished) + " | " + std::to_string(book.completed) + " | " + percent(book.completion_rate) +
           " | " + duration_or(book.median_duration_seconds, "—") + " | " + top_steps(book.skipped_steps) + " | " +
           top_steps(book.failed_steps) + " |\n";
  }
  if (!report.missed_periods.empty()) {
    out += "\n**Needs a look: schedules** (periods of a scheduled runbook in which no run started):\n\n";
    for (const std::string& missed : report.missed_periods) {
      out += "- " + markdown_cell(missed) + "\n";
    }
  }
  out += "\n## Training\n\n";
  if (report.training.empty()) {
    out += std::string(k_no_training) + "\n";
  } else {
    out += "Who has read each version that requires training (`git runbook ack`), and who has not yet.\n\n"
           "| Runbook | Version | Published | Acknowledged by | Not yet |\n|---|---|---|---|---|\n";
    for (const core::VersionTraining& version : report.training) {
      out += "| " + markdown_cell(version.runbook + " — " + version.title) + " | v" + std::to_string(version.version) +
             " | " + (version.published_at.empty() ? "—" : version.published_at) + " | " +
             markdown_cell(acknowledged_list(version, report.names)) + " | " +
             markdown_cell(missing_list(version, report.names)) + " |\n";
    }
  }
  for (const core::RunAudit& run : report.runs) {
    out += "\n## Run " + run.run + "\n\n- Runbook: " + markdown_cell(run.runbook_title) + " (" + run.runbook + " v" +
           std::to_string(run.version) + ", version file " + run.runbook_blob + ", " + publication(run) + ")\n- Status: " + run_status(run) +
           ", duration " + duration_or(run.duration_seconds, "— (still open)") +
           "\n- Signatures: " + (run.all_verified ? "all verified" : "NOT all verified") + "\n";
    for (const auto& [name, value] : run.inputs) {
      out += "- Input " + name + ": " + markdown_cell(value) + "\n";
    }
    if (!run.needs_a_look.empty()) {
      out += "\n**Needs a look** (accepted records that met a conflict when people's records were merged, and steps "
             "done after their due time):\n\n";
      for (const std::string& flag : run.needs_a_look) {
        out += "- " + markdown_cell(flag) + "\n";
      }
    }
    if (!run.approvals.empty()) {
      out += "\n**Approvals**\n\n| Step | Who must approve | Approved by | Requirement |\n|---|---|---|---|\n";
      for (const core::StepApproval& approval : run.approvals) {
        out += "| " + markdown_cell(step_label(run, approval.step, approval.item)) + " | " +
               markdown_cell(approval.wording) + " | " + markdown_cell(approvers(report, approval)) + " | " +
               requirement(approval) + " |\n";
      }
    }
    if (run.training_required) {
      out += "\n**Training** (v" + std::to_string(run.version) + " requires it):\n\n";
      for (const core::RunTraining& person : run.training) {
        out += "- " + markdown_cell(named(report.names, person.person)) + ": " + trained(run, person) + "\n";
      }
    }
    out += "\n| When (UTC) |" + markdown_witnessed(run, nullptr) +
           " Who | What | Note | Evidence | Signing key | Verified | Needs a look |\n|---|---|---|---|---|---|---|---|" +
           (run.witnessed ? "---|" : "") + "\n";
    for (const core::AuditEvent& event : run.events) {
      out += "| " + event.record.at + " |" + markdown_witnessed(run, &event) + " " +
             markdown_cell(named(report.names, event.record.by)) + " | " +
             markdown_cell(what(run, event.record)) + " | " + markdown_cell(event.record.note.value_or("")) + " | " +
             markdown_cell(evidence_text(event.record)) + " | " + grouped(event.signer) + " | " +
             (event.verified ? "yes" : "NO") + " | " + markdown_cell(util::join(event.flags, "; ")) + " |\n";
    }
  }
  return out;
}

std::string render_csv(const AuditReport& report) {
  std::string out = "run,runbook,version,version_blob,published_in,at,by,event,step,outcome,note,evidence,commit,verified,"
                    "step_title,by_name,signer,needs_a_look";
  out += any_witnessed(report) ? ",received_after,received_by,time_needs_a_look\n" : "\n";
  // Witnessed time (issue 18): its columns at the end of each row, when there are any.
  auto with_witness = [&](std::vector<std::string> fields, const core::AuditEvent* event) {
    for (std::string& witnessed : csv_witnessed(report, event)) {
      fields.push_back(std::move(witnessed));
    }
    return csv_row(fields);
  };
  auto name_of = [&](const std::string& id) {
    auto found = report.names.find(id);
    return found == report.names.end() ? std::string() : found->second;
  };
  for (const core::RunAudit& run : report.runs) {
    for (const core::AuditEvent& event : run.events) {
      const core::Record& r = event.record;
      auto title = r.step ? run.step_titles.find(*r.step) : run.step_titles.end();
      out += with_witness({run.run, run.runbook, std::to_string(run.version), run.runbook_blob, run.published_in, r.at, r.by,
                      std::string(core::to_string(r.event)), r.step.value_or(""),
                      r.outcome ? std::string(core::to_string(*r.outcome)) : "", r.note.value_or(""), evidence_text(r),
                      event.commit, event.verified ? "yes" : "no",
                      title == run.step_titles.end() ? "" : title->second, name_of(r.by), event.signer,
                      util::join(event.flags, "; ")},
                 &event);
    }
    // One row per step that asks for approval: whether the requirement was met.
    for (const core::StepApproval& approval : run.approvals) {
      std::string last = approval.given.empty() ? "" : approval.given.back().at;
      auto title = run.step_titles.find(approval.step);
      out += with_witness({run.run, run.runbook, std::to_string(run.version), run.runbook_blob, run.published_in, last, "",
                      "approval-requirement", approval.step + (approval.item ? " for " + *approval.item : ""),
                      std::string(core::to_string(approval.status)),
                      approval.wording + "; approved by " + approvers(report, approval), "", "", "",
                      title == run.step_titles.end() ? "" : title->second, "", "", ""},
                 nullptr);
    }
    // One row per person who followed a version that requires training.
    for (const core::RunTraining& person : run.training) {
      out += with_witness({run.run, run.runbook, std::to_string(run.version), run.runbook_blob, run.published_in,
                      person.acknowledged_at, person.person, "training", "",
                      person.acknowledged_at.empty() ? "not-acknowledged" : "acknowledged", trained(run, person), "", "",
                      "", "", name_of(person.person), "", ""},
                 nullptr);
    }
  }
  for (const core::VersionTraining& version : report.training) {
    auto row = [&](const std::string& at, const std::string& by, const char* event, const std::string& note) {
      out += with_witness({"", version.runbook, std::to_string(version.version), "", "", at, by, event, "", "", note, "", "",
                      "", "", name_of(by), "", ""}, nullptr);
    };
    for (const core::Acknowledgement& ack : version.acknowledged) {
      row(ack.at, ack.by, "ack", ack.note.value_or(""));
    }
    for (const std::string& person : version.missing) {
      row(version.published_at, person, "not-acknowledged", "");
    }
  }
  return out;
}

std::string render_json(const AuditReport& report) {
  nlohmann::json runbooks = nlohmann::json::array();
  for (const core::RunbookAudit& book : report.runbooks) {
    nlohmann::json skipped = nlohmann::json::array();
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& [step, count] : book.skipped_steps) {
      skipped.push_back({{"step", step}, {"times", count}});
    }
    for (const auto& [step, count] : book.failed_steps) {
      failed.push_back({{"step", step}, {"times", count}});
    }
    runbooks.push_back({{"runbook", book.runbook}, {"title", book.title}, {"runs", book.runs}, {"finished", book.finished},
                        {"completed", book.completed}, {"completion_rate", book.completion_rate},
                        {"median_duration_seconds", book.median_duration_seconds ? nlohmann::json(*book.median_duration_seconds) : nlohmann::json()},
                        {"most_skipped", skipped}, {"most_failed", failed}});
  }
  nlohmann::json runs = nlohmann::json::array();
  for (const core::RunAudit& run : report.runs) {
    nlohmann::json events = nlohmann::json::array();
    for (const core::AuditEvent& event : run.events) {
      const core::Record& r = event.record;
      nlohmann::json evidence = nlohmann::json::array();
      for (const core::EvidenceItem& item : r.evidence) {
        evidence.push_back(item.link ? nlohmann::json{{"link", *item.link}}
                                     : nlohmann::json{{"name", item.name}, {"file", item.file.value_or("")}, {"sha256", item.sha256}, {"size", item.size}});
      }
      nlohmann::json entry{{"at", r.at}, {"by", r.by}, {"event", core::to_string(r.event)}, {"commit", event.commit},
                           {"verified", event.verified}, {"evidence", evidence}};
      entry["by_name"] = name_json(report, r.by);
      entry["signer"] = event.signer.empty() ? nlohmann::json() : nlohmann::json(event.signer);
      entry["needs_a_look"] = event.flags;
      if (r.step) {
        entry["step"] = *r.step;
        if (auto title = run.step_titles.find(*r.step); title != run.step_titles.end()) {
          entry["step_title"] = title->second;
        }
      }
      if (r.outcome) {
        entry["outcome"] = core::to_string(*r.outcome);
      }
      if (r.note) {
        entry["note"] = *r.note;
      }
      if (run.witnessed) {
        entry["received"] = json_witnessed(run, event);
      }
      events.push_back(entry);
    }
    runs.push_back({{"run", run.run}, {"runbook", run.runbook}, {"version", run.version}, {"title", run.runbook_title},
                    {"version_blob", run.runbook_blob}, {"source_commit", run.source_commit},
                    {"published_in", run.published_in.empty() ? nlohmann::json() : nlohmann::json(run.published_in)},
                    {"inputs", run.inputs},
                    {"status", run_status(run)}, {"started_at", run.started_at}, {"finished_at", run.finished_at},
                    {"duration_seconds", run.duration_seconds ? nlohmann::json(*run.duration_seconds) : nlohmann::json()},
                    {"all_verified", run.all_verified}, {"needs_a_look", run.needs_a_look}, {"events", events},
                    {"approvals", approvals_json(report, run)}, {"training_required", run.training_required},
                    {"training", run_training_json(report, run)}});
  }
  nlohmann::json out{{"repository", report.repository}, {"generated_at", report.generated_at},
                     {"trust_root", report.trust_root}, {"verified", !report.trust_root.empty() && report.problems == 0},
                     {"problems", report.problems}, {"runbooks", runbooks}, {"runs", runs},
                     {"missed_periods", report.missed_periods},
                     {"training", training_json(report.training)}, {"people", report.names}};
  return out.dump(2) + "\n";
}

std::string render_html(const AuditReport& report) {
  bool ok = !report.trust_root.empty() && report.problems == 0;
  std::string out = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Runbook audit: )" + html(report.repository) + R"(</title>
<style>
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #1b1f23; margin: 1.5rem auto; max-width: 76rem; padding: 0 1rem; line-height: 1.4; font-size: 15px; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin: 0 0 .3rem; }
h4 { font-size: 1rem; margin: .9rem 0 .2rem; }
.meta { color: #57606a; }
.status { padding: .6rem .9rem; border-radius: 6px; font-weight: 600; margin: 1rem 0; }
.ok { background: #dafbe1; border: 1px solid #4ac26b; }
.bad { background: #ffebe9; border: 1px solid #ff8182; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0; }
.card { flex: 1 1 0; min-width: 8rem; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .8rem; background: #f6f8fa; }
.card .n { display: block; font-size: 1.5rem; font-weight: 700; }
.card.warn { background: #fff8c5; border-color: #d4a72c; }
.card.alarm { background: #ffebe9; border-color: #ff8182; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td.num { text-align: right; }
td.when { white-space: nowrap; }
.run { border: 1px solid #d0d7de; border-radius: 8px; padding: .8rem 1rem; margin-bottom: 1.4rem; }
.facts { margin: .3rem 0; padding-left: 1.2rem; }
.no { color: #cf222e; font-weight: 600; }
.yes { color: #1a7f37; font-weight: 600; }
.look { border-left: 4px solid #bf8700; background: #fff8c5; padding: 4px 10px; margin: 6px 0; }
.look ul { margin: .2rem 0; }
tr.flagged td { background: #fff8c5; }
.flag { display: block; color: #7d4e00; font-weight: 600; margin-top: .2rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid; }
.b-done, .b-completed, .b-met, .b-approved { color: #1a7f37; background: #dafbe1; border-color: #4ac26b; }
.b-skipped, .b-open, .b-not-needed, .b-note, .b-started { color: #57606a; background: #f6f8fa; border-color: #d0d7de; }
.b-failed, .b-aborted, .b-not-met { color: #cf222e; background: #ffebe9; border-color: #ff8182; }
.small { color: #57606a; font-size: .85rem; }
.key { font-family: "DejaVu Sans Mono", monospace; font-size: .78rem; white-space: nowrap; }
table.events { table-layout: fixed; }
table.events td { overflow-wrap: anywhere; }
table.events th.when { width: 10.2rem; }
table.events th.step { width: 20%; }
table.events th.by { width: 13%; }
table.events th.signer { width: 12.6rem; }
table.events th.verified { width: 4.6rem; }
code { font-size: .85rem; word-break: break-all; }
@page { size: A4; margin: 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 11px; } a { color: inherit; text-decoration: none; } .run { page-break-inside: auto; } }
</style>
</head>
<body>
)";
  out += "<h1>Runbook audit: " + html(report.repository) + "</h1>\n<p class=\"meta\">Generated " + html(report.generated_at) +
         (report.filters.empty() ? "" : " for " + html(report.filters)) + ". " + std::to_string(report.runs.size()) +
         (report.runs.size() == 1 ? " run" : " runs") + ".</p>\n";
  out += "<p class=\"status " + std::string(ok ? "ok" : "bad") + "\">" + html(verification_line(report)) + "</p>\n";
  out += html_summary(report);
  out += "<h2>Summary by runbook</h2>\n<table>\n<thead><tr><th>Runbook</th><th>Runs</th><th>Finished</th><th>Completed</th>"
         "<th>Completion rate</th><th>Median duration</th><th>Most often skipped</th><th>Most often failed</th></tr></thead>\n";
  for (const core::RunbookAudit& book : report.runbooks) {
    out += "<tr><td><strong>" + html(book.title) + "</strong><br><code>" + html(book.runbook) + "</code></td><td class=\"num\">" +
           std::to_string(book.runs) + "</td><td class=\"num\">" + std::to_string(book.finished) + "</td><td class=\"num\">" +
           std::to_string(book.completed) + "</td><td class=\"num\">" + percent(book.completion_rate) + "</td><td>" +
           html(duration_or(book.median_duration_seconds, "—")) + "</td><td>" + html(top_steps(book.skipped_steps)) +
           "</td><td>" + html(top_steps(book.failed_steps)) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (!report.missed_periods.empty()) {
    out += "<div class=\"look\"><strong>Needs a look: schedules</strong> (periods of a scheduled runbook in which "
           "no run started):<ul>\n";
    for (const std::string& missed : report.missed_periods) {
      out += "<li>" + html(missed) + "</li>\n";
    }
    out += "</ul></div>\n";
  }
  out += "<h2>Training</h2>\n";
  if (report.training.empty()) {
    out += "<p>" + html(k_no_training) + "</p>\n";
  } else {
    out += "<table>\n<thead><tr><th>Runbook</th><th>Version</th><th>Published</th><th>Acknowledged by</th><th>Not yet</th></tr></thead>\n";
    for (const core::VersionTraining& version : report.training) {
      out += "<tr><td><strong>" + html(version.title) + "</strong><br><code>" + html(version.runbook) + "</code></td><td>v" +
             std::to_string(version.version) + "</td><td>" + html(version.published_at.empty() ? "—" : version.published_at) +
             "</td><td>" + html(acknowledged_list(version, report.names)) + "</td><td>" +
             (version.missing.empty() ? std::string("nobody")
                                      : "<span class=\"no\">" + html(missing_list(version, report.names)) + "</span>") +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "<h2>Runs</h2>\n";
  if (report.runs.empty()) {
    out += "<p>No runs match.</p>\n";
  }
  for (const core::RunAudit& run : report.runs) {
    out += html_run(report, run);
  }
  out += "<p class=\"meta\">Made by git-runbook. Every event above is a signed commit on the log branch; "
         "`git runbook verify` re-checks them offline. A signing key is shown as gpg shows its fingerprint.</p>\n"
         "</body>\n</html>\n";
  return out;
}

} // namespace cli
