// The iamc DSL as PEGTL 3.2.7 rules: types only, no actions, no AST (cf. pegtl contrib/proto3.hpp).
// Rule names match the non-terminals of grammar/iamc.peg, which is the reviewed, normative form.
// Error points are `must<>`s on named rules; grammar_errors.hpp gives each a code and a message.
#pragma once

#include <array>
#include <cstring>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace iamc::grammar {

namespace pegtl = tao::pegtl;
using pegtl::at;
using pegtl::eof;
using pegtl::eolf;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::try_catch;
using pegtl::xdigit;

// clang-format off

// ---- Lexical ---------------------------------------------------------------------------------

struct rest_of_line;  // star< not_one< '\n' > >, hand-written below
struct comment : seq< sor< one< '#' >, TAO_PEGTL_STRING( "//" ) >, rest_of_line > {};
struct blank : one< ' ', '\t', '\r', '\n' > {};
struct sep;  // star< sor< blank, comment > >, hand-written below. NOTE: newlines are ordinary whitespace

struct ident_first : ranges< 'a', 'z', 'A', 'Z', '_' > {};
struct ident_other : ranges< 'a', 'z', 'A', 'Z', '0', '9', '_', '_', '-' > {};  // NOTE: '-' too: ids like custom-viewer-policy
struct identifier : seq< ident_first, star< ident_other > > {};

// clang-format on

namespace detail {

constexpr bool is_ident_first(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// ident_other as a table: identifiers are most of the bytes the parser looks at.
inline constexpr auto kIdentOther = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] = is_ident_first(static_cast<char>(c)) || (c >= '0' && c <= '9') || c == '-';
  }
  return table;
}();
constexpr bool is_ident_other(char c) { return kIdentOther[static_cast<unsigned char>(c)]; }

/// The length of the run of ident_other bytes at `p`.
inline std::size_t ident_run(const char* p, const char* end) {
  const char* q = p;
  while (q < end && is_ident_other(*q)) ++q;
  return static_cast<std::size_t>(q - p);
}

// The spellings of `keyword` (keywords.def), each with its length, so most identifiers are
// refused by one length comparison per keyword.
inline constexpr std::string_view kKeywordSpellings[] = {
#define IAMC_KEYWORD(name, spelling, top_level) spelling,
#include "iamc/keywords.def"
};

// Whether a whole identifier is a keyword.
constexpr bool is_keyword(std::string_view word) {
  for (std::string_view k : kKeywordSpellings) {
    if (k.size() == word.size() && k == word) return true;
  }
  return false;
}

}  // namespace detail

template <typename Str>
struct kw;

/// kw< Str > <- Str !ident_other : the word and then no identifier character, compared byte by
/// byte in line (the literal form called memcmp, then a lookahead rule, for every keyword tried
/// at every statement and value).
template <char... Cs>
struct kw<pegtl::ascii::string<Cs...>> {
  using rule_t = kw;
  using subs_t = pegtl::empty_list;
  static constexpr std::size_t kSize = sizeof...(Cs);
  static constexpr char kWord[] = {Cs...};

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const char* const end = in.end();
    if (static_cast<std::size_t>(end - begin) < kSize) return false;
    for (std::size_t i = 0; i < kSize; ++i) {
      if (begin[i] != kWord[i]) return false;
    }
    if (begin + kSize < end && detail::is_ident_other(begin[kSize])) return false;
    in.bump_in_this_line(kSize);
    return true;
  }
};

// clang-format off

// kw_include, kw_target, ...: one rule per keyword of keywords.def.
#define IAMC_KEYWORD(name, spelling, top_level) struct kw_##name : kw< TAO_PEGTL_STRING( spelling ) > {};
#include "iamc/keywords.def"

// The keywords that start a top-level declaration, and all of them. (`failure` heads each list so
// the .def can append ", kw_x" per keyword; it never matches, so the rules are unchanged.)
#define IAMC_TOP_true(rule) , rule
#define IAMC_TOP_false(rule)
struct top_keyword : sor< pegtl::failure
#define IAMC_KEYWORD(name, spelling, top_level) IAMC_TOP_##top_level(kw_##name)
#include "iamc/keywords.def"
> {};
#undef IAMC_TOP_true
#undef IAMC_TOP_false
struct keyword : sor< pegtl::failure
#define IAMC_KEYWORD(name, spelling, top_level) , kw_##name
#include "iamc/keywords.def"
> {};
// clang-format on


