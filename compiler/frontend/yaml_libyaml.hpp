// libyaml behind RAII, and the conversion of its character marks to byte offsets. Internal to the
// YAML layer (yaml_tree.cpp, yaml_syntax_errors.cpp): nothing else includes <yaml.h>.
#pragma once

#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/source.hpp"
#include "base/text.hpp"
#include "diagnostics/sink.hpp"

namespace iamc::frontend {

// libyaml's parser and its current event, freed whatever happens (libyaml is C: it has no
// destructors and never throws; a failure is a zero return and the parser's error fields).
class YamlEvent {
 public:
  YamlEvent() = default;
  YamlEvent(const YamlEvent&) = delete;
  YamlEvent& operator=(const YamlEvent&) = delete;
  ~YamlEvent() { yaml_event_delete(&event_); }
  const yaml_event_t& get() const { return event_; }
  yaml_event_t* reset() {
    yaml_event_delete(&event_);  // frees its strings and zeroes it, so deleting twice is harmless
    return &event_;
  }

 private:
  yaml_event_t event_{};
};

class YamlParser {
 public:
  explicit YamlParser(std::string_view text) : ok_(yaml_parser_initialize(&parser_) != 0) {
    // The text is read in place, never copied (libyaml decodes it into a small rolling buffer).
    if (ok_) yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;
  ~YamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  bool ok() const { return ok_; }
  const yaml_parser_t& state() const { return parser_; }
  /// The next event (after the stream's end, YAML_NO_EVENT); false on invalid YAML, see state().
  bool next(YamlEvent& event) { return yaml_parser_parse(&parser_, event.reset()) != 0; }

 private:
  yaml_parser_t parser_{};  // declared before ok_: the initializer of ok_ initialises it
  bool ok_;
};

// libyaml's marks count characters (code points) from after a byte order mark, a CRLF counting as
// two; spans count bytes. Up to the first non-ASCII byte the two agree (after the mark); beyond it
// a cursor converts: events arrive in source order, so it walks the text forward once in all
// (stepping back a little at times), never from the start.
class ByteOffsets {
 public:
  ByteOffsets(std::string_view text, std::size_t bom) : text_(text), bom_(bom) {
    std::size_t p = bom;
    std::uint64_t word = 0;
    while (p + 8 <= text.size() && (std::memcpy(&word, text.data() + p, 8), word & 0x8080808080808080u) == 0) p += 8;
    while (p < text.size() && static_cast<unsigned char>(text[p]) < 0x80) ++p;
    ascii_chars_ = p - bom;
    byte_ = p;
    char_ = ascii_chars_;
  }

  std::uint32_t operator()(std::size_t index) {
    const std::size_t n = text_.size();
    if (index <= ascii_chars_) return static_cast<std::uint32_t>(std::min(bom_ + index, n));
    while (char_ < index && byte_ < n) {
      byte_ += utf8_length(static_cast<unsigned char>(text_[byte_]));
      ++char_;
    }
    while (char_ > index) {
      do --byte_;
      while ((static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80);
      --char_;
    }
    return static_cast<std::uint32_t>(std::min(byte_, n));
  }

 private:
  std::string_view text_;
  std::size_t bom_;
  std::size_t ascii_chars_ = 0;  // characters before the first non-ASCII byte
  std::size_t byte_ = 0;         // the cursor: byte offset of character char_
  std::size_t char_ = 0;
};

/// Reports libyaml's error (parser.error set) as Y001, in the document's terms where it can.
void report_yaml_syntax_error(const yaml_parser_t& parser, ByteOffsets& offsets, std::string_view text, FileId file,
                              DiagnosticSink& sink);

}  // namespace iamc::frontend
