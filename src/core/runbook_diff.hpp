#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/runbook.hpp"

namespace core {

// One change between two versions of a runbook, at the level people think about.
struct RunbookChange {
  enum class Kind { field, step_added, step_removed, step_changed, step_moved };
  Kind kind;
  std::string step_id;     // for step changes: the step's id in the newer version (removed: the older)
  std::string description; // a plain-language sentence, e.g. `Step 3 "Email the team" added`
  // Old and new wording (issue 17, authoring): for a changed title, summary or step
  // instructions, both texts in full, so that a reader sees what a rewording says now.
  struct Wording {
    std::string field; // "title", "summary" or "instructions"
    std::string was;
    std::string now;
  };
  std::vector<Wording> wording = {};
};

// The changes from `before` to `after`: fields of the runbook (title, owner, summary,
// tags, inputs), then steps added, removed, reworded or otherwise changed, and moved
// or renumbered. Steps are matched by content first, then by title, then by id, so a
// step that was only renumbered shows as moved, not as removed and added, and a step
// inserted before a reworded one shows as added.
std::vector<RunbookChange> diff_runbooks(const Runbook& before, const Runbook& after);

// A name for a change's kind in JSON output: "field", "step-added", "step-removed",
// "step-changed", "step-moved".
std::string_view to_string(RunbookChange::Kind kind);

// The changes as a bulleted list ("- …" lines), or a line saying there are none. Under
// a change with wording, for each field its old and new text on "was:" and "now:" lines
// (only the lines that differ, with "..." for the lines around them that did not).
std::string describe_changes(const std::vector<RunbookChange>& changes);

} // namespace core
