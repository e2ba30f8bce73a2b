// The YAML front end (see yaml_reader.hpp): libyaml events -> a small node tree with byte spans
// -> the same ast::File the DSL actions build.
//
// libyaml's event API (yaml_parser_parse) is used rather than its document loader because the
// events give each node's marks and style (plain or quoted), and building our own flat tree lets
// us see aliases as references: alias bombs are measured instead of expanded, map keys are all
// seen (duplicates are reported, not merged), and nothing is recursive except the final
// conversion, whose depth the tree builder has already bounded. libyaml reads the source text
// without copying the file, keeps its own stacks on the heap, and looks ahead of its events only as
// far as a possible map key reaches (one line, at most 1,024 characters), so its events arrive as
// the text is read and every limit below acts after a bounded amount of input, whatever follows.
#include "frontend/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/edit_distance.hpp"
#include "base/text.hpp"

namespace iamc::frontend {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kWeightCap = std::uint64_t{1} << 62;  // saturate instead of overflowing

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// ---- Pre-scan: comments -------------------------------------------------------------------------

// The characters the pre-scan acts on; runs of any other character are skipped in bulk.
constexpr std::array<bool, 256> kPreScanStops = [] {
  std::array<bool, 256> stops{};
  for (char c : std::string_view("\n#\"'[]{}|>")) stops[static_cast<unsigned char>(c)] = true;
  return stops;
}();

// Whether a node may start at `at` (for a quote or a block scalar header): at the start of a line,
// after ':', '-', '?', '[', '{' or ',', or after a property (`&anchor`, `!tag`). It looks back over
// the blanks and the word before `at`, characters no other call looks at again, so the pre-scan
// stays linear.
bool node_may_start(std::string_view text, std::size_t at) {
  std::size_t p = at;
  while (p > 0 && is_blank(text[p - 1])) --p;
  if (p == 0 || text[p - 1] == '\n') return true;
  const char last = text[p - 1];
  if (last == ':' || last == '-' || last == '?' || last == '[' || last == '{' || last == ',') return true;
  while (p > 0 && !is_space(text[p - 1])) --p;
  return text[p] == '&' || text[p] == '!';
}

// libyaml drops comments, so one linear pass over the text finds them (for iamc-ignore and the
// formatter's neighbours). It knows just enough YAML to tell a comment from a '#' inside a quoted
// scalar, a block scalar or a flow collection: a quote or a block scalar header counts only where a
// node may start, so a quote inside a plain scalar (`title: it's 'ok`) opens nothing. It may still
// err in odd corners (a block scalar indented less than its key); then a comment is missed or a
// '#' inside a scalar is taken for one, which affects comments only, never the parse.
std::vector<Span> pre_scan(std::string_view text, FileId file) {
  std::vector<Span> comments;
  const std::size_t n = text.size();
  std::size_t i = 0;
  int flow = 0;
  while (i < n) {
    const std::size_t line_start = i;
    bool block_scalar = false;
    while (i < n) {
      while (i < n && !kPreScanStops[static_cast<unsigned char>(text[i])]) ++i;
      if (i >= n || text[i] == '\n') break;
      const char c = text[i];
      const char prev = i > 0 ? text[i - 1] : '\n';
      const bool after_space = is_space(prev);
      const bool token_start = after_space || (flow > 0 && (prev == '[' || prev == '{' || prev == ',' || prev == ':'));
      if (c == '#' && after_space) {
        std::size_t e = i;
        while (e < n && text[e] != '\n') ++e;
        std::size_t trimmed = e;
        if (trimmed > i && text[trimmed - 1] == '\r') --trimmed;
        comments.push_back(Span{file, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(trimmed)});
        i = e;
        break;
      }
      if ((c == '"' || c == '\'') && token_start && node_may_start(text, i)) {
        ++i;
        while (i < n) {
          if (c == '"' && text[i] == '\\') {
            i += 2;
          } else if (text[i] == c) {
            if (c == '\'' && i + 1 < n && text[i + 1] == '\'') {
              i += 2;
            } else {
              break;
            }
          } else {
            ++i;
          }
        }
        // An unclosed quote runs to the end of the input: libyaml reports it (Y001).
        if (i < n) ++i;
        continue;
      }
      if ((c == '[' || c == '{') && (flow > 0 || token_start)) {
        ++flow;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      } else if ((c == '|' || c == '>') && flow == 0 && after_space && node_may_start(text, i)) {
        const char next = i + 1 < n ? text[i + 1] : '\n';
        block_scalar = is_space(next) || next == '-' || next == '+' || (next >= '1' && next <= '9');
      }
      ++i;
    }
    if (i < n) ++i;  // the newline
    if (block_scalar) {
      // The column of the line's node: after indentation and any "- " sequence entries. The
      // block scalar's content is the blank lines and the lines indented deeper than that.
      std::size_t p = line_start;
      while (p < n && text[p] == ' ') ++p;
      std::size_t last_dash = kNone;
      while (p + 1 < n && text[p] == '-' && is_space(text[p + 1])) {
        last_dash = p;
        ++p;
        while (p < n && is_blank(text[p])) ++p;
      }
      std::size_t node_col = p - line_start;
      if (p < n && (text[p] == '|' || text[p] == '>') && last_dash != kNone) node_col = last_dash - line_start;
      while (i < n) {
        std::size_t q = i;
        while (q < n && text[q] == ' ') ++q;
        const bool blank_line = q >= n || text[q] == '\n' || (text[q] == '\r' && (q + 1 >= n || text[q + 1] == '\n'));
        if (!blank_line && q - i <= node_col) break;
        while (q < n && text[q] != '\n') ++q;
        i = q < n ? q + 1 : q;
      }
    }
  }
  return comments;
}

// ---- libyaml ------------------------------------------------------------------------------------

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

// ---- The node tree -------------------------------------------------------------------------------

struct YNode {
  enum class Kind : std::uint8_t { Null, Scalar, Seq, Map, Alias };
  Kind kind = Kind::Null;
  bool plain = false;   ///< Scalar: plain style and no explicit tag (so a name, or true/false)
  bool flow = false;    ///< Seq/Map: written with brackets or braces
  bool closed = false;  ///< Seq/Map: its end event was seen (an alias to an open node is a cycle)
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string_view text;    ///< Scalar: the value (a view into the source or the file's arena)
  std::uint32_t first = 0;  ///< Seq/Map: first child in Tree::kids (Map: key, value, key, value...)
  std::uint32_t count = 0;  ///< Seq/Map: number of children (Map: twice the number of entries)
  std::uint32_t target = kNone;  ///< Alias: the anchored node
  std::uint64_t weight = 1;      ///< nodes in the expanded subtree, aliases included
};

/// Thrown by the tree builder to stop reading at once (alias bomb, unknown alias, too deep).
struct Abort {
  DiagCode code;
  std::uint32_t begin;
  std::uint32_t end;
  std::string message;
  std::string note;
};

// YAML's null: an untagged plain scalar that is empty, `~` or `null` (the core schema's spellings).
bool is_null_text(std::string_view value) {
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

// Builds one document's tree from libyaml's node events (scalar, alias, collection start and end).
class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, ByteOffsets& offsets, StringArena& arena)
      : text_(text), offsets_(offsets), arena_(arena) {}