/// name <- !keyword identifier, as one hand-written rule: the literal form tried the keywords one
/// by one (a memcmp each) before every identifier, 12% of a 1M-grant compile. It is equivalent
/// to seq< not_at< keyword >, identifier > because every kw<> requires that no identifier
/// character follows it: a keyword that is a prefix of a longer identifier ("grants") is not a
/// keyword, so comparing the whole identifier gives the same answer (checked by
/// tests/unit/dsl_grammar_test.cpp against the literal form).
struct name {
  using rule_t = name;
  using subs_t = pegtl::empty_list;

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const char* const end = in.end();
    if (begin == end || !detail::is_ident_first(*begin)) return false;
    const std::size_t size = 1 + detail::ident_run(begin + 1, end);
    if (detail::is_keyword(std::string_view(begin, size))) return false;
    in.bump_in_this_line(size);  // identifiers never contain a newline
    return true;
  }
};

/// sep <- (blank / comment)* : runs between every two tokens, so it is one loop over blanks
/// that hands each comment to the `comment` rule (whose action records it) instead of trying
/// blank, then comment, once per byte of indentation.
struct sep {
  using rule_t = sep;
  using subs_t = pegtl::type_list<comment>;

  static constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... st) {
    for (;;) {
      const char* p = in.current();
      const char* const end = in.end();
      while (p < end && is_blank(*p)) ++p;
      in.bump(static_cast<std::size_t>(p - in.current()));  // may cross lines: bump() keeps count
      const bool at_comment = p < end && (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/'));
      if (!at_comment || !pegtl::match<comment, A, M, Action, Control>(in, st...)) return true;
    }
  }
};

/// rest_of_line <- (!'\n' .)* : a comment's text, found with memchr.
struct rest_of_line {
  using rule_t = rest_of_line;
  using subs_t = pegtl::empty_list;

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(in.end() - begin)));
    in.bump_in_this_line(static_cast<std::size_t>((newline != nullptr ? newline : in.end()) - begin));
    return true;
  }
};

// clang-format off

// Strings: JSON-like escapes plus \u{X..}; no raw newlines or control characters.
struct hex4 : seq< xdigit, xdigit, xdigit, xdigit > {};
struct unicode_braced : seq< one< '{' >, plus< xdigit >, one< '}' > > {};
struct unicode_escape : seq< one< 'u' >, sor< unicode_braced, hex4 > > {};
struct escape_body : sor< one< '"', '\\', '/', 'b', 'f', 'n', 'r', 't' >, unicode_escape > {};
struct escape : seq< one< '\\' >, must< escape_body > > {};
struct plain_char : seq< not_at< one< '"', '\\' > >, not_at< ranges< '\x00', '\x08', '\x0a', '\x1f', '\x7f', '\x7f' > >, pegtl::any > {};
struct string_close : one< '"' > {};
struct string_open : one< '"' > {};
// clang-format on

/// plain_run <- plain_char+ : the bytes of a string literal up to a quote, a backslash, a control
/// character or the end, in one loop rather than three rules per byte.
struct plain_run {
  using rule_t = plain_run;
  using subs_t = pegtl::empty_list;

  static constexpr bool is_plain(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c != '"' && c != '\\' && (c >= 0x20 || c == '\t') && c != 0x7f;
  }

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const char* const end = in.end();
    const char* p = begin;
    while (p < end && is_plain(*p)) ++p;
    if (p == begin) return false;
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));  // no newline is plain
    return true;
  }
};

// clang-format off

struct string_lit : seq< string_open, star< sor< plain_run, escape > >, must< string_close > > {};

// ---- Values ----------------------------------------------------------------------------------

struct value;
struct comma : one< ',' > {};
struct close_paren : one< ')' > {};
struct close_bracket : one< ']' > {};
struct close_brace : one< '}' > {};
struct equals : one< '=' > {};
struct colon : one< ':' > {};

struct bool_lit : sor< kw_true, kw_false > {};
struct string_value : string_lit {};
struct name_ref : name {};

struct call_name : seq< name, at< sep, one< '(' > > > {};  // NOTE: commits: `name (` is always a call
struct arg_key : seq< name, at< sep, colon > > {};
struct named_arg : seq< arg_key, sep, colon, sep, must< value > > {};
struct call_arg : sor< named_arg, value > {};
struct call_args : seq< call_arg, star< sep, comma, sep, call_arg >, opt< sep, comma > > {};
struct call_value : seq< call_name, sep, one< '(' >, sep, opt< call_args >, sep, must< close_paren > > {};

struct list_open : one< '[' > {};
struct list_items : seq< value, star< sep, comma, sep, value >, opt< sep, comma > > {};
struct list_value : seq< list_open, sep, opt< list_items >, sep, must< close_bracket > > {};

