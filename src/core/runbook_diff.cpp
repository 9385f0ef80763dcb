#include "core/runbook_diff.hpp"
#include "core/run_state.hpp"

#include "util/text.hpp"

#include <cctype>
#include <optional>

namespace core {

namespace {

std::string quoted(const std::string& text) {
  std::string one_line = text.substr(0, text.find('\n'));
  if (one_line.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(one_line[cut]) & 0xC0) == 0x80) {
      --cut; // never split a UTF-8 character
    }
    one_line = one_line.substr(0, cut) + "...";
  }
  return "\"" + one_line + "\"";
}

std::string show(const std::optional<std::string>& value) { return value ? quoted(*value) : "(none)"; }

bool same_content(const Step& a, const Step& b) {
  return a.title == b.title && a.instructions == b.instructions && a.tool == b.tool &&
         a.template_name == b.template_name && a.subject == b.subject && a.role == b.role &&
         a.evidence == b.evidence && approval_field(a) == approval_field(b);
}

// What differs inside a matched step, as short phrases.
std::vector<std::string> step_differences(const Step& a, const Step& b) {
  std::vector<std::string> parts;
  if (a.title != b.title) {
    parts.push_back("title changed from " + quoted(a.title) + " to " + quoted(b.title));
  }
  if (a.instructions != b.instructions) {
    parts.emplace_back("instructions reworded");
  }
  auto field = [&](const char* name, const std::optional<std::string>& x, const std::optional<std::string>& y) {
    if (x != y) {
      parts.push_back(std::string(name) + " changed from " + show(x) + " to " + show(y));
    }
  };
  field("tool", a.tool, b.tool);
  field("template", a.template_name, b.template_name);
  field("subject", a.subject, b.subject);
  field("role", a.role, b.role);
  field("approval", approval_field(a), approval_field(b));
  if (a.evidence != b.evidence) {
    parts.push_back("evidence changed from " + std::string(to_string(a.evidence)) + " to " +
                    std::string(to_string(b.evidence)));
  }
  return parts;
}

std::vector<RunbookChange::Wording> step_wording(const Step& a, const Step& b) {
  std::vector<RunbookChange::Wording> wording;
  if (a.title != b.title) {
    wording.push_back({"title", a.title, b.title});
  }
  if (a.instructions != b.instructions) {
    wording.push_back({"instructions", a.instructions, b.instructions});
  }
  return wording;
}

// A text's lines, without the trailing line breaks of a YAML block.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines = util::split(text, '\n');
  while (!lines.empty() && util::trim(lines.back()).empty()) {
    lines.pop_back();
  }
  return lines;
}

// "was:" and "now:" lines for one field: the lines that differ, the ones before and
// after them that did not change shown as "...", so a one-word rewording of a long
// text is easy to find.
std::string was_and_now(const RunbookChange::Wording& wording) {
  std::vector<std::string> was = lines_of(wording.was);
  std::vector<std::string> now = lines_of(wording.now);
  std::size_t same_before = 0;
  while (same_before < was.size() && same_before < now.size() && was[same_before] == now[same_before]) {
    ++same_before;
  }
  std::size_t same_after = 0;
  while (same_after < was.size() - same_before && same_after < now.size() - same_before &&
         was[was.size() - 1 - same_after] == now[now.size() - 1 - same_after]) {
    ++same_after;
  }
  auto block = [&](const char* label, const std::vector<std::string>& lines) {
    std::string text = std::string("      ") + label;
    std::string gap = "\n           ";
    std::vector<std::string> shown;
    if (same_before > 0) {
      shown.emplace_back("...");
    }
    shown.insert(shown.end(), lines.begin() + static_cast<std::ptrdiff_t>(same_before),
                 lines.end() - static_cast<std::ptrdiff_t>(same_after));
    if (same_before == lines.size() - same_after) {
      shown.emplace_back("(nothing)");
    }
    if (same_after > 0) {
      shown.emplace_back("...");
    }
    return text + util::join(shown, gap) + "\n";
  };
  std::string label = wording.field;
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return "    " + label + "\n" + block("was: ", was) + block("now: ", now);
}