  void reset() {
    nodes.clear();
    kids.clear();
    pending_.clear();
    frames_.clear();
    anchors_.clear();  // anchors are scoped to their document
    root = kNone;
    alias_nodes_ = 0;
    last_end_ = 0;
  }

  std::vector<YNode> nodes;
  std::vector<std::uint32_t> kids;
  std::uint32_t root = kNone;

  void add_event(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_SCALAR_EVENT: scalar(event); break;
      case YAML_ALIAS_EVENT: alias(event); break;
      case YAML_SEQUENCE_START_EVENT:
        open(YNode::Kind::Seq, event.start_mark, event.data.sequence_start.anchor,
             event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
        break;
      case YAML_SEQUENCE_END_EVENT: close(']'); break;
      case YAML_MAPPING_START_EVENT:
        open(YNode::Kind::Map, event.start_mark, event.data.mapping_start.anchor,
             event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
        break;
      case YAML_MAPPING_END_EVENT: close('}'); break;
      default: break;
    }
  }

 private:
  struct Frame {
    std::uint32_t node;
    std::size_t mark;  // where its children start in pending_
  };

  void scalar(const yaml_event_t& event) {
    const auto& s = event.data.scalar;
    const std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nullptr;
    // The start mark of a node with properties points at them.
    const std::uint32_t v = skip_properties(pos(event.start_mark));
    if (plain && is_null_text(value)) {
      YNode& node = add(YNode::Kind::Null, s.anchor);
      if (value.empty()) {
        // libyaml marks an empty value where the next token starts or at the ':' before it; give it
        // an empty span right after the last node instead (for `key:` that is the end of the key).
        node.begin = node.end = last_end_;
      } else {
        node.begin = v;
        node.end = v + static_cast<std::uint32_t>(value.size());
        last_end_ = node.end;
      }
      return;
    }
    YNode& node = add(YNode::Kind::Scalar, s.anchor);
    node.plain = plain;
    node.begin = v;
    if (s.style == YAML_LITERAL_SCALAR_STYLE || s.style == YAML_FOLDED_SCALAR_STYLE) {
      // libyaml's end mark is past the trailing line breaks; the span ends with the last content.
      node.end = block_scalar_end(v);
      node.text = arena_.save(value);
    } else {
      // An empty tagged value (`key: !t`) ends before its start: give it an empty span there.
      node.end = std::max(v, pos(event.end_mark));
      const std::uint32_t quotes = s.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1;
      // The value is the source text between the quotes unless escapes or line folding changed it.
      if (node.end - v == value.size() + 2 * quotes && text_.substr(v + quotes, value.size()) == value) {
        node.text = text_.substr(v + quotes, value.size());
      } else {
        node.text = arena_.save(value);
      }
    }
    last_end_ = node.end;
  }

  void alias(const yaml_event_t& event) {
    const std::uint32_t at = pos(event.start_mark);
    const std::uint32_t e = std::max(at, pos(event.end_mark));
    const std::string_view name = text_.substr(at, e - at);
    auto found = anchors_.find(reinterpret_cast<const char*>(event.data.alias.anchor));
    if (found == anchors_.end()) {
      // libyaml's parser leaves alias resolution to its loader, which iamc does not use.
      throw Abort{DiagCode::YamlSyntax, at, e, fmt::format("invalid YAML: alias {} names no anchor", iamc::quoted(name)),
                  fmt::format("put the anchor {} on a node before the alias, in the same document",
                              iamc::quoted(fmt::format("&{}", reinterpret_cast<const char*>(event.data.alias.anchor))))};
    }
    const std::uint32_t target = found->second;
    const YNode& t = nodes[target];
    if ((t.kind == YNode::Kind::Seq || t.kind == YNode::Kind::Map) && !t.closed) {
      throw Abort{DiagCode::YamlAliasLimit, at, e,
                  fmt::format("alias {} refers to a node that contains it", iamc::quoted(name)),
                  "a value cannot include itself; write the inner value out"};
    }
    alias_nodes_ = std::min(kWeightCap, alias_nodes_ + t.weight);
    if (alias_nodes_ > kMaxYamlAliasNodes) {
      throw Abort{DiagCode::YamlAliasLimit, at, e,
                  fmt::format("YAML aliases expand to more than {} nodes", kMaxYamlAliasNodes),
                  "aliases of nodes that hold aliases grow exponentially (a 'billion laughs' "
                  "document); write the values out or name them with 'let'"};
    }
    std::uint64_t weight = t.weight;
    YNode& node = add(YNode::Kind::Alias, nullptr);
    node.begin = at;
    node.end = e;
    node.target = target;
    node.weight = weight;
    last_end_ = e;
  }

  std::uint32_t pos(const yaml_mark_t& mark) const { return offsets_(mark.index); }

  // Skips `&anchor` and `!tag` properties (the mark of a node with properties points at them).
  std::uint32_t skip_properties(std::uint32_t p) const {
    const std::size_t n = text_.size();
    while (p < n && (text_[p] == '&' || text_[p] == '!')) {
      while (p < n && !is_space(text_[p]) && text_[p] != ',' && text_[p] != '[' && text_[p] != '{') ++p;
      while (p < n && is_space(text_[p])) ++p;
    }
    return p;
  }

  // A block scalar ends with its last non-blank line indented deeper than its header's line.
  std::uint32_t block_scalar_end(std::uint32_t header) const {
    const std::size_t n = text_.size();
    std::size_t line_start = header;
    while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
    std::size_t indent = 0;
    while (line_start + indent < n && text_[line_start + indent] == ' ') ++indent;
    std::size_t p = header;
    while (p < n && text_[p] != '\n') ++p;
    std::size_t end = p;
    while (p < n) {
      std::size_t q = p + 1, col = 0;
      while (q < n && text_[q] == ' ') ++q, ++col;
      if (q >= n) break;
      bool blank = text_[q] == '\n' || text_[q] == '\r';
      if (!blank && col <= indent) break;
      while (q < n && text_[q] != '\n') ++q;
      if (!blank) end = q > 0 && text_[q - 1] == '\r' ? q - 1 : q;
      p = q;
    }
    return static_cast<std::uint32_t>(end);
  }

  YNode& add(YNode::Kind kind, const yaml_char_t* anchor) {
    auto index = static_cast<std::uint32_t>(nodes.size());
    YNode& node = nodes.emplace_back();
    node.kind = kind;
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = index;  // a later `&a` wins
    if (frames_.empty()) {
      root = index;
    } else {
      pending_.push_back(index);
    }
    return node;
  }

  void open(YNode::Kind kind, const yaml_mark_t& mark, const yaml_char_t* anchor, bool flow) {
    std::uint32_t at = skip_properties(pos(mark));
    if (frames_.size() >= static_cast<std::size_t>(kMaxYamlDepth)) {
      throw Abort{DiagCode::YamlNestingTooDeep, at, at + 1,
                  fmt::format("YAML nodes are nested more than {} levels deep", kMaxYamlDepth),
                  "flatten the document, or name parts of values with 'let'"};
    }
    YNode& node = add(kind, anchor);
    node.flow = flow;
    node.begin = node.end = at;
    frames_.push_back({static_cast<std::uint32_t>(nodes.size() - 1), pending_.size()});
  }

  void close(char bracket) {
    if (frames_.empty()) return;  // libyaml pairs every end with its start; be safe regardless
    Frame frame = frames_.back();
    frames_.pop_back();
    YNode& node = nodes[frame.node];
    node.first = static_cast<std::uint32_t>(kids.size());
    node.count = static_cast<std::uint32_t>(pending_.size() - frame.mark);
    std::uint64_t weight = 1;
    std::uint32_t end = node.begin;
    for (std::size_t i = frame.mark; i < pending_.size(); ++i) {
      const YNode& kid = nodes[pending_[i]];
      kids.push_back(pending_[i]);
      weight = std::min(kWeightCap, weight + kid.weight);
      end = std::max(end, kid.end);
    }
    pending_.resize(frame.mark);
    if (node.flow) {
      // Past the last item: separators, comments, then the closing bracket.
      std::size_t p = node.count == 0 ? node.begin + 1 : end;
      while (p < text_.size()) {
        char c = text_[p];
        if (c == '#') {
          while (p < text_.size() && text_[p] != '\n') ++p;
        } else if (is_space(c) || c == ',' || c == ':' || c == '?') {
          ++p;
        } else {
          break;
        }
      }
      if (p < text_.size() && (text_[p] == bracket || text_[p] == ']' || text_[p] == '}')) end = static_cast<std::uint32_t>(p + 1);
    }
    node.end = end;
    node.weight = weight;
    node.closed = true;
    last_end_ = end;
  }

  std::string_view text_;
  ByteOffsets& offsets_;
  StringArena& arena_;
  std::vector<std::uint32_t> pending_;
  std::vector<Frame> frames_;
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::uint64_t alias_nodes_ = 0;
  std::uint32_t last_end_ = 0;
};

// ---- Tree -> AST ---------------------------------------------------------------------------------

constexpr std::array<std::string_view, 5> kTopKeys = {"include", "targets", "let", "grants", "policies"};
constexpr std::array<std::string_view, 9> kGrantKeys = {"in", "grant", "to", "on", "id",
                                                        "title", "description", "labels", "org"};
constexpr std::array<std::string_view, 6> kPolicyKeys = {"in", "policy", "name", "members", "tenants", "statements"};
constexpr std::array<std::string_view, 5> kStatementKeys = {"effect", "role", "actions", "resources", "on"};
constexpr std::array<std::string_view, 2> kRoleKeys = {"name", "id"};
constexpr std::array<std::string_view, 2> kEffects = {"allow", "deny"};

std::string join_keys(std::span<const std::string_view> keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) out += i + 1 == keys.size() ? " and " : ", ";
    out += keys[i];
  }
  return out;
}

