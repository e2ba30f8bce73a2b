// PEGTL actions and control for grammar/iamc: build the AST, record syntax errors, recover.
// The grammar has no actions; everything that touches the AST or the diagnostics lives here.
#include "frontend/dsl_parser.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>
#include <tao/pegtl.hpp>

#include "base/edit_distance.hpp"
#include "base/text.hpp"
#include "iamc/grammar.hpp"
#include "iamc/grammar_errors.hpp"

namespace iamc::frontend {
namespace {

namespace pegtl = tao::pegtl;
namespace g = iamc::grammar;

constexpr std::size_t kNoMark = std::numeric_limits<std::size_t>::max();

// Everything the actions share while one file is parsed.
struct Builder {
  Builder(const SourceFile& src, DiagnosticSink& s, ast::File& f)
      : source(src), sink(s), file(f), base(src.text().data()), nodes(f.nodes.get()) {}

  const SourceFile& source;
  DiagnosticSink& sink;
  ast::File& file;
  const char* base;
  // Where the statement's lists go: the file's arena for a declaration, the block's for what is
  // inside an `in` block (control::start picks it as each statement starts), so that freeing a
  // block frees everything its grants held and nothing a declaration needs.
  NodeArena* nodes;

  // Values under construction: each parsed value pushes one Arg; calls, lists and records
  // collapse the entries above their frame into their items.
  std::vector<ast::Arg> stack;
  std::vector<std::size_t> frames;
  std::vector<std::pair<std::string_view, Span>> keys;  // keys waiting for their value
  int depth = 0;

  std::uint32_t statement_start = 0;
  std::uint32_t string_start = 0;
  std::uint32_t last_comment = 0;
  bool any_comment = false;

  // Pieces of the statement being parsed.
  std::string_view pending_name;
  Span pending_span;
  std::string_view pending_id;
  Span pending_id_span;
  ast::RoleRef role;
  std::size_t to_mark = kNoMark, on_mark = kNoMark, attr_mark = kNoMark;
  std::uint32_t block_open = 0, policy_open = 0, grant_start = 0;
  ast::PolicyStatement statement;
  std::size_t actions_mark = kNoMark, resources_mark = kNoMark;
  std::size_t role_attr_mark = kNoMark;
  ArenaArray<ast::Setting> role_attributes;  // of the role declaration being parsed

  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base); }
  Span span(const char* b, const char* e) const { return Span{file.file, offset(b), offset(e)}; }
  template <typename Input>
  Span span(const Input& in) const {
    return span(in.begin(), in.end());
  }

  void reset_statement() {
    stack.clear();
    frames.clear();
    keys.clear();
    depth = 0;
    to_mark = on_mark = attr_mark = actions_mark = resources_mark = kNoMark;
    statement = {};
  }

  // Decodes a string literal token (with its quotes) into a view that outlives the parse.
  std::string_view string_token(std::string_view token) {
    std::string_view raw = token.substr(1, token.size() - 2);
    if (raw.find('\\') == std::string_view::npos) return raw;  // a view into the source
    std::string decoded;
    std::size_t bad = 0;
    if (!decode_string(raw, decoded, bad)) {
      auto at = offset(raw.data() + bad);
      sink.report(DiagCode::InvalidEscape, Span{file.file, at, at + 2},
                  "invalid escape sequence: surrogates and code points above U+10FFFF are not "
                  "characters");
    }
    return file.arena->save(decoded);
  }

  // A name or a string literal, as role names and keys may be either.
  std::string_view name_or_string(std::string_view token) {
    return !token.empty() && token.front() == '"' ? string_token(token) : token;
  }

  ast::Expr& push(ast::Expr::Kind kind, Span s, std::string_view text) {
    ast::Arg& arg = stack.emplace_back();
    arg.value.kind = kind;
    arg.value.span = s;
    arg.value.text = text;
    return arg.value;
  }

  // Moves the entries above `mark` into the composite value at `mark`.
  void collapse(std::uint32_t end) {
    std::size_t mark = frames.back();
    frames.pop_back();
    ast::Expr& composite = stack[mark].value;
    composite.items = nodes->copy(std::span<const ast::Arg>(stack).subspan(mark + 1));
    stack.resize(mark + 1);
    composite.span.end = end;
  }

