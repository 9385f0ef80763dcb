#include "yaml/strict_yaml.hpp"

#include "yaml/byte_checks.hpp"
#include "yaml/core_schema.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <set>
#include <sstream>
#include <vector>

namespace yaml {

namespace {

// Stops the parse at the first thing we refuse; carries its position.
struct Refusal {
  Position at;
  std::string message;
};

// Turns yaml-cpp marks into positions with the column counted in characters, as
// editors show it (yaml-cpp counts bytes). Marks mostly arrive in increasing order, so
// the column is carried forward instead of counted from the line start each time: a
// one-line file of a million scalars stays linear.
class PositionMapper {
public:
  explicit PositionMapper(std::string_view text) : m_text(text) {}

  Position operator()(const YAML::Mark& mark) {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > m_text.size()) {
      return Position{mark.line + 1, mark.column + 1};
    }
    std::size_t pos = static_cast<std::size_t>(mark.pos);
    if (mark.line != m_line || pos < m_pos) {
      std::size_t line_start = pos == 0 ? std::string_view::npos : m_text.rfind('\n', pos - 1);
      m_pos = line_start == std::string_view::npos ? 0 : line_start + 1;
      m_column = 1;
      m_line = mark.line;
    }
    for (; m_pos < pos; ++m_pos) {
      if ((static_cast<unsigned char>(m_text[m_pos]) & 0xC0) != 0x80) {
        ++m_column;
      }
    }
    return Position{mark.line + 1, m_column};
  }

private:
  std::string_view m_text;
  int m_line = -1;
  std::size_t m_pos = 0;
  int m_column = 1;
};

// Where the quoted scalar that starts at `pos` ends: the index of its closing quote,
// or npos when it has none, or takes a line not indented by at least `indent` spaces
// (YAML 1.2: more than the block it stands in). yaml-cpp 0.7 takes the rest of the file
// into an unclosed quoted scalar, or runs on to the next quote further down, without
// looking at indentation. Tools write long quoted texts over several lines (PyYAML
// folds them, with "\" at a line's end in double quotes), always indented.
std::size_t closing_quote(std::string_view text, std::size_t pos, std::size_t indent) {
  char quote = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i; // '' is an escaped quote
        continue;
      }
      return i;
    }
    if (quote == '"' && c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
      ++i; // an escaped character; "\" before a line break joins the lines
      continue;
    }
    if (c == '\n') {
      std::size_t spaces = text.find_first_not_of(' ', i + 1);
      std::size_t content = text.find_first_not_of(" \t\r", i + 1);
      if (content != std::string_view::npos && text[content] != '\n' && spaces - (i + 1) < indent) {
        return std::string_view::npos;
      }
    }
  }
  return std::string_view::npos;
}

// Where the scalar whose node starts at `pos` starts: after its tag, if it has one.
std::size_t after_tag(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || text[pos] != '!') {
    return pos;
  }
  pos = text.find_first_of(" \t\r\n", pos);
  pos = pos == std::string_view::npos ? pos : text.find_first_not_of(" \t\r\n", pos);
  return pos == std::string_view::npos ? text.size() : pos;
}