class Reader {
 public:
  Reader(const TreeBuilder& tree, ast::File& file, DiagnosticSink& sink, std::string_view text)
      : tree_(tree), file_(file), sink_(sink), text_(text) {}

  void read_document(std::uint32_t root) {
    if (root == kNone) return;
    const YNode& doc = node(root);
    if (doc.kind == YNode::Kind::Null) return;  // an empty document
    if (doc.kind != YNode::Kind::Map) {
      sink_.report(DiagCode::YamlWrongType, span(doc),
                   fmt::format("a *.iam.yaml document must be a map with keys such as 'targets' and "
                               "'grants', found {}",
                               found(doc)));
      return;
    }
    for (const Entry& e : entries(doc)) {
      if (e.key == "include") {
        read_includes(e);
      } else if (e.key == "targets") {
        for_each_map(e, "target", [this](const YNode& m) { read_target(m); });
      } else if (e.key == "let") {
        read_lets(e);
      } else if (e.key == "grants") {
        current_block_ = kNone;
        for_each_map(e, "grant", [this](const YNode& m) { read_grant(m); });
      } else if (e.key == "policies") {
        current_block_ = kNone;
        for_each_map(e, "policy", [this](const YNode& m) { read_policy(m); });
      } else {
        unknown_key(e, kTopKeys, "the document");
      }
    }
  }

 private:
  struct Entry {
    std::string_view key;
    Span key_span;
    std::uint32_t value;
  };