struct setting_key : sor< name, string_lit > {};
struct setting : seq< setting_key, sep, must< equals >, sep, must< value >, opt< sep, comma > > {};
struct record_open : one< '{' > {};
struct record_close : one< '}' > {};
struct record_value : seq< record_open, sep, star< setting, sep >, must< record_close > > {};

struct value : sor< string_value, bool_lit, call_value, list_value, record_value, name_ref > {};

// ---- Statements ------------------------------------------------------------------------------

struct include_path : string_lit {};
struct include_stmt : seq< kw_include, sep, must< include_path > > {};

struct target_kind : name {};
struct target_name : name {};
struct role_name : sor< name, string_lit > {};
struct role_id : string_lit {};
struct role_attr_open : one< '{' > {};
struct role_attr_close : one< '}' > {};
struct role_attrs : seq< role_attr_open, sep, star< setting, sep >, must< role_attr_close > > {};
struct role_decl : seq< kw_role, sep, must< role_name >, opt< sep, equals, sep, must< role_id > >, opt< sep, role_attrs >,
                        opt< sep, comma > > {};
struct target_item : sor< role_decl, setting > {};
struct target_open : one< '{' > {};
struct target_close : one< '}' > {};
struct target_body : seq< target_open, sep, star< target_item, sep >, must< target_close > > {};
struct target_decl : seq< kw_target, sep, must< target_kind >, sep, must< target_name >, opt< sep, target_body > > {};

struct let_name : name {};
struct let_equals : one< '=' > {};
struct let_decl : seq< kw_let, sep, must< let_name >, sep, must< let_equals >, sep, must< value > > {};

struct identity_name : name {};
struct identity_open : one< '{' > {};
struct identity_close : one< '}' > {};
struct identity_body : seq< identity_open, sep, star< setting, sep >, must< identity_close > > {};
struct identity_decl : seq< kw_identity, sep, must< identity_name >, sep, must< identity_body > > {};

struct role_ref : sor< name, string_lit > {};
struct value_list : seq< value, star< sep, comma, sep, must< value > > > {};
struct grant_to : kw_to {};
struct grant_on : kw_on {};
struct attr_open : one< '{' > {};
struct attr_close : one< '}' > {};
struct attr_block : seq< attr_open, sep, star< setting, sep >, must< attr_close > > {};
struct grant_stmt : seq< kw_grant, sep, must< role_ref >, sep, must< grant_to >, sep, must< value_list >,
                         opt< sep, grant_on, sep, must< value_list > >,
                         opt< sep, attr_block > > {};

struct effect : sor< kw_allow, kw_deny > {};
struct statement_role : role_ref {};
struct statement_actions : kw_actions {};
struct statement_resources : kw_resources {};
struct statement_on : kw_on {};
struct policy_rule : seq< effect, sep, opt< statement_role, sep >,
                          opt< statement_actions, sep, must< value >, sep >,
                          opt< statement_resources, sep, must< value >, sep >,
                          opt< statement_on, sep, must< value_list > > > {};
struct policy_item : sor< policy_rule, setting > {};

template< bool TopLevel, bool InPolicy > struct skip_to_sync;  // recovery; defined below
struct policy_entry : sor< try_catch< must< policy_item > >, skip_to_sync< false, true > > {};
struct policy_id : sor< name, string_lit > {};
struct policy_open : one< '{' > {};
struct policy_close : one< '}' > {};
struct policy_stmt : seq< kw_policy, sep, must< policy_id >, sep, must< policy_open >, sep,
                          star< not_at< close_brace >, not_at< eof >, not_at< top_keyword >, policy_entry, sep >,
                          must< policy_close > > {};

struct block_item : sor< grant_stmt, policy_stmt > {};
struct block_entry : sor< try_catch< must< block_item > >, skip_to_sync< false, false > > {};
struct target_ref_kind : name {};
struct target_ref_name : name {};
struct target_ref : seq< target_ref_kind, one< '.' >, must< target_ref_name > > {};
struct block_open : one< '{' > {};
struct block_close : one< '}' > {};
struct in_block : seq< kw_in, sep, must< target_ref >, sep, must< block_open >, sep,
                      star< not_at< close_brace >, not_at< eof >, not_at< top_keyword >, block_entry, sep >,
                      must< block_close > > {};

struct statement : sor< include_stmt, target_decl, let_decl, identity_decl, in_block > {};
struct top_entry : sor< try_catch< must< statement > >, skip_to_sync< true, false > > {};
struct file : seq< sep, star< not_at< eof >, top_entry, sep >, eof > {};