void field_changes(const Runbook& a, const Runbook& b, std::vector<RunbookChange>& out) {
  auto add = [&](const std::string& text) { out.push_back({RunbookChange::Kind::field, "", text}); };
  if (a.title != b.title) {
    add("Title changed from " + quoted(a.title) + " to " + quoted(b.title));
    out.back().wording.push_back({"title", a.title, b.title});
  }
  if (a.owner != b.owner) {
    add("Owner changed from " + a.owner + " to " + b.owner);
  }
  if (a.summary != b.summary) {
    add("Summary reworded");
    out.back().wording.push_back({"summary", a.summary, b.summary});
  }
  if (a.tags != b.tags) {
    add("Tags changed from [" + util::join(a.tags, ", ") + "] to [" + util::join(b.tags, ", ") + "]");
  }
  for (const Input& input : b.inputs) {
    bool known = false;
    for (const Input& old : a.inputs) {
      if (old.name == input.name) {
        known = true;
        if (old.prompt != input.prompt || old.pattern != input.pattern || old.options != input.options ||
            old.required != input.required) {
          add("Input \"" + input.name + "\" changed");
        }
      }
    }
    if (!known) {
      add("Input \"" + input.name + "\" added");
    }
  }
  for (const Input& old : a.inputs) {
    bool kept = false;
    for (const Input& input : b.inputs) {
      kept = kept || input.name == old.name;
    }
    if (!kept) {
      add("Input \"" + old.name + "\" removed");
    }
  }
}

} // namespace

std::vector<RunbookChange> diff_runbooks(const Runbook& before, const Runbook& after) {
  std::vector<RunbookChange> changes;
  field_changes(before, after, changes);

  const std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> match_of_new(after.steps.size(), none);
  std::vector<bool> old_used(before.steps.size(), false);
  auto match = [&](auto&& same) {
    for (std::size_t n = 0; n < after.steps.size(); ++n) {
      if (match_of_new[n] != none) {
        continue;
      }
      for (std::size_t o = 0; o < before.steps.size(); ++o) {
        if (!old_used[o] && same(before.steps[o], after.steps[n])) {
          match_of_new[n] = o;
          old_used[o] = true;
          break;
        }
      }
    }
  };
  match([](const Step& a, const Step& b) { return a.id == b.id && same_content(a, b); });
  match([](const Step& a, const Step& b) { return same_content(a, b); });
  match([](const Step& a, const Step& b) { return a.title == b.title; });
  match([](const Step& a, const Step& b) { return a.id == b.id; });

  for (std::size_t n = 0; n < after.steps.size(); ++n) {
    const Step& step = after.steps[n];
    if (match_of_new[n] == none) {
      changes.push_back({RunbookChange::Kind::step_added, step.id, "Step " + step.id + " " + quoted(step.title) + " added"});
      continue;
    }
    const Step& old = before.steps[match_of_new[n]];
    std::vector<std::string> parts = step_differences(old, step);
    if (!parts.empty()) {
      changes.push_back({RunbookChange::Kind::step_changed, step.id,
                         "Step " + step.id + " " + quoted(step.title) + ": " + util::join(parts, "; "),
                         step_wording(old, step)});
    }
    if (old.id != step.id) {
      changes.push_back({RunbookChange::Kind::step_moved, step.id,
                         "Step " + quoted(step.title) + " moved from " + old.id + " to " + step.id});
    }
  }
  for (std::size_t o = 0; o < before.steps.size(); ++o) {
    if (!old_used[o]) {
      const Step& step = before.steps[o];
      changes.push_back({RunbookChange::Kind::step_removed, step.id, "Step " + step.id + " " + quoted(step.title) + " removed"});
    }
  }
  return changes;
}

std::string describe_changes(const std::vector<RunbookChange>& changes) {
  if (changes.empty()) {
    return "- No change to the steps or fields (only wording outside them, if anything)\n";
  }
  std::string text;
  for (const RunbookChange& change : changes) {
    text += "- " + change.description + "\n";
    for (const RunbookChange::Wording& wording : change.wording) {
      text += was_and_now(wording);
    }
  }
  return text;
}

std::string_view to_string(RunbookChange::Kind kind) {
  switch (kind) {
  case RunbookChange::Kind::field:
    return "field";
  case RunbookChange::Kind::step_added:
    return "step-added";
  case RunbookChange::Kind::step_removed:
    return "step-removed";
  case RunbookChange::Kind::step_changed:
    return "step-changed";
  case RunbookChange::Kind::step_moved:
    return "step-moved";
  }
  return "field";
}

} // namespace core