  const YNode& node(std::uint32_t i) const {
    const YNode* n = &tree_.nodes[i];
    while (n->kind == YNode::Kind::Alias) n = &tree_.nodes[n->target];
    return *n;
  }
  std::uint32_t resolve(std::uint32_t i) const {
    while (tree_.nodes[i].kind == YNode::Kind::Alias) i = tree_.nodes[i].target;
    return i;
  }
  Span span(const YNode& n) const { return Span{file_.file, n.begin, n.end}; }
  std::uint32_t kid(const YNode& n, std::uint32_t i) const { return tree_.kids[n.first + i]; }

  static std::string_view found(const YNode& n) {
    switch (n.kind) {
      case YNode::Kind::Null: return "nothing";
      case YNode::Kind::Scalar: return "a string";
      case YNode::Kind::Seq: return "a list";
      case YNode::Kind::Map: return "a map";
      case YNode::Kind::Alias: break;
    }
    return "an alias";
  }

  static bool is_empty(const YNode& n) { return n.kind == YNode::Kind::Null && n.begin == n.end; }

  // Where to point at a value: the value itself, or its key when the value was left empty.
  Span value_span(const Entry& e) const {
    const YNode& v = node(e.value);
    return is_empty(v) ? e.key_span : span(v);
  }

  void wrong_type(const Entry& e, std::string_view expected) {
    sink_.report(DiagCode::YamlWrongType, value_span(e),
                 fmt::format("{} must be {}, found {}", iamc::quoted(e.key), expected, found(node(e.value))));
  }

  // The entries of a map with string keys, duplicates reported and dropped (the first one wins).
  std::vector<Entry> entries(const YNode& map) {
    std::vector<Entry> out;
    const std::uint32_t n = map.count / 2;
    out.reserve(n);
    std::unordered_map<std::string_view, std::size_t> seen;
    const bool hashed = n > 8;
    for (std::uint32_t i = 0; i < n; ++i) {
      const YNode& key = node(kid(map, 2 * i));
      if (key.kind != YNode::Kind::Scalar) {
        sink_.report(DiagCode::YamlWrongType, is_empty(key) ? span(node(kid(map, 2 * i + 1))) : span(key),
                     fmt::format("map keys must be strings, found {}", found(key)));
        continue;
      }
      std::size_t first = kNone;
      if (hashed) {
        auto [it, inserted] = seen.emplace(key.text, out.size());
        if (!inserted) first = it->second;
      } else {
        for (std::size_t k = 0; k < out.size(); ++k) {
          if (out[k].key == key.text) {
            first = k;
            break;
          }
        }
      }
      if (first != kNone) {
        sink_.report(DiagCode::YamlDuplicateKey, span(key), fmt::format("duplicate key {}", iamc::quoted(key.text)))
            .notes.push_back({out[first].key_span, "first given here; a key may appear once in a map"});
        continue;
      }
      out.push_back({key.text, span(key), kid(map, 2 * i + 1)});
    }
    return out;
  }

  void unknown_key(const Entry& e, std::span<const std::string_view> known, std::string_view where) {
    Diagnostic& d = sink_.report(DiagCode::YamlUnknownKey, e.key_span,
                                 fmt::format("unknown key {} in {}", iamc::quoted(e.key), where));
    if (e.key == "<<") {
      d.notes.push_back({{}, "YAML merge keys are not supported: write the keys out"});
      return;
    }
    std::string_view guess = closest_match(e.key, known);
    if (!guess.empty()) {
      d.notes.push_back({{}, fmt::format("did you mean '{}'?", guess)});
      d.fixes.push_back({e.key_span, std::string(guess)});
    } else {
      d.notes.push_back({{}, fmt::format("the keys of {} are {}", where, join_keys(known))});
    }
  }

  void missing_key(const YNode& map, const std::vector<Entry>& es, std::string_view key, std::string_view what) {
    Span at = es.empty() ? Span{file_.file, map.begin, map.flow ? map.begin + 1 : map.end} : es.front().key_span;
    sink_.report(DiagCode::YamlMissingKey, at, fmt::format("missing required key '{}' in {}", key, what));
  }

  // Calls `read` for every map in the list under `e` (a null value is an empty list).
  template <typename Fn>
  void for_each_map(const Entry& e, std::string_view item, Fn&& read) {
    const YNode& list = node(e.value);
    if (list.kind == YNode::Kind::Null) return;
    if (list.kind != YNode::Kind::Seq) {
      wrong_type(e, fmt::format("a list of {} maps", item));
      return;
    }
    for (std::uint32_t i = 0; i < list.count; ++i) {
      const YNode& m = node(kid(list, i));
      if (m.kind != YNode::Kind::Map) {
        sink_.report(DiagCode::YamlWrongType, is_empty(m) ? span(list) : span(m),
                     fmt::format("each item of {} must be a {} map, found {}", iamc::quoted(e.key), item, found(m)));
        continue;
      }
      read(m);
    }
  }

  // ---- Values ----

  ast::Expr make(ast::Expr::Kind kind, const YNode& n, std::string_view text) const {
    ast::Expr x;
    x.kind = kind;
    x.span = span(n);
    x.text = text;
    return x;
  }

  static bool is_bool(const YNode& n, bool& value) {
    if (!n.plain) return false;
    if (n.text == "true" || n.text == "True" || n.text == "TRUE") {
      value = true;
      return true;
    }
    if (n.text == "false" || n.text == "False" || n.text == "FALSE") {
      value = false;
      return true;
    }
    return false;
  }

  ast::Expr bool_expr(const YNode& n, bool value) const {
    ast::Expr x = make(ast::Expr::Kind::Bool, n, value ? "true" : "false");
    x.boolean = value;
    return x;
  }