std::string escape_pointer_token(const std::string& token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

class JsonBuilder : public YAML::EventHandler {
public:
  JsonBuilder(Document& document, std::string_view text) : m_document(document), m_text(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override { m_start = to_position(mark); }
  Position start() const { return m_start; }
  void OnDocumentEnd() override {}
  // The last quoted text over several lines whose closing quote is followed by a word:
  // where it starts, and the line (from 0) of that quote.
  struct LongQuote {
    Position start;
    int end_line = -1;
  };
  std::optional<LongQuote> long_quote() const { return m_long_quote; }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    throw Refusal{to_position(mark), "the anchor \"&" + name + "\" is not allowed — write the value out in full"};
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw Refusal{to_position(mark), "aliases (\"*name\") are not allowed — write the value out in full"};
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    refuse_anchor(mark, anchor);
    add(mark, nullptr, "");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    refuse_anchor(mark, anchor);
    check_quotes(mark);
    if (tag == "?") {
      add(mark, plain_scalar(value), value);
      return;
    }
    if (tag == "!") {
      add(mark, nlohmann::json(value), value); // quoted, or marked "!": a text
      return;
    }
    std::string name = known_tag(mark, tag);
    std::optional<nlohmann::json> scalar = tagged_scalar(name, value);
    if (!scalar) {
      throw Refusal{to_position(mark), "this value does not fit its tag " + written_tag(tag) + ", which means " +
                                           tag_meaning(name) + " — change the value, or remove the tag"};
    }
    add(mark, *scalar, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    refuse_anchor(mark, anchor);
    refuse_other_tag(mark, tag, "seq");
    open(mark, nlohmann::json::array(), style);
  }
  void OnSequenceEnd() override { m_stack.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    refuse_anchor(mark, anchor);
    refuse_other_tag(mark, tag, "map");
    open(mark, nlohmann::json::object(), style);
  }
  void OnMapEnd() override { m_stack.pop_back(); }

private:
  struct Frame {
    nlohmann::json* value;
    std::string pointer;
    int indent; // the column (from 0) of the innermost block list or mapping, -1 for none
    bool awaiting_key = true;
    std::string key;
    std::set<std::string> keys;
  };

  Position to_position(const YAML::Mark& mark) { return m_positions(mark); }

  // Bounds the work of everything after parsing: no runbook, policy or record needs
  // more values than this.
  void count(const YAML::Mark& mark) {
    if (++m_values > k_max_values) {
      throw Refusal{to_position(mark), "the file holds more than " + std::to_string(k_max_values) +
                                           " values — far more than a runbook needs; split it or remove what is "
                                           "not needed"};
    }
  }

  void refuse_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      throw Refusal{to_position(mark), "anchors (\"&name\") are not allowed — write the value out in full"};
    }
  }

  // A quoted scalar must end with its closing quote, its further lines indented.
  void check_quotes(const YAML::Mark& mark) {
    std::size_t node = static_cast<std::size_t>(std::max(mark.pos, 0));
    std::size_t start = after_tag(m_text, node);
    if (start >= m_text.size() || (m_text[start] != '"' && m_text[start] != '\'')) {
      return;
    }
    std::size_t end =
        closing_quote(m_text, start, static_cast<std::size_t>(m_stack.empty() ? 0 : m_stack.back().indent + 1));
    if (end == std::string_view::npos) {
      throw Refusal{to_position(mark), "this quoted text has no closing quote — add it (if the text goes on over "
                                       "more lines, indent them more than the line where it starts)"};
    }
    // A closing quote right before a word more likely opened the next text; parse_strict
    // names this quote if YAML breaks down there.
    bool suspect =
        end + 1 < m_text.size() && std::string_view(" \t\r\n,]}:#").find(m_text[end + 1]) == std::string_view::npos;
    auto lines = std::count(m_text.begin() + static_cast<std::ptrdiff_t>(node),
                            m_text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
    if (suspect && lines > 0) {
      m_long_quote = LongQuote{to_position(mark), mark.line + static_cast<int>(lines)};
    }
  }

  // The core schema name of `tag` (see core_tag); refuses any other tag.
  std::string known_tag(const YAML::Mark& mark, const std::string& tag) {
    std::string name = core_tag(tag);
    if (name.empty()) {
      throw Refusal{to_position(mark), "the tag \"" + written_tag(tag) +
                                           "\" is not allowed — remove it (only YAML's own !!str, !!int, !!float, "
                                           "!!bool, !!null, !!seq and !!map are understood)"};
    }
    return name;
  }

  // A list or mapping may carry no tag, "!" or its own core tag (`name`).
  void refuse_other_tag(const YAML::Mark& mark, const std::string& tag, const std::string& name) {
    if (tag == "?" || tag == "!") {
      return;
    }
    std::string given = known_tag(mark, tag);
    if (given != name) {
      throw Refusal{to_position(mark), "the tag " + written_tag(tag) + " means " + tag_meaning(given) + ", but " +
                                           tag_meaning(name) + " follows it — remove the tag"};
    }
  }

  // Where a new value goes: its JSON slot and pointer. For a key, records it instead
  // and returns nullptr.
  nlohmann::json* place(const YAML::Mark& mark, const nlohmann::json* scalar, const std::string& text,
                        std::string& pointer) {
    if (m_stack.empty()) {
      if (m_root_done) {
        throw Refusal{to_position(mark), "the file holds more than one value at its top level"};
      }
      m_root_done = true;
      pointer = "";
      return &m_document.value;
    }
    Frame& frame = m_stack.back();
    if (frame.value->is_array()) {
      pointer = frame.pointer + "/" + std::to_string(frame.value->size());
      frame.value->push_back(nullptr);
      return &frame.value->back();
    }
    if (frame.awaiting_key) {
      if (scalar == nullptr) {
        throw Refusal{to_position(mark), "this is not valid YAML here: a list or a mapping stands where a "
                                         "key (a name) is expected — is a bracket or brace not closed?"};
      }
      if (scalar->is_null() || text.empty()) {
        throw Refusal{to_position(mark), "a key is empty — give it a name"};
      }
      if (text == "<<") {
        throw Refusal{to_position(mark), "merge keys (\"<<\") are not allowed — write the fields out in full"};
      }
      if (!frame.keys.insert(text).second) {
        throw Refusal{to_position(mark), "the key \"" + text + "\" appears twice here — keep only one"};
      }
      frame.key = text;
      frame.awaiting_key = false;
      m_document.key_positions[frame.pointer + "/" + escape_pointer_token(text)] = to_position(mark);
      return nullptr;
    }
    frame.awaiting_key = true;
    pointer = frame.pointer + "/" + escape_pointer_token(frame.key);
    return &(*frame.value)[frame.key];
  }

  void add(const YAML::Mark& mark, const nlohmann::json& scalar, const std::string& text) {
    count(mark);
    std::string pointer;
    nlohmann::json* slot = place(mark, &scalar, text, pointer);
    if (slot != nullptr) {
      *slot = scalar;
      m_document.positions[pointer] = to_position(mark);
    }
  }

  void open(const YAML::Mark& mark, nlohmann::json container, YAML::EmitterStyle::value style) {
    if (static_cast<int>(m_stack.size()) >= k_max_depth) {
      throw Refusal{to_position(mark), "the file is nested more than " + std::to_string(k_max_depth) +
                                           " levels deep — flatten it"};
    }
    count(mark);
    std::string pointer;
    nlohmann::json* slot = place(mark, nullptr, "", pointer);
    *slot = std::move(container);
    m_document.positions[pointer] = to_position(mark);
    int indent = m_stack.empty() ? -1 : m_stack.back().indent;
    m_stack.push_back(Frame{slot, pointer, style == YAML::EmitterStyle::Flow ? indent : mark.column, true, {}, {}});
  }

  Document& m_document;
  std::string_view m_text;
  PositionMapper m_positions{m_text};
  std::size_t m_values = 0;
  Position m_start;
  std::vector<Frame> m_stack;
  bool m_root_done = false;
  std::optional<LongQuote> m_long_quote;
};

} // namespace

