// The YAML front end (see yaml_reader.hpp): yaml-cpp events -> a small node tree with byte spans
// -> the same ast::File the DSL actions build.
//
// yaml-cpp's event API (YAML::Parser + EventHandler) is used rather than YAML::Load because the
// events give each node's mark and style (plain or quoted), and building our own flat tree lets us
// see aliases as references: alias bombs are measured instead of expanded, map keys are all seen
// (yaml-cpp keeps duplicates silently), and nothing is recursive except the final conversion,
// whose depth the event handler has already bounded.
#include "frontend/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
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

// ---- Pre-scan: flow depth and comments ----------------------------------------------------------

struct PreScan {
  std::vector<Span> comments;
  std::uint32_t too_deep_at = kNone;  ///< offset of the first '[' or '{' beyond kMaxYamlDepth
  std::uint32_t unterminated_at = kNone;  ///< offset of a quote whose scalar never closes
};

// One linear pass over the text that knows just enough YAML to tell comments, quoted scalars,
// block scalars and flow brackets apart. It exists because yaml-cpp scans an unclosed flow
// collection to its end before emitting its first event, and because yaml-cpp drops comments.
// It may miscount only in odd corners (a block scalar indented less than its key), and then only
// towards missing a bracket; the event handler's depth check still applies.
PreScan pre_scan(std::string_view text, FileId file) {
  PreScan out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  int flow = 0;
  while (i < n) {
    const std::size_t line_start = i;
    // The column of the line's node: after indentation and any "- " sequence entries, so that a
    // block scalar's content (indented more than its key) can be recognised.
    std::size_t node_col = 0;
    {
      std::size_t p = i;
      while (p < n && text[p] == ' ') ++p;
      std::size_t last_dash = kNone;
      while (p + 1 < n && text[p] == '-' && is_space(text[p + 1])) {
        last_dash = p;
        ++p;
        while (p < n && is_blank(text[p])) ++p;
      }
      node_col = p - line_start;
      if (p < n && (text[p] == '|' || text[p] == '>') && last_dash != kNone) node_col = last_dash - line_start;
    }
    bool block_scalar = false;
    while (i < n && text[i] != '\n') {
      const char c = text[i];
      const char prev = i > line_start ? text[i - 1] : '\n';
      const bool after_space = is_space(prev);
      const bool token_start = after_space || (flow > 0 && (prev == '[' || prev == '{' || prev == ',' || prev == ':'));
      if (c == '#' && after_space) {
        std::size_t e = i;
        while (e < n && text[e] != '\n') ++e;
        std::size_t trimmed = e;
        if (trimmed > i && text[trimmed - 1] == '\r') --trimmed;
        out.comments.push_back(Span{file, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(trimmed)});
        i = e;
        break;
      }
      if ((c == '"' || c == '\'') && token_start) {
        const std::size_t opening = i;
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
        if (i >= n) {
          // yaml-cpp accepts a quoted scalar that runs to the end of the input; iamc does not.
          out.unterminated_at = static_cast<std::uint32_t>(opening);
          return out;
        }
        ++i;
        continue;
      }
      if ((c == '[' || c == '{') && (flow > 0 || token_start)) {
        if (++flow > kMaxYamlDepth) {
          out.too_deep_at = static_cast<std::uint32_t>(i);
          return out;
        }
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      } else if ((c == '|' || c == '>') && flow == 0 && after_space) {
        const char next = i + 1 < n ? text[i + 1] : '\n';
        block_scalar = is_space(next) || next == '-' || next == '+' || (next >= '1' && next <= '9');
      }
      ++i;
    }
    if (i < n) ++i;  // the newline
    if (block_scalar) {
      // Skip the content: blank lines and lines indented deeper than the node.
      while (i < n) {
        std::size_t p = i;
        while (p < n && text[p] == ' ') ++p;
        const bool blank_line = p >= n || text[p] == '\n' || (text[p] == '\r' && (p + 1 >= n || text[p + 1] == '\n'));
        if (!blank_line && p - i <= node_col) break;
        while (p < n && text[p] != '\n') ++p;
        i = p < n ? p + 1 : p;
      }
    }
  }
  return out;
}

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