  // A scalar in a string position: settings, attributes, roles, ids, tenants, actions.
  std::optional<ast::Expr> string_expr(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a string");
      return std::nullopt;
    }
    return make(ast::Expr::Kind::String, v, v.text);
  }

  // A string, or a list of strings (tenants, actions, resources).
  std::optional<ast::Expr> strings_expr(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Scalar) return make(ast::Expr::Kind::String, v, v.text);
    if (v.kind != YNode::Kind::Seq) {
      wrong_type(e, "a list of strings");
      return std::nullopt;
    }
    ast::Expr list = make(ast::Expr::Kind::List, v, {});
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const YNode& item = node(kid(v, i));
      if (item.kind != YNode::Kind::Scalar) {
        sink_.report(DiagCode::YamlWrongType, is_empty(item) ? span(v) : span(item),
                     fmt::format("each item of {} must be a string, found {}", iamc::quoted(e.key), found(item)));
        continue;
      }
      list.items.push_back({{}, {}, make(ast::Expr::Kind::String, item, item.text)});
    }
    return list;
  }

  // Target settings and labels: scalars are strings, lists are lists, maps are records.
  std::optional<ast::Expr> data_expr(const Entry& e) {
    const YNode& v = node(e.value);
    switch (v.kind) {
      case YNode::Kind::Scalar: return make(ast::Expr::Kind::String, v, v.text);
      case YNode::Kind::Seq: {
        ast::Expr list = make(ast::Expr::Kind::List, v, {});
        for (std::uint32_t i = 0; i < v.count; ++i) {
          if (auto item = data_expr(Entry{e.key, e.key_span, kid(v, i)})) list.items.push_back({{}, {}, std::move(*item)});
        }
        return list;
      }
      case YNode::Kind::Map: {
        ast::Expr record = make(ast::Expr::Kind::Record, v, {});
        for (const Entry& inner : entries(v)) {
          if (auto value = data_expr(inner)) record.items.push_back({inner.key, inner.key_span, std::move(*value)});
        }
        return record;
      }
      default: break;
    }
    wrong_type(e, "a string, a list or a map");
    return std::nullopt;
  }

  // A value in a principal, scope or let position: a plain scalar is a name (or true/false), a
  // quoted one a string, a list a list, and a one-key map a call `{kind: id}` / `{kind: {args}}`.
  std::optional<ast::Expr> value_expr(const Entry& e) {
    const YNode& v = node(e.value);
    switch (v.kind) {
      case YNode::Kind::Scalar: {
        bool b = false;
        if (is_bool(v, b)) return bool_expr(v, b);
        return make(v.plain ? ast::Expr::Kind::Name : ast::Expr::Kind::String, v, v.text);
      }
      case YNode::Kind::Seq: {
        ast::Expr list = make(ast::Expr::Kind::List, v, {});
        for (std::uint32_t i = 0; i < v.count; ++i) {
          if (auto item = value_expr(Entry{e.key, e.key_span, kid(v, i)})) list.items.push_back({{}, {}, std::move(*item)});
        }
        return list;
      }
      case YNode::Kind::Map: return call_expr(v);
      default: break;
    }
    sink_.report(DiagCode::YamlWrongType, value_span(e),
                 fmt::format("{} needs a value here, found nothing", iamc::quoted(e.key)));
    return std::nullopt;
  }

  std::optional<ast::Expr> call_expr(const YNode& map) {
    std::vector<Entry> es = entries(map);
    if (es.size() != 1) {
      sink_.report(DiagCode::YamlWrongType, span(map),
                   fmt::format("a map used as a principal or scope must have exactly one key, its kind; "
                               "found {} keys",
                               es.size()))
          .notes.push_back({{}, "write {user: \"id\"}, or {namespace: {id: \"x\", recursive: false}} for named arguments"});
      return std::nullopt;
    }
    const Entry& k = es.front();
    ast::Expr call = make(ast::Expr::Kind::Call, map, k.key);
    call.name_span = k.key_span;
    const YNode& args = node(k.value);
    switch (args.kind) {
      case YNode::Kind::Null: break;  // {everything: } is a call without arguments
      case YNode::Kind::Scalar:
        call.items.push_back({{}, {}, make(ast::Expr::Kind::String, args, args.text)});
        break;
      case YNode::Kind::Map:
        for (const Entry& a : entries(args)) {
          const YNode& av = node(a.value);
          bool b = false;
          if (av.kind == YNode::Kind::Scalar) {
            call.items.push_back({a.key, a.key_span,
                                  is_bool(av, b) ? bool_expr(av, b) : make(ast::Expr::Kind::String, av, av.text)});
          } else if (auto value = value_expr(a)) {
            call.items.push_back({a.key, a.key_span, std::move(*value)});
          }
        }
        break;
      default:
        wrong_type(k, "an id or a map of named arguments");
        return std::nullopt;
    }
    return call;
  }

  // `to`, `on`: one value, or a list of values.
  std::vector<ast::Expr> value_list(const Entry& e) {
    std::vector<ast::Expr> out;
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Seq) {
      out.reserve(v.count);
      for (std::uint32_t i = 0; i < v.count; ++i) {
        if (auto x = value_expr(Entry{e.key, e.key_span, kid(v, i)})) out.push_back(std::move(*x));
      }
    } else if (auto x = value_expr(e)) {
      out.push_back(std::move(*x));
    }
    return out;
  }

  std::optional<ast::RoleRef> role_ref(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a role name");
      return std::nullopt;
    }
    return ast::RoleRef{v.text, span(v)};
  }

  // ---- Sections ----

  void read_includes(const Entry& e) {
    const YNode& v = node(e.value);
    auto add = [&](const YNode& path) { file_.includes.push_back({span(path), path.text, span(path)}); };
    if (v.kind == YNode::Kind::Null) return;
    if (v.kind == YNode::Kind::Scalar) {
      add(v);
      return;
    }
    if (v.kind != YNode::Kind::Seq) {
      wrong_type(e, "a list of paths");
      return;
    }
    for (std::uint32_t i = 0; i < v.count; ++i) {
      const YNode& path = node(kid(v, i));
      if (path.kind != YNode::Kind::Scalar) {
        sink_.report(DiagCode::YamlWrongType, is_empty(path) ? span(v) : span(path),
                     fmt::format("each item of 'include' must be a path, found {}", found(path)));
        continue;
      }
      add(path);
    }
  }

  void read_target(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::TargetDecl t;
    t.span = span(map);
    bool has_kind = false, has_name = false, ok = true;
    for (const Entry& e : es) {
      if (e.key == "target" || e.key == "name") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, e.key == "target" ? "a target kind such as astra" : "a name");
          ok = false;
        } else if (e.key == "target") {
          t.kind = v.text;
          t.kind_span = span(v);
        } else {
          t.name = v.text;
          t.name_span = span(v);
        }
        (e.key == "target" ? has_kind : has_name) = true;
      } else if (e.key == "roles") {
        read_roles(e, t);
      } else if (auto value = data_expr(e)) {
        t.settings.push_back({e.key, e.key_span, std::move(*value)});
      }
    }
    if (!has_kind) missing_key(map, es, "target", "a target");
    if (!has_name) missing_key(map, es, "name", "a target");
    if (ok && has_kind && has_name) file_.targets.push_back(std::move(t));
  }

  void read_roles(const Entry& e, ast::TargetDecl& t) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Null) return;
    auto read_one = [&](std::uint32_t index) {
      const YNode& r = node(index);
      if (r.kind == YNode::Kind::Scalar) {
        t.roles.push_back({span(r), r.text, span(r), {}, {}});
        return;
      }
      if (r.kind != YNode::Kind::Map) {
        sink_.report(DiagCode::YamlWrongType, is_empty(r) ? span(v) : span(r),
                     fmt::format("a custom role must be a name or a map with 'name' and 'id', found {}", found(r)));
        return;
      }
      std::vector<Entry> es = entries(r);
      ast::RoleDecl role;
      role.span = span(r);
      bool has_name = false, ok = true;
      for (const Entry& re : es) {
        if (re.key == "name" || re.key == "id") {
          const YNode& rv = node(re.value);
          if (rv.kind != YNode::Kind::Scalar) {
            wrong_type(re, "a string");
            ok = false;
          } else if (re.key == "name") {
            role.name = rv.text;
            role.name_span = span(rv);
            has_name = true;
          } else {
            role.id = rv.text;
            role.id_span = span(rv);
          }
        } else {
          unknown_key(re, kRoleKeys, "a custom role");
        }
      }
      if (!has_name) missing_key(r, es, "name", "a custom role");
      if (ok && has_name) t.roles.push_back(role);
    };
    if (v.kind == YNode::Kind::Seq) {
      for (std::uint32_t i = 0; i < v.count; ++i) read_one(kid(v, i));
    } else {
      read_one(resolve(e.value));
    }
  }

  void read_lets(const Entry& e) {
    const YNode& v = node(e.value);
    if (v.kind == YNode::Kind::Null) return;
    if (v.kind != YNode::Kind::Map) {
      wrong_type(e, "a map of names to values");
      return;
    }
    for (const Entry& let : entries(v)) {
      if (auto value = value_expr(let)) {
        Span whole = cover(let.key_span, value->span);
        file_.lets.push_back({whole, let.key, let.key_span, std::move(*value)});
      }
    }
  }

  // The block for `in: KIND.NAME`: consecutive items of one list with the same target share one,
  // as the grants of one `in KIND.NAME { ... }` block do in the DSL.
  ast::TargetBlock* block_for(const Entry& e, Span item) {
    const YNode& v = node(e.value);
    if (v.kind != YNode::Kind::Scalar) {
      wrong_type(e, "a target as KIND.NAME");
      return nullptr;
    }
    std::size_t dot = v.text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == v.text.size()) {
      sink_.report(DiagCode::YamlInvalidValue, span(v),
                   fmt::format("'in' must name a target as KIND.NAME, such as astra.prod; found {}",
                               iamc::quoted(v.text)));
      return nullptr;
    }
    std::string_view kind = v.text.substr(0, dot), name = v.text.substr(dot + 1);
    Span kind_span = span(v), name_span = span(v);
    if (v.text.data() >= text_.data() && v.text.data() < text_.data() + text_.size()) {
      auto at = static_cast<std::uint32_t>(v.text.data() - text_.data());
      kind_span = Span{file_.file, at, at + static_cast<std::uint32_t>(dot)};
      name_span = Span{file_.file, at + static_cast<std::uint32_t>(dot) + 1,
                       at + static_cast<std::uint32_t>(v.text.size())};
    }
    if (current_block_ != kNone) {
      ast::TargetBlock& b = file_.blocks[current_block_];
      if (b.target_kind == kind && b.target_name == name) {
        b.span = cover(b.span, item);
        return &b;
      }
    }
    current_block_ = static_cast<std::uint32_t>(file_.blocks.size());
    ast::TargetBlock& b = file_.blocks.emplace_back();
    b.span = item;
    b.target_kind = kind;
    b.target_kind_span = kind_span;
    b.target_name = name;
    b.target_name_span = name_span;
    return &b;
  }

  void read_grant(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::Grant g;
    g.span = span(map);
    const Entry *in = nullptr, *role = nullptr, *to = nullptr;
    bool ok = true;
    for (const Entry& e : es) {
      if (e.key == "in") {
        in = &e;
      } else if (e.key == "grant") {
        role = &e;
      } else if (e.key == "to") {
        to = &e;
      } else if (e.key == "on") {
        g.has_scopes = true;
        g.scopes = value_list(e);
      } else if (e.key == "labels") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Map) {
          wrong_type(e, "a map of label names to values");
        } else if (auto value = data_expr(e)) {
          g.attributes.push_back({e.key, e.key_span, std::move(*value)});
        }
      } else if (e.key == "id" || e.key == "title" || e.key == "description" || e.key == "org") {
        if (auto value = string_expr(e)) g.attributes.push_back({e.key, e.key_span, std::move(*value)});
      } else {
        unknown_key(e, kGrantKeys, "a grant");
      }
    }
    if (role == nullptr) {
      missing_key(map, es, "grant", "a grant");
      ok = false;
    } else if (auto r = role_ref(*role)) {
      g.role = *r;
    } else {
      ok = false;
    }
    if (to == nullptr) {
      missing_key(map, es, "to", "a grant");
      ok = false;
    } else {
      g.principals = value_list(*to);
    }
    if (in == nullptr) {
      missing_key(map, es, "in", "a grant");
      return;
    }
    ast::TargetBlock* block = block_for(*in, g.span);
    if (ok && block != nullptr) block->grants.push_back(std::move(g));
  }

  void read_policy(const YNode& map) {
    std::vector<Entry> es = entries(map);
    ast::Policy p;
    p.span = span(map);
    const Entry* in = nullptr;
    bool has_id = false, ok = true;
    for (const Entry& e : es) {
      if (e.key == "in") {
        in = &e;
      } else if (e.key == "policy") {
        const YNode& v = node(e.value);
        has_id = true;
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, "a policy id");
          ok = false;
        } else {
          p.id = v.text;
          p.id_span = span(v);
        }
      } else if (e.key == "name") {
        if (auto value = string_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "members") {
        if (auto value = value_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "tenants") {
        if (auto value = strings_expr(e)) p.settings.push_back({e.key, e.key_span, std::move(*value)});
      } else if (e.key == "statements") {
        for_each_map(e, "statement", [&](const YNode& m) { read_statement(m, p); });
      } else {
        unknown_key(e, kPolicyKeys, "a policy");
      }
    }
    if (!has_id) {
      missing_key(map, es, "policy", "a policy");
      ok = false;
    }
    if (in == nullptr) {
      missing_key(map, es, "in", "a policy");
      return;
    }
    ast::TargetBlock* block = block_for(*in, p.span);
    if (ok && block != nullptr) block->policies.push_back(std::move(p));
  }

  void read_statement(const YNode& map, ast::Policy& p) {
    ast::PolicyStatement s;
    s.span = span(map);
    s.effect_span = Span{file_.file, map.begin, map.begin};  // `effect` may be left out: allow
    for (const Entry& e : entries(map)) {
      if (e.key == "effect") {
        const YNode& v = node(e.value);
        if (v.kind != YNode::Kind::Scalar) {
          wrong_type(e, "allow or deny");
        } else if (v.text == "allow" || v.text == "deny") {
          s.effect = v.text == "deny" ? ast::Effect::Deny : ast::Effect::Allow;
          s.effect_span = span(v);
        } else {
          Diagnostic& d = sink_.report(DiagCode::YamlInvalidValue, span(v),
                                       fmt::format("'effect' must be allow or deny, found {}", iamc::quoted(v.text)));
          std::string_view guess = closest_match(v.text, kEffects);
          if (!guess.empty()) {
            d.notes.push_back({{}, fmt::format("did you mean '{}'?", guess)});
            d.fixes.push_back({span(v), std::string(guess)});
          }
        }
      } else if (e.key == "role") {
        if (auto r = role_ref(e)) {
          s.has_role = true;
          s.role = *r;
        }
      } else if (e.key == "actions") {
        if (auto value = strings_expr(e)) {
          s.has_actions = true;
          s.actions = std::move(*value);
        }
      } else if (e.key == "resources") {
        if (auto value = strings_expr(e)) {
          s.has_resources = true;
          s.resources = std::move(*value);
        }
      } else if (e.key == "on") {
        s.has_scopes = true;
        s.scopes = value_list(e);
      } else {
        unknown_key(e, kStatementKeys, "a policy statement");
      }
    }
    p.statements.push_back(std::move(s));
  }

  const TreeBuilder& tree_;
  ast::File& file_;
  DiagnosticSink& sink_;
  std::string_view text_;
  std::uint32_t current_block_ = kNone;
};

