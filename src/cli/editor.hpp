#pragma once

#include <filesystem>

namespace cli {

// Opens a file in the person's editor ($VISUAL, else $EDITOR) when both standard input
// and output are a terminal, and waits for it to close. Returns false when no editor
// was opened (no terminal, or neither variable set). The editor is the one program the
// tool starts: editing is the person's job, not git's or gpg's.
bool open_in_editor(const std::filesystem::path& file);

} // namespace cli
