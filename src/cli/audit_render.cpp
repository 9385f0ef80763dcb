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
             markdown_cell(acknowledged_list(version)) + " | " + markdown_cell(missing_list(version)) + " |\n";
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
    out += "\n| When (UTC) |" + markdown_witnessed(run, nullptr) + " Who | What | Note | Evidence | Verified |\n|---|---|---|---|---|---|" +
           (run.witnessed ? "---|" : "") + "\n";
    for (const core::AuditEvent& event : run.events) {
      out += "| " + event.record.at + " |" + markdown_witnessed(run, &event) + " " + event.record.by + " | " + markdown_cell(what(run, event.record)) + " | " +
             markdown_cell(event.record.note.value_or("")) + " | " + markdown_cell(evidence_text(event.record)) + " | " +
             (event.verified ? "yes" : "NO") + " |\n";
    }
  }
  return out;
}

std::string render_csv(const AuditReport& report) {
  std::string out = "run,runbook,version,version_blob,published_in,at,by,event,step,outcome,note,evidence,commit,verified";
  out += any_witnessed(report) ? ",received_after,received_by,time_needs_a_look\n" : "\n";
  for (const core::RunAudit& run : report.runs) {
    for (const core::AuditEvent& event : run.events) {
      const core::Record& r = event.record;
      std::vector<std::string> fields{run.run,
                                      run.runbook,
                                      std::to_string(run.version),
                                      run.runbook_blob,
                                      run.published_in,
                                      r.at,
                                      r.by,
                                      std::string(core::to_string(r.event)),
                                      r.step.value_or(""),
                                      r.outcome ? std::string(core::to_string(*r.outcome)) : "",
                                      r.note.value_or(""),
                                      evidence_text(r),
                                      event.commit,
                                      event.verified ? "yes" : "no"};
      for (std::string& witnessed : csv_witnessed(report, &event)) {
        fields.push_back(std::move(witnessed));
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        out += (i == 0 ? "" : ",") + csv_field(fields[i]);
      }
      out += "\n";
    }
  }
  for (const core::VersionTraining& version : report.training) {
    auto row = [&](const std::string& at, const std::string& by, const char* event, const std::string& note) {
      std::vector<std::string> fields{"", version.runbook, std::to_string(version.version), "", "", at, by, event, "", "",
                                      note, "", "", ""};
      for (std::string& witnessed : csv_witnessed(report, nullptr)) {
        fields.push_back(std::move(witnessed));
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        out += (i == 0 ? "" : ",") + csv_field(fields[i]);
      }
      out += "\n";
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
                    {"all_verified", run.all_verified}, {"needs_a_look", run.needs_a_look}, {"events", events}});
  }
  nlohmann::json out{{"repository", report.repository}, {"generated_at", report.generated_at},
                     {"trust_root", report.trust_root}, {"verified", !report.trust_root.empty() && report.problems == 0},
                     {"problems", report.problems}, {"runbooks", runbooks}, {"runs", runs},
                     {"missed_periods", report.missed_periods},
                     {"training", training_json(report.training)}};
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
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #1b1f23; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: #57606a; }
.status { padding: .6rem .9rem; border-radius: 6px; font-weight: 600; margin: 1rem 0; }
.ok { background: #dafbe1; border: 1px solid #4ac26b; }
.bad { background: #ffebe9; border: 1px solid #ff8182; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; }
.run { page-break-inside: avoid; margin-bottom: 1.5rem; }
.facts { margin: .3rem 0; padding-left: 1.2rem; }
.no { color: #cf222e; font-weight: 600; }
.look { border-left: 4px solid #bf8700; background: #fff8c5; padding: 4px 10px; margin: 6px 0; }
.yes { color: #1a7f37; }
code { font-size: .85rem; word-break: break-all; }
@media print { body { margin: 0; max-width: none; } .run { page-break-inside: avoid; } a { color: inherit; } }
</style>
</head>
<body>
)";
  out += "<h1>Runbook audit: " + html(report.repository) + "</h1>\n<p class=\"meta\">Generated " + html(report.generated_at) +
         (report.filters.empty() ? "" : " for " + html(report.filters)) + ". " + std::to_string(report.runs.size()) +
         (report.runs.size() == 1 ? " run" : " runs") + ".</p>\n";
  out += "<p class=\"status " + std::string(ok ? "ok" : "bad") + "\">" + html(verification_line(report)) + "</p>\n";
  out += "<h2>Summary by runbook</h2>\n<table>\n<tr><th>Runbook</th><th>Runs</th><th>Finished</th><th>Completed</th>"
         "<th>Completion rate</th><th>Median duration</th><th>Most often skipped</th><th>Most often failed</th></tr>\n";
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
    out += "<table>\n<tr><th>Runbook</th><th>Version</th><th>Published</th><th>Acknowledged by</th><th>Not yet</th></tr>\n";
    for (const core::VersionTraining& version : report.training) {
      out += "<tr><td><strong>" + html(version.title) + "</strong><br><code>" + html(version.runbook) + "</code></td><td>v" +
             std::to_string(version.version) + "</td><td>" + html(version.published_at.empty() ? "—" : version.published_at) +
             "</td><td>" + html(acknowledged_list(version)) + "</td><td>" +
             (version.missing.empty() ? std::string("nobody") : "<span class=\"no\">" + html(missing_list(version)) + "</span>") +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "<h2>Runs</h2>\n";
  if (report.runs.empty()) {
    out += "<p>No runs match.</p>\n";
  }
  for (const core::RunAudit& run : report.runs) {
    out += "<section class=\"run\">\n<h3>" + html(run.runbook_title) + " — <code>" + html(run.run) + "</code></h3>\n<ul class=\"facts\">\n";
    out += "<li>Followed <strong>" + html(run.runbook) + " version " + std::to_string(run.version) +
           "</strong> (version file <code>" + html(run.runbook_blob) + "</code>, " +
           (run.published_in.empty() ? html(publication(run)) : "published in commit <code>" + html(run.published_in) + "</code>") +
           ")</li>\n";
    out += "<li>Status: <strong>" + html(run_status(run)) + "</strong>; duration " +
           html(duration_or(run.duration_seconds, "— (still open)")) + "</li>\n";
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
    out += "<table>\n<tr><th>When (UTC)</th>" + html_witnessed(run, nullptr) + "<th>Who</th><th>What</th><th>Note</th><th>Evidence</th><th>Verified</th></tr>\n";
    for (const core::AuditEvent& event : run.events) {
      const core::Record& r = event.record;
      out += "<tr><td>" + html(r.at.size() >= 19 ? r.at.substr(0, 10) + " " + r.at.substr(11, 8) : r.at) + "</td>" + html_witnessed(run, &event) + "<td>" + html(r.by) + "</td><td>" +
             html(what(run, r)) + "</td><td>" + html(r.note.value_or("")) + "</td><td>" + html(evidence_text(r)) +
             "</td><td>" + (event.verified ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">NO</span>") + "</td></tr>\n";
    }
    out += "</table>\n</section>\n";
  }
  out += "<p class=\"meta\">Made by git-runbook. Every event above is a signed commit on the log branch; "
         "`git runbook verify` re-checks them offline.</p>\n</body>\n</html>\n";
  return out;
}

} // namespace cli