  // Moves the entries from `from` to `to` out of the stack as plain values or settings.
  ArenaArray<ast::Expr> take_values(std::size_t from, std::size_t to) {
    if (from == kNoMark || from > to) return {};
    values.clear();
    for (std::size_t i = from; i < to; ++i) values.push_back(stack[i].value);
    return nodes->copy(std::span<const ast::Expr>(values));
  }
  ArenaArray<ast::Setting> take_settings(std::size_t from) {
    if (from == kNoMark) return {};
    return nodes->copy(std::span<const ast::Setting>(stack).subspan(from));
  }
  std::vector<ast::Expr> values;  // take_values' room
};

// ---- Actions ---------------------------------------------------------------------------------

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::comment> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    // Backtracking may match the same comment twice; offsets only grow, so keep each once.
    std::uint32_t at = b.offset(in.begin());
    if (b.any_comment && at <= b.last_comment) return;
    b.any_comment = true;
    b.last_comment = at;
    b.file.comments.push_back({b.span(in)});
  }
};

template <>
struct action<g::string_open> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.string_start = b.offset(in.begin());
  }
};

template <>
struct action<g::string_value> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.push(ast::Expr::Kind::String, b.span(in), b.string_token(in.string_view()));
  }
};

template <>
struct action<g::bool_lit> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.push(ast::Expr::Kind::Bool, b.span(in), in.string_view()).boolean = in.string_view() == "true";
  }
};

template <>
struct action<g::name_ref> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.push(ast::Expr::Kind::Name, b.span(in), in.string_view());
  }
};

template <>
struct action<g::call_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::Expr& call = b.push(ast::Expr::Kind::Call, b.span(in), in.string_view());
    call.name_span = b.span(in);
    b.frames.push_back(b.stack.size() - 1);
  }
};

template <typename Rule>
struct open_composite {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.push(Rule::kind, b.span(in), {});
    b.frames.push_back(b.stack.size() - 1);
  }
};
struct list_kind {
  static constexpr auto kind = ast::Expr::Kind::List;
};
struct record_kind {
  static constexpr auto kind = ast::Expr::Kind::Record;
};
template <>
struct action<g::list_open> : open_composite<list_kind> {};
template <>
struct action<g::record_open> : open_composite<record_kind> {};

struct close_composite {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.collapse(b.offset(in.end()));
  }
};
template <>
struct action<g::call_value> : close_composite {};
template <>
struct action<g::list_value> : close_composite {};
template <>
struct action<g::record_value> : close_composite {};

template <>
struct action<g::arg_key> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.keys.emplace_back(in.string_view(), b.span(in));
  }
};

template <>
struct action<g::setting_key> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.keys.emplace_back(b.name_or_string(in.string_view()), b.span(in));
  }
};

struct attach_key {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.stack.back().key = b.keys.back().first;
    b.stack.back().key_span = b.keys.back().second;
    b.keys.pop_back();
  }
};
template <>
struct action<g::named_arg> : attach_key {};
template <>
struct action<g::setting> : attach_key {};

template <>
struct action<g::include_path> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.file.includes.push_back({Span{b.file.file, b.statement_start, b.offset(in.end())},
                               b.string_token(in.string_view()), b.span(in)});
  }
};

// target KIND NAME { settings; role NAME [= "id"] }
template <>
struct action<g::target_kind> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_name = in.string_view();
    b.pending_span = b.span(in);
  }
};

template <>
struct action<g::target_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::TargetDecl& t = b.file.targets.emplace_back();
    t.span = Span{b.file.file, b.statement_start, b.offset(in.end())};
    t.kind = b.pending_name;
    t.kind_span = b.pending_span;
    t.name = in.string_view();
    t.name_span = b.span(in);
  }
};

template <>
struct action<g::target_open> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.frames.push_back(b.stack.size());
  }
};

template <>
struct action<g::target_body> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::TargetDecl& t = b.file.targets.back();
    t.settings = b.take_settings(b.frames.back());
    b.stack.resize(b.frames.back());
    b.frames.pop_back();
    t.span.end = b.offset(in.end());
  }
};