// clang-format on

/// Error recovery: skips from the start of a failed statement to the next place parsing can
/// resume, the way protoc's SkipStatement does, but aware of strings, comments and brackets so
/// that a broken multi-line grant is skipped whole. It stops before a line whose first token is a
/// keyword of the current level (or a top-level keyword in column 1, whatever the bracket depth),
/// or before a '}' that closes the enclosing block. It always consumes at least one byte and runs
/// in linear time without recursion, so hostile nesting cannot exhaust the stack.
template <bool TopLevel, bool InPolicy>
struct skip_to_sync {
  using rule_t = skip_to_sync;
  using subs_t = pegtl::empty_list;

  static bool word_at(const char* p, const char* end, std::string_view word) {
    if (static_cast<std::size_t>(end - p) < word.size()) return false;
    if (std::string_view(p, word.size()) != word) return false;
    return p + word.size() == end || !detail::is_ident_other(p[word.size()]);
  }

  static bool top_word(const char* p, const char* end) {
    return word_at(p, end, "target") || word_at(p, end, "let") || word_at(p, end, "in") ||
           word_at(p, end, "include") || word_at(p, end, "identity");
  }

  static bool level_word(const char* p, const char* end) {
    if constexpr (TopLevel) return top_word(p, end);
    if constexpr (InPolicy) {
      if (word_at(p, end, "allow") || word_at(p, end, "deny")) return true;
    }
    return word_at(p, end, "grant") || word_at(p, end, "policy") || top_word(p, end);
  }

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class,
            template <typename...> class, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&...) {
    const char* p = in.current();
    const char* const end = in.end();
    if (p == end) return false;
    // The statement's indentation: a later line that starts with a keyword at the same or a
    // smaller indentation is a new statement even if brackets look unbalanced (an unterminated
    // string, say, hid a closing bracket).
    const char* line_begin = p;
    while (line_begin > in.begin() && line_begin[-1] != '\n') --line_begin;
    const long start_indent = p - line_begin;
    long depth = 0;
    bool first = true;
    bool closes_block = false;
    while (p < end && !closes_block) {
      if (!first) {
        // At the start of a line: look at its first token.
        const char* q = p;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
        const bool column_one = q == p;
        const long indent = q - p;
        if (q < end) {
          if ((depth <= 0 || indent <= start_indent) && level_word(q, end)) break;
          if (column_one && top_word(q, end)) break;
          if constexpr (TopLevel) {
            // Top-level statements start in column 1: a word there starts the next statement,
            // even a misspelt one, which then gets its own diagnostic.
            if (column_one && depth <= 0 && detail::is_ident_other(*q) && *q != '-') break;
          }
          if constexpr (!TopLevel) {
            if ((depth <= 0 || indent < start_indent) && *q == '}') break;
          }
        }
      }
      first = false;
      // Consume one line, tracking brackets outside strings and comments.
      while (p < end && *p != '\n') {
        char c = *p;
        if (c == '"') {
          ++p;
          while (p < end && *p != '"' && *p != '\n') p += (*p == '\\' && p + 1 < end && p[1] != '\n') ? 2 : 1;
          if (p < end && *p == '"') ++p;
          continue;
        }
        if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
          while (p < end && *p != '\n') ++p;
          break;
        }
        if (c == '{' || c == '[' || c == '(') ++depth;
        if (c == '}' || c == ']' || c == ')') {
          if constexpr (!TopLevel) {
            if (c == '}' && depth <= 0 && p != in.current()) {  // closes the enclosing block
              closes_block = true;
              break;
            }
          }
          --depth;
        }
        ++p;
      }
      if (p < end && !closes_block) ++p;  // the newline
    }
    if (p == in.current()) ++p;  // always make progress
    in.bump(static_cast<std::size_t>(p - in.current()));
    return true;
  }
};

}  // namespace iamc::grammar

namespace tao::pegtl {
template <typename Name>
struct analyze_traits<Name, iamc::grammar::name> : analyze_any_traits<> {};
template <typename Name, typename Str>
struct analyze_traits<Name, iamc::grammar::kw<Str>> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, iamc::grammar::sep> : analyze_opt_traits<iamc::grammar::comment> {};
template <typename Name>
struct analyze_traits<Name, iamc::grammar::rest_of_line> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, iamc::grammar::plain_run> : analyze_any_traits<> {};
template <typename Name, bool TopLevel, bool InPolicy>
struct analyze_traits<Name, iamc::grammar::skip_to_sync<TopLevel, InPolicy>> : analyze_any_traits<> {};
}  // namespace tao::pegtl
