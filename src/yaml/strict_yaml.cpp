#include "yaml/strict_yaml.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <regex>
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

// A position with its column counted in characters, as editors show it (yaml-cpp
// counts bytes).
Position position_in(std::string_view text, const YAML::Mark& mark) {
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > text.size()) {
    return Position{mark.line + 1, mark.column + 1};
  }
  std::size_t pos = static_cast<std::size_t>(mark.pos);
  std::size_t line_start = pos == 0 ? 0 : text.rfind('\n', pos - 1);
  line_start = line_start == std::string_view::npos ? 0 : (pos == 0 ? 0 : line_start + 1);
  int column = 1;
  for (std::size_t i = line_start; i < pos; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return Position{mark.line + 1, column};
}

// Does the quoted scalar that starts at `pos` end with its closing quote? yaml-cpp
// 0.7 silently takes the rest of the file into an unclosed one.
bool quote_is_closed(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) {
    return true;
  }
  char quote = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i; // '' is an escaped quote
      } else {
        return true;
      }
    }
  }
  return false;
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

// YAML 1.2 core schema for plain scalars.
nlohmann::json plain_scalar(const std::string& text) {
  static const std::regex integer("[-+]?[0-9]+");
  static const std::regex floating(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text == "true" || text == "True" || text == "TRUE") {
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    return false;
  }
  try {
    if (text.size() < 19 && std::regex_match(text, integer)) {
      return std::stoll(text);
    }
    if (text.size() < 40 && std::regex_match(text, floating)) {
      return std::stod(text);
    }
  } catch (const std::out_of_range&) {
    // Too large or too small for a number here: keep the text; the schema says whether
    // it belongs there.
  }
  return text;
}

class JsonBuilder : public YAML::EventHandler {
public:
  JsonBuilder(Document& document, std::string_view text) : m_document(document), m_text(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override { m_start = to_position(mark); }
  Position start() const { return m_start; }
  void OnDocumentEnd() override {}
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
    if (tag != "?" && tag != "!") {
      throw Refusal{to_position(mark), "the tag \"" + tag + "\" is not allowed — remove it"};
    }
    if (tag == "!" && !quote_is_closed(m_text, static_cast<std::size_t>(std::max(mark.pos, 0)))) {
      throw Refusal{to_position(mark), "this quoted text has no closing quote — add it"};
    }
    add(mark, tag == "?" ? plain_scalar(value) : nlohmann::json(value), value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    refuse_anchor(mark, anchor);
    open(mark, nlohmann::json::array());
  }
  void OnSequenceEnd() override { m_stack.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    refuse_anchor(mark, anchor);
    open(mark, nlohmann::json::object());
  }
  void OnMapEnd() override { m_stack.pop_back(); }

private:
  struct Frame {
    nlohmann::json* value;
    std::string pointer;
    bool awaiting_key = true;
    std::string key;
    std::set<std::string> keys;
  };

  Position to_position(const YAML::Mark& mark) const { return position_in(m_text, mark); }

  void refuse_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor) {
      throw Refusal{to_position(mark), "anchors (\"&name\") are not allowed — write the value out in full"};
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
    std::string pointer;
    nlohmann::json* slot = place(mark, &scalar, text, pointer);
    if (slot != nullptr) {
      *slot = scalar;
      m_document.positions[pointer] = to_position(mark);
    }
  }

  void open(const YAML::Mark& mark, nlohmann::json container) {
    if (static_cast<int>(m_stack.size()) >= k_max_depth) {
      throw Refusal{to_position(mark), "the file is nested more than " + std::to_string(k_max_depth) +
                                           " levels deep — flatten it"};
    }
    std::string pointer;
    nlohmann::json* slot = place(mark, nullptr, "", pointer);
    *slot = std::move(container);
    m_document.positions[pointer] = to_position(mark);
    m_stack.push_back(Frame{slot, pointer, true, {}, {}});
  }

  Document& m_document;
  std::string_view m_text;
  Position m_start;
  std::vector<Frame> m_stack;
  bool m_root_done = false;
};

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size() || (length == 2 && c < 0xC2) || (length == 4 && c > 0xF4)) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) >> 6) != 0x2) {
      return 0;
    }
  }
  if (length == 3) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
      return 0; // overlong, or a UTF-16 surrogate
    }
  }
  if (length == 4) {
    unsigned char c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
      return 0;
    }
  }
  return length;
}

// Byte-level checks that must happen before yaml-cpp sees the text.
std::optional<core::Diagnostic> check_bytes(std::string_view text, const std::string& file) {
  if (text.size() > k_max_file_size) {
    return core::Diagnostic{file, 0, 0,
                            "the file is larger than 1 MiB — split it up or remove what is not needed"};
  }
  int line = 1;
  int column = 1;
  bool at_line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\0') {
      return core::Diagnostic{file, line, column, "the file contains a NUL byte — save it as plain UTF-8 text"};
    }
    std::size_t length = utf8_length(text, i);
    if (length == 0) {
      return core::Diagnostic{file, line, column, "the file is not valid UTF-8 here — save it as UTF-8 text"};
    }
    if (c == '\t' && at_line_start) {
      return core::Diagnostic{file, line, column, "a tab is used for indentation — indent with spaces"};
    }
    if (c == '\n') {
      ++line;
      column = 1;
      at_line_start = true;
    } else {
      at_line_start = at_line_start && c == ' ';
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

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
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    JsonBuilder builder(document, text);
    if (!parser.HandleNextDocument(builder)) {
      return document; // an empty file: null
    }
    Document ignored;
    JsonBuilder second(ignored, text);
    if (parser.HandleNextDocument(second)) {
      return Outcome::failure({core::Diagnostic{
          file, second.start().line, second.start().column,
          "the file holds more than one YAML document: a second one starts here (after \"---\", or text "
          "after the first one ended) — keep only the first, or fix the indentation"}});
    }
  } catch (const Refusal& refusal) {
    return Outcome::failure({core::Diagnostic{file, refusal.at.line, refusal.at.column, refusal.message}});
  } catch (const YAML::Exception& error) {
    Position at = position_in(text, error.mark);
    return Outcome::failure({core::Diagnostic{file, at.line, at.column, "this is not valid YAML: " + error.msg}});
  }
  return document;
}

} // namespace yaml