/// Thrown from the event handler to stop yaml-cpp at once (alias bomb, too deep).
struct Abort {
  DiagCode code;
  std::uint32_t begin;
  std::uint32_t end;
  std::string message;
  std::string note;
};

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, std::uint32_t bom, StringArena& arena)
      : text_(text), bom_(bom), arena_(arena) {}

  void reset() {
    nodes.clear();
    kids.clear();
    pending_.clear();
    frames_.clear();
    anchors_.clear();
    root = kNone;
    alias_nodes_ = 0;
    last_end_ = 0;
  }

  std::vector<YNode> nodes;
  std::vector<std::uint32_t> kids;
  std::uint32_t root = kNone;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // yaml-cpp marks an empty value with the next token's position; give it an empty span right
    // after the last node instead (for `key:` that is the end of the key).
    std::uint32_t v = skip_properties(pos(mark));
    std::uint32_t len = 0;
    if (v < text_.size() && text_[v] == '~') len = 1;
    std::string_view rest = text_.substr(std::min<std::size_t>(v, text_.size()));
    if (rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL")) len = 4;
    YNode& node = add(YNode::Kind::Null, anchor);
    if (len != 0) {
      node.begin = v;
      node.end = v + len;
      last_end_ = node.end;
    } else {
      node.begin = node.end = last_end_;
    }
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    std::uint32_t at = pos(mark);
    std::uint32_t e = at + 1;
    while (e < text_.size() && !is_space(text_[e]) && text_[e] != ',' && text_[e] != ']' && text_[e] != '}') ++e;
    std::string_view name = text_.substr(at, e - at);
    std::uint32_t target = anchor < anchors_.size() ? anchors_[anchor] : kNone;
    if (target == kNone) return;  // yaml-cpp rejects unknown anchors itself
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
    YNode& node = add(YNode::Kind::Alias, 0);
    node.begin = at;
    node.end = e;
    node.target = target;
    node.weight = weight;
    last_end_ = e;
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    std::uint32_t v = skip_properties(pos(mark));
    YNode& node = add(YNode::Kind::Scalar, anchor);
    node.plain = tag == "?";
    node.begin = v;
    std::string_view rest = text_.substr(std::min<std::size_t>(v, text_.size()));
    const char c = rest.empty() ? '\0' : rest.front();
    if (c == '"' || c == '\'') {
      if (rest.size() >= value.size() + 2 && rest.substr(1, value.size()) == value && rest[value.size() + 1] == c) {
        node.text = rest.substr(1, value.size());
        node.end = v + static_cast<std::uint32_t>(value.size()) + 2;
      } else {
        node.text = arena_.save(value);
        node.end = v + quoted_length(rest, c);
      }
    } else if (c == '|' || c == '>') {
      node.text = arena_.save(value);
      node.end = block_scalar_end(v);
    } else if (rest.substr(0, value.size()) == value) {
      node.text = rest.substr(0, value.size());
      node.end = v + static_cast<std::uint32_t>(value.size());
    } else {
      node.text = arena_.save(value);
      node.end = v + folded_length(rest, value);
    }
    last_end_ = node.end;
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(YNode::Kind::Seq, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { close(']'); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(YNode::Kind::Map, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { close('}'); }

 private:
  struct Frame {
    std::uint32_t node;
    std::size_t mark;  // where its children start in pending_
  };

  std::uint32_t pos(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return last_end_;
    return static_cast<std::uint32_t>(std::min<std::size_t>(static_cast<std::size_t>(mark.pos) + bom_, text_.size()));
  }

  // Skips `&anchor` and `!tag` properties (the mark of a node with properties points at them).
  std::uint32_t skip_properties(std::uint32_t p) const {
    const std::size_t n = text_.size();
    while (p < n && (text_[p] == '&' || text_[p] == '!')) {
      while (p < n && !is_space(text_[p]) && text_[p] != ',' && text_[p] != '[' && text_[p] != '{') ++p;
      while (p < n && is_space(text_[p])) ++p;
    }
    return p;
  }

  // Length of a quoted scalar token, closing quote included.
  static std::uint32_t quoted_length(std::string_view rest, char quote) {
    std::size_t i = 1;
    while (i < rest.size()) {
      if (quote == '"' && rest[i] == '\\') {
        i += 2;
      } else if (rest[i] == quote) {
        if (quote == '\'' && i + 1 < rest.size() && rest[i + 1] == '\'') {
          i += 2;
        } else {
          return static_cast<std::uint32_t>(i + 1);
        }
      } else {
        ++i;
      }
    }
    return static_cast<std::uint32_t>(rest.size());
  }

  // A multi-line plain scalar: the value is the source's words with line breaks folded, so match
  // the two modulo whitespace; the token ends after the last matched character.
  static std::uint32_t folded_length(std::string_view rest, std::string_view value) {
    std::size_t i = 0, j = 0, end = 0;
    while (j < value.size() && i < rest.size()) {
      if (is_space(value[j])) {
        ++j;
        continue;
      }
      if (is_space(rest[i])) {
        ++i;
        continue;
      }
      if (rest[i] != value[j]) break;
      end = ++i;
      ++j;
    }
    return static_cast<std::uint32_t>(std::max<std::size_t>(end, 1));
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

  YNode& add(YNode::Kind kind, YAML::anchor_t anchor) {
    auto index = static_cast<std::uint32_t>(nodes.size());
    YNode& node = nodes.emplace_back();
    node.kind = kind;
    if (anchor != 0) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, kNone);
      anchors_[anchor] = index;
    }
    if (frames_.empty()) {
      root = index;
    } else {
      pending_.push_back(index);
    }
    return node;
  }

  void open(YNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
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
  std::uint32_t bom_;
  StringArena& arena_;
  std::vector<std::uint32_t> pending_;
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> anchors_;
  std::uint64_t alias_nodes_ = 0;
  std::uint32_t last_end_ = 0;
};

// An istream over the source text without copying it.
class ViewBuf final : public std::streambuf {
 public:
  explicit ViewBuf(std::string_view text) {
    char* p = const_cast<char*>(text.data());  // read only: the get area is never written
    setg(p, p, p + text.size());
  }
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
    PreScan scan = pre_scan(text, file.file);
    file.comments.reserve(scan.comments.size());
    for (Span c : scan.comments) file.comments.push_back({c});
    if (scan.too_deep_at != kNone) {
      sink.report(DiagCode::YamlNestingTooDeep, at(scan.too_deep_at, scan.too_deep_at + 1),
                  fmt::format("YAML nodes are nested more than {} levels deep", kMaxYamlDepth))
          .notes.push_back({{}, "flatten the document, or name parts of values with 'let'"});
      return file;
    }
    if (scan.unterminated_at != kNone) {
      sink.report(DiagCode::YamlSyntax, at(scan.unterminated_at, size),
                  "invalid YAML: a quoted string is never closed")
          .notes.push_back({{}, "close it with the same quote it opens with"});
      return file;
    }
    // yaml-cpp's marks count from after a byte order mark.
    const std::uint32_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    ViewBuf buffer(text);
    std::istream in(&buffer);
    TreeBuilder tree(text, bom, *file.arena);
    YAML::Parser parser(in);
    // Every document takes at least 3 bytes ("---"); yaml-cpp 0.7 can report documents forever
    // on some malformed input (found by the fuzzer), so more than that means it is stuck.
    const std::size_t max_documents = size / 3 + 2;
    for (std::size_t documents = 0;; ++documents) {
      if (documents > max_documents) {
        sink.report(DiagCode::YamlSyntax, at(0, 0), "invalid YAML: the parser makes no progress in this document")
            .notes.push_back({{}, "check the document's structure near stray punctuation such as ',' at the "
                                  "start of a line"});
        break;
      }
      tree.reset();
      try {
        if (!parser.HandleNextDocument(tree)) break;
      } catch (const Abort& abort) {
        sink.report(abort.code, at(abort.begin, abort.end), abort.message).notes.push_back({{}, abort.note});
        break;
      } catch (const YAML::ParserException& e) {
        std::uint32_t p = e.mark.is_null() || e.mark.pos < 0 ? size : static_cast<std::uint32_t>(e.mark.pos) + bom;
        std::string what = e.msg;
        if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
        sink.report(DiagCode::YamlSyntax, at(p, p + (p < size ? static_cast<std::uint32_t>(utf8_length(text[p])) : 0)),
                    fmt::format("invalid YAML: {}", what));
        break;
      }
      // Marks of malformed input (a tag followed by a control character, say) can point past
      // the end; every span must stay inside the file.
      for (YNode& n : tree.nodes) {
        n.begin = std::min(n.begin, size);
        n.end = std::clamp(n.end, n.begin, size);
      }
      Reader reader(tree, file, sink, text);
      reader.read_document(tree.root);
    }
  } catch (const std::exception& e) {
    sink.report(DiagCode::YamlSyntax, at(0, 0), fmt::format("cannot read the YAML document: {}", e.what()));
  } catch (...) {
    sink.report(DiagCode::YamlSyntax, at(0, 0), "cannot read the YAML document");
  }
  return file;
}

}  // namespace iamc::frontend