template <>
struct action<g::role_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_name = b.name_or_string(in.string_view());
    b.pending_span = b.span(in);
    b.pending_id = {};
    b.pending_id_span = {};
    b.role_attributes = {};
  }
};

template <>
struct action<g::role_id> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_id = b.string_token(in.string_view());
    b.pending_id_span = b.span(in);
  }
};

// role NAME [= "id"] { privileged = true  level = Writer }: the attributes are settings on the
// stack above the mark taken at '{', moved out before the target body takes its own settings.
template <>
struct action<g::role_attr_open> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.role_attr_mark = b.stack.size();
  }
};

template <>
struct action<g::role_attrs> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.role_attributes = b.take_settings(b.role_attr_mark);
    b.stack.resize(b.role_attr_mark);
    b.role_attr_mark = kNoMark;
  }
};

template <>
struct action<g::role_decl> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.file.targets.back().roles.push_back({b.span(in), b.pending_name, b.pending_span, b.pending_id,
                                           b.pending_id_span, b.role_attributes});
    b.role_attributes = {};
  }
};

// let NAME = value
template <>
struct action<g::let_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_name = in.string_view();
    b.pending_span = b.span(in);
  }
};

template <>
struct action<g::let_decl> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.file.lets.push_back({b.span(in), b.pending_name, b.pending_span, std::move(b.stack.back().value)});
    b.stack.pop_back();
  }
};

// identity NAME { settings }
template <>
struct action<g::identity_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::IdentityDecl& d = b.file.identities.emplace_back();
    d.span = Span{b.file.file, b.statement_start, b.offset(in.end())};
    d.name = in.string_view();
    d.name_span = b.span(in);
  }
};

template <>
struct action<g::identity_open> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.frames.push_back(b.stack.size());
  }
};

template <>
struct action<g::identity_body> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::IdentityDecl& d = b.file.identities.back();
    d.settings = b.take_settings(b.frames.back());
    b.stack.resize(b.frames.back());
    b.frames.pop_back();
    d.span.end = b.offset(in.end());
  }
};

// in KIND.NAME { grant ...; policy ... }
template <>
struct action<g::target_ref_kind> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_name = in.string_view();
    b.pending_span = b.span(in);
  }
};

template <>
struct action<g::target_ref_name> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.pending_id = in.string_view();
    b.pending_id_span = b.span(in);
  }
};

template <>
struct action<g::block_open> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::TargetBlock& block = b.file.blocks.emplace_back();
    block.span = Span{b.file.file, b.statement_start, b.offset(in.end())};
    block.target_kind = b.pending_name;
    block.target_kind_span = b.pending_span;
    block.target_name = b.pending_id;
    block.target_name_span = b.pending_id_span;
    b.block_open = b.offset(in.begin());
  }
};

template <>
struct action<g::in_block> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.file.blocks.back().span.end = b.offset(in.end());
  }
};

// grant ROLE to PRINCIPALS [on SCOPES] [{ attributes }]
template <>
struct action<g::kw_grant> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.grant_start = b.offset(in.begin());
  }
};

template <>
struct action<g::role_ref> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.role = {b.name_or_string(in.string_view()), b.span(in)};
  }
};

template <>
struct action<g::grant_to> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.to_mark = b.stack.size();
  }
};

template <>
struct action<g::grant_on> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.on_mark = b.stack.size();
  }
};

template <>
struct action<g::attr_open> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.attr_mark = b.stack.size();
  }
};

template <>
struct action<g::grant_stmt> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::Grant grant;
    grant.span = Span{b.file.file, b.grant_start, b.offset(in.end())};
    grant.role = b.role;
    std::size_t end = b.stack.size();
    std::size_t principals_end = b.on_mark != kNoMark ? b.on_mark : b.attr_mark != kNoMark ? b.attr_mark : end;
    grant.principals = b.take_values(b.to_mark, principals_end);
    grant.has_scopes = b.on_mark != kNoMark;
    grant.scopes = b.take_values(b.on_mark, b.attr_mark != kNoMark ? b.attr_mark : end);
    grant.attributes = b.take_settings(b.attr_mark);
    b.file.blocks.back().grants.push_back(std::move(grant));
    b.stack.resize(b.to_mark);
    b.to_mark = b.on_mark = b.attr_mark = kNoMark;
  }
};

