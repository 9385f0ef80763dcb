#include "cli/audit_render.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace audit_render_test {

using core::EventKind;
using core::Outcome;
using testing::HasSubstr;
using testing::Not;

const std::string k_alice_key = "0123456789ABCDEF0123456789ABCDEF01234567";
const std::string k_bob_key = "89ABCDEF0123456789ABCDEF0123456789ABCDEF";
// Hostile text where people type: titles, notes, names.
const std::string k_title = "Check \"quotes\" & <b>tags</b>";
const std::string k_note = "<script>alert('x')</script> & \"done\"";
const std::string k_name = "Bob <img src=x onerror=alert(1)> & Sons";

core::AuditEvent event(EventKind kind, const std::string& at, const std::string& by,
                       std::optional<std::string> step = std::nullopt, std::optional<Outcome> outcome = std::nullopt) {
  core::AuditEvent event;
  event.record.event = kind;
  event.record.at = at;
  event.record.by = by;
  event.record.step = std::move(step);
  event.record.outcome = outcome;
  event.record.version = 2;
  event.commit = std::string(40, 'c');
  event.verified = true;
  event.signer = by == "alice" ? k_alice_key : k_bob_key;
  return event;
}

cli::AuditReport report() {
  core::RunAudit run;
  run.run = "payroll-20261129T1000Z-0a1b";
  run.runbook = "payroll";
  run.version = 2;
  run.runbook_title = "Payroll change";
  run.runbook_blob = std::string(40, 'b');
  run.published_in = std::string(40, 'p');
  run.events.push_back(event(EventKind::start, "2026-11-29T10:00:00.000Z", "alice"));
  run.events.push_back(event(EventKind::step, "2026-11-29T10:01:00.000Z", "alice", "1", Outcome::done));
  run.events.back().record.note = k_note;
  run.events.push_back(event(EventKind::approve, "2026-11-29T10:02:00.000Z", "bob", "1"));
  run.events.push_back(event(EventKind::step, "2026-11-29T10:03:00.000Z", "alice", "2", Outcome::skipped));
  run.events.push_back(event(EventKind::step, "2026-11-29T10:04:00.000Z", "bob", "2", Outcome::done));
  run.events.back().flags.push_back("step 2 was recorded again with another outcome & <more>");
  run.needs_a_look = run.events.back().flags;
  run.step_titles = {{"1", k_title}, {"2", "Apply the change"}};
  core::StepApproval approval;
  approval.step = "1";
  approval.role = "approver";
  approval.needed = 2;
  approval.wording = "2 people with the approver role";
  approval.outcome = Outcome::done;
  approval.given = {core::GivenApproval{"bob", "2026-11-29T10:02:00.000Z"}};
  approval.status = core::ApprovalStatus::missing;
  run.approvals.push_back(approval);
  run.training_required = true;
  run.training = {core::RunTraining{"alice", "2026-11-29T10:00:00.000Z", "2026-11-28T09:00:00.000Z", true},
                  core::RunTraining{"bob", "2026-11-29T10:04:00.000Z", "", false}};
  core::settle(run);
  cli::AuditReport report;
  report.repository = "repo";
  report.generated_at = "2026-12-06 02:30 UTC";
  report.trust_root = std::string(40, 'r');
  report.runs.push_back(run);
  report.runbooks = core::summarize(report.runs);
  report.names = {{"alice", "Alice Admin"}, {"bob", k_name}};
  return report;
}

TEST(RenderHtml, ShowsTitlesNamesKeysApprovalsFlagsAndTraining) {
  std::string page = cli::render_html(report());
  EXPECT_THAT(page, HasSubstr("Apply the change"));
  EXPECT_THAT(page, HasSubstr("Alice Admin<br><span class=\"small\">alice</span>"));
  EXPECT_THAT(page, HasSubstr("<td class=\"key\">0123 4567 89AB CDEF 0123<br>4567 89AB CDEF 0123 4567</td>"));
  EXPECT_THAT(page, HasSubstr("<h4>Approvals</h4>"));
  EXPECT_THAT(page, HasSubstr("2 people with the approver role"));
  EXPECT_THAT(page, HasSubstr("<span class=\"badge b-not-met\">not met</span> 1 more approval needed"));
  EXPECT_THAT(page, HasSubstr("<tr class=\"flagged\">"));
  EXPECT_THAT(page, HasSubstr("<a href=\"#run-payroll-20261129T1000Z-0a1b\">"));
  EXPECT_THAT(page, HasSubstr("<h4>Training</h4>"));
  EXPECT_THAT(page, HasSubstr("Alice Admin (alice): <span class=\"yes\">acknowledged v2 on 2026-11-28 09:00:00"));
  EXPECT_THAT(page, HasSubstr("<span class=\"no\">NOT acknowledged v2</span>"));
  EXPECT_THAT(page, HasSubstr("<span class=\"badge b-skipped\">skipped</span>"));
}

