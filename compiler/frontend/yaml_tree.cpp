// Reading YAML into node trees (see yaml_tree.hpp).
//
// libyaml's event API (yaml_parser_parse) is used rather than its document loader because the
// events give each node's marks and style (plain or quoted), and building our own flat tree lets
// us see aliases as references: alias bombs are measured instead of expanded, map keys are all
// seen (duplicates are reported, not merged), and nothing is recursive except the schema
// readers' final conversion, whose depth the tree builder has already bounded. libyaml reads the
// source text without copying the file, keeps its own stacks on the heap, and looks ahead of its
// events only as far as a possible map key reaches (one line, at most 1,024 characters), so its
// events arrive as the text is read and every limit below acts after a bounded amount of input,
// whatever follows.
#include "frontend/yaml_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "base/edit_distance.hpp"
#include "frontend/yaml_libyaml.hpp"

namespace iamc::frontend {
namespace {

// "a, b and c"
std::string join_keys(std::span<const std::string_view> keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) out += i + 1 == keys.size() ? " and " : ", ";
    out += keys[i];
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr std::uint64_t kWeightCap = std::uint64_t{1} << 62;  // saturate instead of overflowing

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
class TreeBuilder : public YamlTree {
 public:
  TreeBuilder(std::string_view text, ByteOffsets& offsets, StringArena& arena)
      : text_(text), offsets_(offsets), arena_(arena) {}

  void reset() {
    nodes.clear();
    kids.clear();
    pending_.clear();
    frames_.clear();
    anchors_.clear();  // anchors are scoped to their document
    root = kNoNode;
    alias_nodes_ = 0;
    last_end_ = 0;
  }

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

}  // namespace

void read_yaml(const SourceFile& source, StringArena& arena, DiagnosticSink& sink,
               const std::function<void(const YamlTree&)>& on_document) {
  const std::string_view text = source.text();
  const auto size = static_cast<std::uint32_t>(text.size());
  auto at = [&](std::uint32_t begin, std::uint32_t end) {
    begin = std::min(begin, size);
    return Span{source.id(), begin, std::clamp(end, begin, size)};
  };
  try {
    // libyaml's marks count characters from after a byte order mark (see ByteOffsets).
    ByteOffsets offsets(text, text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    TreeBuilder tree(text, offsets, arena);
    YamlParser parser(text);
    if (!parser.ok()) {
      sink.report(DiagCode::YamlSyntax, at(0, 0), "cannot read the YAML document: out of memory");
      return;
    }
    // libyaml consumes input for every document and ends every stream with STREAM-END (then only
    // YAML_NO_EVENT), so this loop needs no bound on the number of documents.
    YamlEvent event;
    try {
      for (bool more = true; more;) {
        if (!parser.next(event)) {
          report_yaml_syntax_error(parser.state(), offsets, text, source.id(), sink);
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
            on_document(tree);
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
}

// ---- YamlView ------------------------------------------------------------------------------------

void YamlView::wrong_type(const Entry& e, std::string_view expected) {
  sink_.report(DiagCode::YamlWrongType, value_span(e),
               fmt::format("{} must be {}, found {}", iamc::quoted(e.key), expected, found(node(e.value))));
}

// The entries of a map with string keys, duplicates reported and dropped (the first one wins).
std::vector<YamlView::Entry> YamlView::entries(const YNode& map) {
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
    std::size_t first = kNoNode;
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
    if (first != kNoNode) {
      sink_.report(DiagCode::YamlDuplicateKey, span(key), fmt::format("duplicate key {}", iamc::quoted(key.text)))
          .notes.push_back({out[first].key_span, "first given here; a key may appear once in a map"});
      continue;
    }
    out.push_back({key.text, span(key), kid(map, 2 * i + 1)});
  }
  return out;
}

void YamlView::unknown_key(const Entry& e, std::span<const std::string_view> known, std::string_view where) {
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

void YamlView::missing_key(const YNode& map, const std::vector<Entry>& es, std::string_view key, std::string_view what) {
  Span at = es.empty() ? Span{file_id_, map.begin, map.flow ? map.begin + 1 : map.end} : es.front().key_span;
  sink_.report(DiagCode::YamlMissingKey, at, fmt::format("missing required key '{}' in {}", key, what));
}

bool YamlView::is_bool(const YNode& n, bool& value) {
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

}  // namespace iamc::frontend