// policy ID { name = ...; members = [...]; allow ROLE actions [...] on SCOPES }
template <>
struct action<g::policy_id> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::Policy& p = b.file.blocks.back().policies.emplace_back();
    p.span = b.span(in);
    p.id = b.name_or_string(in.string_view());
    p.id_span = b.span(in);
  }
};

template <>
struct action<g::kw_policy> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.grant_start = b.offset(in.begin());
  }
};

template <>
struct action<g::policy_open> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.policy_open = b.offset(in.begin());
    b.file.blocks.back().policies.back().span.begin = b.grant_start;
  }
};

template <>
struct action<g::policy_stmt> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.file.blocks.back().policies.back().span.end = b.offset(in.end());
  }
};

template <>
struct action<g::effect> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.statement = {};
    b.statement.effect = in.string_view() == "deny" ? ast::Effect::Deny : ast::Effect::Allow;
    b.statement.effect_span = b.span(in);
    b.actions_mark = b.resources_mark = b.on_mark = kNoMark;
  }
};

template <>
struct action<g::statement_role> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.statement.has_role = true;
    b.statement.role = {b.name_or_string(in.string_view()), b.span(in)};
  }
};

template <>
struct action<g::statement_actions> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.actions_mark = b.stack.size();
  }
};

template <>
struct action<g::statement_resources> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.resources_mark = b.stack.size();
  }
};

template <>
struct action<g::statement_on> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.on_mark = b.stack.size();
  }
};

template <>
struct action<g::policy_rule> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    ast::PolicyStatement& s = b.statement;
    s.span = b.span(in);
    std::size_t base = b.stack.size();
    if (b.actions_mark != kNoMark) {
      s.has_actions = true;
      s.actions = std::move(b.stack[b.actions_mark].value);
      base = std::min(base, b.actions_mark);
    }
    if (b.resources_mark != kNoMark) {
      s.has_resources = true;
      s.resources = std::move(b.stack[b.resources_mark].value);
      base = std::min(base, b.resources_mark);
    }
    if (b.on_mark != kNoMark) {
      s.has_scopes = true;
      s.scopes = b.take_values(b.on_mark, b.stack.size());
      base = std::min(base, b.on_mark);
    }
    b.stack.resize(base);
    b.file.blocks.back().policies.back().statements.push_back(std::move(s));
    b.statement = {};
    b.actions_mark = b.resources_mark = b.on_mark = kNoMark;
  }
};

template <>
struct action<g::policy_item> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    // A statement consumed its stack entries; anything left is the setting just parsed.
    if (!b.stack.empty()) {
      auto& policy = b.file.blocks.back().policies.back();
      for (auto& entry : b.stack) policy.settings.push_back(std::move(entry));
      b.stack.clear();
    }
  }
};

template <bool TopLevel, bool InPolicy>
struct action<g::skip_to_sync<TopLevel, InPolicy>> {
  template <typename Input>
  static void apply(const Input&, Builder& b) {
    b.reset_statement();
  }
};

// ---- Control: error messages, recovery bookkeeping, nesting limit ------------------------------

constexpr std::array<std::string_view, 12> kStatementWords = {
    "target", "let", "in", "include", "grant", "policy", "allow", "deny", "role", "to", "on", "actions"};

std::size_t token_length(std::string_view rest) {
  if (rest.empty()) return 0;
  std::size_t n = 0;
  while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '_' || rest[n] == '-')) ++n;
  return n != 0 ? n : utf8_length(static_cast<unsigned char>(rest[0]));
}

