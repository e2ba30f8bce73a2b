// The one YAML layer: every YAML file a user writes (*.iam.yaml sources and .iamc.yaml) is read
// here, with the same positions, limits and wording. libyaml's events become one flat node tree
// per document with byte spans (yaml_tree.cpp; syntax errors are worded in
// yaml_syntax_errors.cpp), and YamlView answers the typed questions a schema reader asks of a
// tree, reporting duplicate keys, wrong types, unknown keys (with did-you-mean) and non-boolean
// booleans in one wording. The *.iam.yaml schema lives in yaml_reader.cpp, the .iamc.yaml schema
// in lint/config.cpp.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/arena.hpp"
#include "base/source.hpp"
#include "base/text.hpp"
#include "diagnostics/sink.hpp"

namespace iamc::frontend {

/// YAML nodes (lists and maps, block or flow) nest at most this deep; deeper input gets Y007 and
/// the document is dropped. It is the DSL's value limit (kMaxNestingDepth, 64) plus the levels the
/// YAML form spends on its own structure (document map, `grants` list, grant map, `to` list, kind
/// map, argument map ...), so the YAML form builds no deeper AST than the DSL. The tree builder
/// enforces it as libyaml's events arrive: libyaml does not recurse, and it looks ahead of its
/// events only as far as a possible map key reaches (one line, at most 1,024 characters), so even
/// `[[[[...` 200,000 deep is rejected after reading about a thousand bytes of it.
inline constexpr int kMaxYamlDepth = 72;

/// Nodes that aliases may add to one document by expansion (each use of `*a` costs the size of
/// the node `&a` names, counting the aliases inside it). A "billion laughs" document crosses it
/// after a few thousand events and gets Y006; sizes are computed once per node, so the check is
/// linear in the document.
inline constexpr std::uint64_t kMaxYamlAliasNodes = 1'000'000;

/// No node (an empty document's root, an alias not yet resolved).
inline constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

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
  std::uint32_t target = kNoNode;  ///< Alias: the anchored node
  std::uint64_t weight = 1;      ///< nodes in the expanded subtree, aliases included
};

/// One document: its nodes, the children of its collections, and its root.
struct YamlTree {
  std::vector<YNode> nodes;
  std::vector<std::uint32_t> kids;
  std::uint32_t root = kNoNode;
};

/// Reads every document of a YAML source (which must have passed check_source_text) and calls
/// `on_document` for each complete one, its spans clamped to the file. A syntax error (Y001), an
/// alias bomb (Y006) or too deep nesting (Y007) is reported once and ends the reading; the
/// document it was in is not handed over. Scalars that libyaml had to unescape live in `arena`.
/// Never throws.
void read_yaml(const SourceFile& source, StringArena& arena, DiagnosticSink& sink,
               const std::function<void(const YamlTree&)>& on_document);

/// Typed reading of a YamlTree for a schema reader: navigation with aliases followed, and the
/// diagnostics every YAML schema shares.
class YamlView {
 public:
  YamlView(const YamlTree& tree, FileId file, DiagnosticSink& sink) : tree_(tree), file_id_(file), sink_(sink) {}

  /// A map entry with a string key.
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
  Span span(const YNode& n) const { return Span{file_id_, n.begin, n.end}; }
  std::uint32_t kid(const YNode& n, std::uint32_t i) const { return tree_.kids[n.first + i]; }

  /// "nothing", "a string", "a list", "a map": what a value is, for messages.
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

  /// Where to point at a value: the value itself, or its key when the value was left empty.
  Span value_span(const Entry& e) const {
    const YNode& v = node(e.value);
    return is_empty(v) ? e.key_span : span(v);
  }

  /// Y002: `key` must be `expected`.
  void wrong_type(const Entry& e, std::string_view expected);

  /// The entries of a map with string keys; non-string keys (Y002) and duplicates (Y003, the
  /// first one wins) are reported and dropped.
  std::vector<Entry> entries(const YNode& map);

  /// Y004 with did-you-mean among `known`, or the list of keys `where` takes.
  void unknown_key(const Entry& e, std::span<const std::string_view> known, std::string_view where);

  /// Y005 for a required key missing from `map` (`es` are its entries).
  void missing_key(const YNode& map, const std::vector<Entry>& es, std::string_view key, std::string_view what);

  /// A YAML boolean: an untagged plain true/True/TRUE or false/False/FALSE (the core schema's
  /// spellings; yes, on and y are strings, as in YAML 1.2).
  static bool is_bool(const YNode& n, bool& value);

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
 protected:
  const YamlTree& tree_;
  FileId file_id_;
  DiagnosticSink& sink_;
};

}  // namespace iamc::frontend