// ---- libyaml's errors -> Y001 ----------------------------------------------------------------------

// A character of punctuation that YAML reserves at the start of a plain value.
bool is_indicator(char c) {
  return std::string_view(",[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

// libyaml words its errors in its own terms ("did not find expected key", context "while parsing
// a block mapping"). The common ones are reworded here in the document's terms, with what to do,
// and a note at the node libyaml was reading when that helps; the rest keep libyaml's wording.
void report_syntax_error(const yaml_parser_t& parser, ByteOffsets& offsets, std::string_view text, FileId file,
                         DiagnosticSink& sink) {
  const auto size = static_cast<std::uint32_t>(text.size());
  auto span = [&](std::size_t begin, std::size_t end) {
    const auto b = static_cast<std::uint32_t>(std::min<std::size_t>(begin, size));
    return Span{file, b, static_cast<std::uint32_t>(std::clamp<std::size_t>(end, b, size))};
  };
  auto char_at = [&](std::uint32_t p) {
    return span(p, p + (p < size ? utf8_length(static_cast<unsigned char>(text[p])) : 0));
  };
  const std::string_view problem = parser.problem != nullptr ? parser.problem : "";
  const std::string_view context = parser.context != nullptr ? parser.context : "";
  if (parser.error == YAML_MEMORY_ERROR) {
    sink.report(DiagCode::YamlSyntax, span(0, 0), "cannot read the YAML document: out of memory");
    return;
  }
  if (parser.error == YAML_READER_ERROR) {
    // The reader counts bytes (problem_offset), from the very start of the text.
    const auto at = static_cast<std::uint32_t>(std::min<std::size_t>(parser.problem_offset, size));
    if (problem == "control characters are not allowed") {
      const auto c = static_cast<unsigned>(parser.problem_value);
      sink.report(DiagCode::YamlSyntax, char_at(at), fmt::format("invalid YAML: control character U+{:04X} is not allowed", c))
          .notes.push_back({{}, fmt::format("remove it; in a double-quoted string it can be written \"\\{}{:0{}x}\"",
                                            c <= 0xFF ? 'x' : 'u', c, c <= 0xFF ? 2 : 4)});
    } else {
      sink.report(DiagCode::YamlSyntax, char_at(at), fmt::format("invalid YAML: {}", problem));
    }
    return;
  }
  const std::uint32_t at = offsets(parser.problem_mark.index);
  const std::uint32_t ctx = context.empty() ? at : offsets(parser.context_mark.index);
  const bool at_end = at >= size;
  std::string found = "the end of the file";
  if (!at_end) {
    found = text[at] == '\n' || text[at] == '\r'
                ? "the end of the line"
                : iamc::quoted(text.substr(at, utf8_length(static_cast<unsigned char>(text[at]))));
  }
  Span where = char_at(at);
  std::string message;
  Note note;  // no message: no note
  if (problem == "found unexpected end of stream" && context == "while scanning a quoted scalar") {
    where = span(ctx, size);
    message = "a quoted string is never closed";
    note = {{}, "close it with the same quote it opens with"};
  } else if (problem == "found unexpected document indicator" && context == "while scanning a quoted scalar") {
    message = "a quoted string runs into a document marker ('---' or '...')";
    note = {char_at(ctx), "the string starts here; close it before that line"};
  } else if (problem == "did not find expected ',' or ']'") {
    message = at_end ? "the file ends inside a flow list" : fmt::format("expected ',' or ']' in a flow list, found {}", found);
    note = {char_at(ctx), at_end ? "the list starts here; close it with ']'"
                                 : "the list starts here; separate its items with ',' and close it with ']'"};
  } else if (problem == "did not find expected ',' or '}'") {
    message = at_end ? "the file ends inside a flow map" : fmt::format("expected ',' or '}}' in a flow map, found {}", found);
    note = {char_at(ctx), at_end ? "the map starts here; close it with '}'"
                                 : "the map starts here; separate its entries with ',' and close it with '}'"};
  } else if (problem == "did not find expected key") {
    message = "expected a map key here";
    note = {char_at(ctx), "in the map that starts here, each key starts in the same column, and a value may be "
                          "followed only by a comment"};
  } else if (problem == "did not find expected '-' indicator") {
    message = "expected a '-' list item here";
    note = {char_at(ctx), "in the list that starts here, each item starts with '-' in the same column"};
  } else if (problem == "could not find expected ':'") {
    // libyaml notices on the next line; point at the key, to the end of its line.
    std::size_t e = ctx;
    while (e < size && text[e] != '\n' && text[e] != '\r') ++e;
    while (e > ctx && is_blank(text[e - 1])) --e;
    where = span(ctx, std::max<std::size_t>(e, ctx + 1));
    message = "expected ':' after this map key";
    note = {{}, "write each entry of a map as 'key: value'"};
  } else if (problem == "mapping values are not allowed in this context") {
    message = "unexpected ':'";
    note = {{}, "quote a value that contains ': ', and start a nested map on a new line, indented under its key"};
  } else if (problem == "block sequence entries are not allowed in this context") {
    message = "unexpected '-' list item";
    note = {{}, "start a list on a new line, indented under its key, or write it in brackets: [a, b]"};
  } else if (problem == "did not find expected node content") {
    message = fmt::format("expected a value, found {}", found);
    if (!at_end && is_indicator(text[at])) note = {{}, fmt::format("a plain value cannot start with {}; quote it", found)};
  } else if (problem == "found character that cannot start any token" && !at_end && text[at] != '\t') {
    message = fmt::format("{} cannot start a value", found);
    note = {{}, "quote the value"};
  } else if (problem == "found character that cannot start any token" ||
             problem == "found a tab character that violates indentation" ||
             problem == "found a tab character where an indentation space is expected") {
    message = "a tab is used for indentation";
    note = {{}, "indent with spaces: YAML does not allow tabs in indentation"};
  } else if (problem == "found unknown escape character") {
    where = span(at, at + 1 + (at + 1 < size ? utf8_length(static_cast<unsigned char>(text[at + 1])) : 0));
    message = "unknown escape sequence in a double-quoted string";
    note = {{}, "write a backslash as '\\\\', or use single quotes, in which '\\' is an ordinary character"};
  } else if (problem == "found undefined tag handle") {
    message = "unknown tag handle";
    note = {{}, "remove the tag (iamc documents need none), or declare its handle with a %TAG directive"};
  } else if (problem == "did not find expected <document start>") {
    message = "unexpected content after the end of the document";
    note = {{}, "start another document with '---', or remove it"};
  } else {
    message = problem.empty() ? "the document cannot be parsed" : std::string(problem);
    // "while scanning a block scalar" -> "the block scalar starts here".
    for (std::string_view prefix : {"while scanning a ", "while scanning an ", "while parsing a ", "while parsing an "}) {
      if (context.starts_with(prefix) && ctx != at) {
        note = {char_at(ctx), fmt::format("the {} starts here", context.substr(prefix.size()))};
        break;
      }
    }
  }
  Diagnostic& d = sink.report(DiagCode::YamlSyntax, where, fmt::format("invalid YAML: {}", message));
  if (!note.message.empty()) d.notes.push_back(std::move(note));
}

}  // namespace

ast::File parse_yaml(const SourceFile& source, DiagnosticSink& sink) {
  ast::File file;
  file.file = source.id();
  file.form = ast::SourceForm::Yaml;
  const std::string_view text = source.text();
  const auto size = static_cast<std::uint32_t>(text.size());
  auto at = [&](std::uint32_t begin, std::uint32_t end) {
    begin = std::min(begin, size);
    return Span{file.file, begin, std::clamp(end, begin, size)};
  };
  try {
    std::vector<Span> comments = pre_scan(text, file.file);
    file.comments.reserve(comments.size());
    for (Span c : comments) file.comments.push_back({c});
    // libyaml's marks count characters from after a byte order mark (see ByteOffsets).
    ByteOffsets offsets(text, text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    TreeBuilder tree(text, offsets, *file.arena);
    YamlParser parser(text);
    if (!parser.ok()) {
      sink.report(DiagCode::YamlSyntax, at(0, 0), "cannot read the YAML document: out of memory");
      return file;
    }
    // libyaml consumes input for every document and ends every stream with STREAM-END (then only
    // YAML_NO_EVENT), so this loop needs no bound on the number of documents.
    YamlEvent event;
    try {
      for (bool more = true; more;) {
        if (!parser.next(event)) {
          report_syntax_error(parser.state(), offsets, text, file.file, sink);
          break;
        }
        switch (event.get().type) {
          case YAML_STREAM_START_EVENT: break;
          case YAML_STREAM_END_EVENT:
          case YAML_NO_EVENT: more = false; break;
          case YAML_DOCUMENT_START_EVENT: tree.reset(); break;
          case YAML_DOCUMENT_END_EVENT: {
            // Every span must stay inside the file, whatever the marks of malformed input.
            for (YNode& n : tree.nodes) {
              n.begin = std::min(n.begin, size);
              n.end = std::clamp(n.end, n.begin, size);
            }
            Reader reader(tree, file, sink, text);
            reader.read_document(tree.root);
            break;
          }
          default: tree.add_event(event.get()); break;
        }
      }
    } catch (const Abort& abort) {
      sink.report(abort.code, at(abort.begin, abort.end), abort.message).notes.push_back({{}, abort.note});
    }
  } catch (const std::exception& e) {
    sink.report(DiagCode::YamlSyntax, at(0, 0), fmt::format("cannot read the YAML document: {}", e.what()));
  } catch (...) {
    sink.report(DiagCode::YamlSyntax, at(0, 0), "cannot read the YAML document");
  }
  return file;
}

}  // namespace iamc::frontend