// The exception that unwinds a failed statement to its recovery point. The diagnostic is already
// recorded; building PEGTL's usual position would rescan the input from the start (lazy
// tracking), which made many errors quadratic.
[[noreturn]] void unwind(std::uint32_t offset) {
  throw pegtl::parse_error("syntax error", pegtl::position(offset, 0, 0, std::string()));
}

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename ParseInput>
  static void start(const ParseInput& in, Builder& b) {
    if constexpr (std::is_same_v<Rule, g::statement>) {
      b.statement_start = b.offset(in.current());
      b.reset_statement();
      b.nodes = b.file.nodes.get();
    } else if constexpr (std::is_same_v<Rule, g::block_item> || std::is_same_v<Rule, g::policy_item>) {
      b.reset_statement();
      b.nodes = b.file.blocks.back().nodes.get();  // an item is only ever inside a block
    } else if constexpr (std::is_same_v<Rule, g::call_value> || std::is_same_v<Rule, g::list_value> ||
                         std::is_same_v<Rule, g::record_value>) {
      if (++b.depth > kMaxNestingDepth) {
        std::uint32_t at = b.offset(in.current());
        b.sink.report(DiagCode::NestingTooDeep, Span{b.file.file, at, at + 1},
                      fmt::format("values are nested more than {} levels deep", kMaxNestingDepth))
            .notes.push_back({{}, "flatten the value, or name parts of it with 'let'"});
        unwind(at);
      }
    }
  }

  template <typename ParseInput>
  static void success(const ParseInput&, Builder& b) {
    if constexpr (std::is_same_v<Rule, g::call_value> || std::is_same_v<Rule, g::list_value> ||
                  std::is_same_v<Rule, g::record_value>) {
      --b.depth;
    }
  }

  template <typename ParseInput>
  static void failure(const ParseInput& in, Builder& b) {
    success(in, b);
  }

  template <typename ParseInput>
  [[noreturn]] static void raise(const ParseInput& in, Builder& b) {
    static_assert(g::has_error_message<Rule>, "every must<> point needs an entry in grammar_errors.hpp");
    constexpr g::ErrorMessage error = g::error_message<Rule>;
    const DiagCode code = *find_diag(error.code);
    std::uint32_t at = b.offset(in.current());
    std::string_view rest(in.current(), static_cast<std::size_t>(in.end() - in.current()));
    Span where{b.file.file, at, static_cast<std::uint32_t>(at + token_length(rest))};
    std::string message(error.message);
    if constexpr (std::is_same_v<Rule, g::string_close>) {
      // Point at the whole unterminated literal, and say so precisely for control characters.
      where = Span{b.file.file, b.string_start, at};
      if (!rest.empty() && rest.front() != '\n' && rest.front() != '\r') {
        b.sink.report(DiagCode::ControlCharacter, Span{b.file.file, at, at + 1},
                      fmt::format("raw control character {} in a string: write it as an escape "
                                  "such as \\t or \\u{{{:X}}}",
                                  quoted(rest.substr(0, 1)), static_cast<unsigned char>(rest.front())));
        unwind(at);
      }
    }
    if constexpr (std::is_same_v<Rule, g::escape_body>) {
      // The failed escape may have consumed part of itself (`\u12`): underline from its backslash.
      std::uint32_t backslash = at;
      while (backslash > 0 && b.base[backslash - 1] != '\\') --backslash;
      if (backslash > 0) --backslash;
      std::uint32_t end = at + (rest.empty() || rest.front() == '"' ? 0u : 1u);
      where = Span{b.file.file, backslash, std::max(end, backslash + 2)};
    }
    if constexpr (!std::is_same_v<Rule, g::string_close> && !std::is_same_v<Rule, g::escape_body> &&
                  !std::is_same_v<Rule, g::statement> && !std::is_same_v<Rule, g::block_item> &&
                  !std::is_same_v<Rule, g::policy_item>) {
      // Something is missing at the end of a line (`let a =` then a newline): point just after
      // the last token, where it is missing, not at the next line.
      std::uint32_t last = at;
      while (last > 0 && (b.base[last - 1] == ' ' || b.base[last - 1] == '\t' || b.base[last - 1] == '\r' ||
                          b.base[last - 1] == '\n')) {
        --last;
      }
      if (std::string_view(b.base + last, at - last).find('\n') != std::string_view::npos) {
        where = Span{b.file.file, last, last};
      }
    }
    // Spans never leave the file, even for errors at its very end.
    const auto size = static_cast<std::uint32_t>(b.source.text().size());
    where.begin = std::min(where.begin, size);
    where.end = std::clamp(where.end, where.begin, size);
    Diagnostic& d = b.sink.report(code, where, message);
    if constexpr (std::is_same_v<Rule, g::block_close>) {
      d.notes.push_back({Span{b.file.file, b.block_open, b.block_open + 1}, "the block opened here"});
    }
    if constexpr (std::is_same_v<Rule, g::policy_close>) {
      d.notes.push_back({Span{b.file.file, b.policy_open, b.policy_open + 1}, "the policy opened here"});
    }
    if constexpr (std::is_same_v<Rule, g::statement> || std::is_same_v<Rule, g::block_item> ||
                  std::is_same_v<Rule, g::policy_item>) {
      std::string_view word = rest.substr(0, token_length(rest));
      if (std::is_same_v<Rule, g::statement> && (word == "grant" || word == "policy")) {
        d.notes.push_back({{}, fmt::format("'{}' belongs inside a block: in KIND.NAME {{ ... }}", word)});
      } else if (!word.empty() && std::isalpha(static_cast<unsigned char>(word[0]))) {
        std::string_view guess = closest_match(word, kStatementWords);
        if (!guess.empty()) {
          d.notes.push_back({{}, fmt::format("did you mean '{}'?", guess)});
          d.fixes.push_back({where, std::string(guess)});
        }
      }
    }
    unwind(at);
  }
};

}  // namespace