TEST(RenderHtml, EscapesTitlesNotesNamesAndFlags) {
  std::string page = cli::render_html(report());
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, Not(HasSubstr("<b>tags")));
  EXPECT_THAT(page, Not(HasSubstr("& <more>")));
  EXPECT_THAT(page, HasSubstr("Check &quot;quotes&quot; &amp; &lt;b&gt;tags&lt;/b&gt;"));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;done&quot;"));
  EXPECT_THAT(page, HasSubstr("Bob &lt;img src=x onerror=alert(1)&gt; &amp; Sons"));
  EXPECT_THAT(page, HasSubstr("another outcome &amp; &lt;more&gt;"));
}

TEST(RenderMarkdown, ShowsNamesKeysApprovalsTrainingAndFlags) {
  std::string text = cli::render_markdown(report());
  EXPECT_THAT(text, HasSubstr("| Alice Admin (alice) | step 1 done — " + k_title));
  EXPECT_THAT(text, HasSubstr("| 0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567 | yes |"));
  EXPECT_THAT(text, HasSubstr("| 1 — " + k_title + " | 2 people with the approver role | " + k_name +
                              " (bob) at 2026-11-29 10:02:00 | NOT met: 1 more approval needed |"));
  EXPECT_THAT(text, HasSubstr("- Alice Admin (alice): acknowledged v2 on 2026-11-28 09:00:00, before their first record"));
  EXPECT_THAT(text, HasSubstr(" (bob): NOT acknowledged v2"));
  EXPECT_THAT(text, HasSubstr("| step 2 was recorded again with another outcome & <more> |"));
}

TEST(RenderCsv, AddsTitlesNamesKeysFlagsAndApprovalAndTrainingRows) {
  std::string text = cli::render_csv(report());
  EXPECT_THAT(text, HasSubstr("commit,verified,step_title,by_name,signer,needs_a_look\n"));
  EXPECT_THAT(text, HasSubstr(",yes,\"Check \"\"quotes\"\" & <b>tags</b>\",Alice Admin," + k_alice_key + ",\n"));
  EXPECT_THAT(text, HasSubstr(",approval-requirement,1,not met,2 people with the approver role; approved by " + k_name +
                              " (bob) at 2026-11-29 10:02:00,,,,"));
  EXPECT_THAT(text, HasSubstr(",bob,training,,not-acknowledged,NOT acknowledged v2,"));
}

TEST(RenderJson, AddsNamesKeysFlagsApprovalsAndTraining) {
  nlohmann::json j = nlohmann::json::parse(cli::render_json(report()));
  EXPECT_EQ(j["people"]["bob"], k_name);
  const nlohmann::json& run = j["runs"][0];
  EXPECT_EQ(run["events"][1]["step_title"], k_title);
  EXPECT_EQ(run["events"][1]["by_name"], "Alice Admin");
  EXPECT_EQ(run["events"][1]["signer"], k_alice_key);
  EXPECT_EQ(run["events"][4]["needs_a_look"][0], "step 2 was recorded again with another outcome & <more>");
  EXPECT_EQ(run["approvals"][0]["requirement"], "not met");
  EXPECT_EQ(run["approvals"][0]["needed"], 2);
  EXPECT_EQ(run["approvals"][0]["approved_by"][0]["by"], "bob");
  EXPECT_EQ(run["training_required"], true);
  EXPECT_EQ(run["training"][1]["acknowledged_at"], nullptr);
  EXPECT_EQ(run["training"][0]["acknowledged_before"], true);
}

TEST(Render, TheSameReportGivesTheSameText) {
  EXPECT_EQ(cli::render_html(report()), cli::render_html(report()));
  EXPECT_EQ(cli::render_markdown(report()), cli::render_markdown(report()));
  EXPECT_EQ(cli::render_csv(report()), cli::render_csv(report()));
  EXPECT_EQ(cli::render_json(report()), cli::render_json(report()));
}

} // namespace audit_render_test