Position Document::position_of(std::string pointer) const {
  while (true) {
    auto it = positions.find(pointer);
    if (it != positions.end()) {
      return it->second;
    }
    std::size_t slash = pointer.rfind('/');
    if (slash == std::string::npos) {
      return Position{};
    }
    pointer.resize(slash);
  }
}

util::Result<Document, core::Diagnostics> parse_strict(std::string_view text, const std::string& file) {
  using Outcome = util::Result<Document, core::Diagnostics>;
  if (auto problem = check_bytes(text, file)) {
    return Outcome::failure({*problem});
  }
  Document document;
  JsonBuilder builder(document, text);
  Document ignored;
  JsonBuilder second(ignored, text);
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    if (!parser.HandleNextDocument(builder)) {
      return document; // an empty file: null
    }
    if (parser.HandleNextDocument(second)) {
      return Outcome::failure({core::Diagnostic{
          file, second.start().line, second.start().column,
          "the file holds more than one YAML document: a second one starts here (after \"---\", or text "
          "after the first one ended) — keep only the first, or fix the indentation"}});
    }
  } catch (const Refusal& refusal) {
    return Outcome::failure({core::Diagnostic{file, refusal.at.line, refusal.at.column, refusal.message}});
  } catch (const YAML::Exception& error) {
    Position at = PositionMapper(text)(error.mark);
    if (error.msg.find("anchor is not defined") != std::string::npos) {
      return Outcome::failure({core::Diagnostic{
          file, at.line, at.column, "aliases (\"*name\") are not allowed — write the value out in full"}});
    }
    // A quote left open inside a list or mapping in brackets may run on, over lines
    // indented enough, to a quote that was meant to open another text: YAML breaks down
    // right after it.
    auto quote = second.long_quote() ? second.long_quote() : builder.long_quote();
    if (quote && quote->end_line == error.mark.line) {
      return Outcome::failure({core::Diagnostic{
          file, quote->start.line, quote->start.column,
          "this quoted text seems to have no closing quote: it runs on to line " + std::to_string(at.line) +
              ", where what follows is not valid YAML (" + error.msg + ") — add the closing quote where the text "
              "ends"}});
    }
    return Outcome::failure({core::Diagnostic{file, at.line, at.column, "this is not valid YAML: " + error.msg}});
  }
  return document;
}

} // namespace yaml