bool decode_string(std::string_view raw, std::string& out, std::size_t& bad_offset) {
  out.clear();
  out.reserve(raw.size());
  auto append_utf8 = [&out](std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  auto hex = [](char c) -> std::uint32_t {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  };
  bool ok = true;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    std::size_t start = i;
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        std::uint32_t cp = 0;
        if (i + 1 < raw.size() && raw[i + 1] == '{') {
          i += 2;
          std::size_t digits = 0;
          while (i < raw.size() && raw[i] != '}') {
            if (++digits <= 8) cp = (cp << 4) | hex(raw[i]);
            ++i;
          }
          if (digits > 6) cp = 0x110000;
        } else {
          for (int k = 0; k < 4 && i + 1 < raw.size(); ++k) cp = (cp << 4) | hex(raw[++i]);
          // A \uD83D\uDE00 pair spells one code point, as in JSON.
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < raw.size() + 0 && raw[i + 1] == '\\' &&
              raw[i + 2] == 'u') {
            std::uint32_t low = 0;
            for (int k = 0; k < 4; ++k) low = (low << 4) | hex(raw[i + 3 + k]);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
        }
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
          if (ok) bad_offset = start;
          ok = false;
          out += "\xEF\xBF\xBD";  // U+FFFD keeps the rest of the string readable
        } else {
          append_utf8(cp);
        }
        break;
      }
      default: out += e;  // '"', '\\', '/'
    }
  }
  return ok;
}

ast::File parse_dsl(const SourceFile& source, DiagnosticSink& sink) {
  ast::File file;
  file.file = source.id();
  file.form = ast::SourceForm::Dsl;
  std::string_view text = source.text();
  Builder builder(source, sink, file);
  // The DSL is ASCII outside strings and comments, and a byte-order mark is not whitespace: it is
  // reported (docs/language.md, 3.1) with a fix that removes it, and parsing goes on after it so
  // that the rest of the file is checked as usual (offsets stay file offsets).
  std::size_t skip = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    skip = 3;
    Diagnostic& d = sink.report(DiagCode::ExpectedStatement, Span{source.id(), 0, 3},
                                "the file starts with a byte-order mark (U+FEFF), which the DSL does not allow");
    d.notes.push_back({{}, "save the file as UTF-8 without BOM"});
    d.fixes.push_back({Span{source.id(), 0, 3}, ""});
  }
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(
      text.data() + skip, text.data() + text.size(), source.path());
  try {
    pegtl::parse<g::file, action, control>(in, builder);
  } catch (const pegtl::parse_error&) {
    // Every statement recovers; an error escaping here was already recorded by control::raise.
  }
  return file;
}

}  // namespace iamc::frontend
