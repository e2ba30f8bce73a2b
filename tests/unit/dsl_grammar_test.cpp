// Rule tables for grammar/iamc/grammar.hpp: each input either matches (consuming all or part of
// it), fails locally (the rule does not apply: a sor<> tries the next alternative), or fails
// globally (a must<> point raises parse_error: a syntax error). Cf. PEGTL's verify_rule.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>
#include <tao/pegtl.hpp>

#include "iamc/grammar.hpp"

namespace pegtl = tao::pegtl;
namespace g = iamc::grammar;

namespace {

enum class Outcome { Match, Local, Global };

struct Row {
  std::string_view input;
  Outcome outcome;
  std::size_t remaining = 0;  ///< bytes left unconsumed after a match
};

std::string_view name(Outcome o) {
  return o == Outcome::Match ? "match" : o == Outcome::Local ? "local failure" : "global failure";
}

template <typename Rule>
void verify(std::initializer_list<Row> rows) {
  for (const Row& row : rows) {
    pegtl::memory_input in(row.input.data(), row.input.size(), "test");
    Outcome got;
    std::size_t remaining = 0;
    try {
      got = pegtl::parse<Rule>(in) ? Outcome::Match : Outcome::Local;
      remaining = in.size();
    } catch (const pegtl::parse_error&) {
      got = Outcome::Global;
    }
    INFO("rule " << pegtl::demangle<Rule>() << ", input '" << std::string(row.input) << "'");
    CHECK(name(got) == name(row.outcome));
    if (got == Outcome::Match && row.outcome == Outcome::Match) CHECK(remaining == row.remaining);
  }
}

constexpr auto M = Outcome::Match;
constexpr auto L = Outcome::Local;
constexpr auto G = Outcome::Global;

}  // namespace

TEST_CASE("lexical rules") {
  verify<g::identifier>({{"abc", M}, {"a-b_c9", M}, {"_x", M}, {"9a", L}, {"-a", L}, {"", L}, {"a b", M, 2}});
  verify<g::comment>({{"# x", M}, {"// x\ny", M, 2}, {"/ x", L}, {"#", M}});
  verify<g::sep>({{" \t\r\n# c\n// d\n", M}, {"", M}, {"x", M, 1}});
  verify<g::kw_to>({{"to", M}, {"to(", M, 1}, {"too", L}, {"to-do", L}, {"t", L}});
  verify<g::name>({{"targets", M}, {"target", L}, {"grant", L}, {"granted", M}, {"in", L}, {"inside", M},
                   {"true", L}, {"truex", M}, {"everything", M}});
}

// The hand-written rules (name, plain_run, sep, rest_of_line, kw<>) must accept exactly what their literal PEG
// definitions accept (grammar/iamc.peg): compare the two on every keyword, keyword prefixes and
// extensions, and every short string over an alphabet of the interesting bytes.
template <typename Fast, typename Reference>
void same_as_reference(const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    pegtl::memory_input fast_in(input.data(), input.size(), "fast");
    pegtl::memory_input ref_in(input.data(), input.size(), "reference");
    const bool fast = pegtl::parse<Fast>(fast_in);
    const bool ref = pegtl::parse<Reference>(ref_in);
    INFO("input '" << input << "'");
    CHECK(fast == ref);
    if (fast && ref) CHECK(fast_in.size() == ref_in.size());
  }
}

TEST_CASE("hand-written rules match their PEG definitions") {
  const std::vector<std::string> keywords = {"include", "target", "let", "in", "grant", "to", "on", "role",
                                             "policy", "allow", "deny", "actions", "resources", "true", "false"};
  std::vector<std::string> words;
  for (const std::string& k : keywords) {
    for (std::size_t n = 0; n <= k.size(); ++n) words.push_back(k.substr(0, n));
    for (const char* tail : {"s", "-", "_", "9", " ", "(", ".x", "\n"}) words.push_back(k + tail);
    words.push_back("X" + k);
  }
  const std::string alphabet = std::string("a-_9 \"\\\t\x01\x7f\xc3", 11);
  std::vector<std::string> strings = {""};
  for (std::size_t len = 1, first = 0; len <= 3; ++len) {
    const std::size_t last = strings.size();
    for (std::size_t i = first; i < last; ++i) {
      for (char c : alphabet) strings.push_back(strings[i] + c);
    }
    first = last;
  }
  words.insert(words.end(), strings.begin(), strings.end());
  for (const char* text : {"# c\n x", " \t// c\n\n# d", "//", "/x", "/ /", "#", " \r\n#\n//\n y", "\n\n"}) {
    words.emplace_back(text);
  }
  same_as_reference<g::name, pegtl::seq<pegtl::not_at<g::keyword>, g::identifier>>(words);
  same_as_reference<g::plain_run, pegtl::plus<g::plain_char>>(words);
  same_as_reference<g::sep, pegtl::star<pegtl::sor<g::blank, g::comment>>>(words);
  same_as_reference<g::rest_of_line, pegtl::star<pegtl::not_one<'\n'>>>(words);
  same_as_reference<g::kw_in, pegtl::seq<TAO_PEGTL_STRING("in"), pegtl::not_at<g::ident_other>>>(words);
  same_as_reference<g::kw_grant, pegtl::seq<TAO_PEGTL_STRING("grant"), pegtl::not_at<g::ident_other>>>(words);
  same_as_reference<g::kw_resources, pegtl::seq<TAO_PEGTL_STRING("resources"), pegtl::not_at<g::ident_other>>>(words);
}

TEST_CASE("string literals") {
  verify<g::string_lit>({
      {R"("abc")", M},
      {R"("")", M},
      {R"("a\"b\\c\/d\b\f\n\r\t")", M},
      {R"("\u00e9\u{1F600}\uD83D\uDE00")", M},
      {"\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", M},
      {"\"tab\there\"", M},               // a raw tab is allowed
      {R"("a"b)", M, 1},
      {"abc", L},
      {R"("abc)", G},                     // unterminated
      {"\"abc\ndef\"", G},                // a raw newline ends it
      {"\"bell\x07\"", G},                // raw control character
      {"\"del\x7f\"", G},
      {R"("a\qb")", G},                   // unknown escape
      {R"("\u12")", G},                   // short \u
      {R"("\u{}")", G},
      {R"("a\)", G},
  });
}

TEST_CASE("values") {
  verify<g::value>({
      {R"("s")", M},
      {"name", M},
      {"true", M},
      {"false", M},
      {R"(user("x"))", M},
      {R"(user ( "x" , idp: ldap, recursive, ))", M},
      {"f()", M},
      {"[]", M},
      {"[a, b, ]", M},
      {"[[a], [b, [c]]]", M},
      {R"({ a = "b", c = [d] "e f" = g })", M},
      {"{}", M},
      {"name rest", M, 5},
      {")", L},
      {"= x", L},
      {"", L},
      {"[a b]", G},                       // ',' or ']' expected
      {"[a,", G},
      {R"(user("x")", G},
      {"f(a: )", G},                      // a value after 'key:'
      {"{ a }", G},                       // '=' expected
      {"{ a = }", G},
  });
}

TEST_CASE("statements") {
  verify<g::include_stmt>({{R"(include "a.iam")", M}, {"include a.iam", G}, {"included", L}, {"include", G}});
  verify<g::let_decl>({{R"(let a = "x")", M}, {"let a = [b, c]", M}, {"let = 1", G}, {R"(let a "x")", G},
                       {"let a =", G}, {R"(leta = "x")", L}});
  verify<g::target_decl>({
      {"target astra prod", M},
      {R"(target astra prod { account = "x" })", M},
      {R"(target frontier dev { transport = "rest" role r = "id" role s })", M},
      {R"(target redpanda c { role Op { level = Admin } role "a.b" = "id" { privileged = true }, role d })", M},
      {R"(target k0rdent m { role d { privileged = true level = "x" } })", M},
      {R"(target k0rdent m { role d { privileged } })", G},
      {R"(target k0rdent m { role d { privileged = true })", G},
      {"target astra", G},
      {"target { }", G},
      {"target astra prod { account }", G},
      {R"(target k0rdent m { role = "x" })", G},
      {R"(target astra prod { account = "x")", G},
  });
  verify<g::grant_stmt>({
      {R"(grant viewer to user("a"))", M},
      {R"(grant "Role X" to a, b on everything, namespace(id: "x") { id = "i" labels = { t = "d" } })", M},
      {"grant viewer user(a)", G},
      {"grant to a", G},
      {"grant viewer to", G},
      {"grant viewer to a,", G},
      {"grant viewer to a on", G},
      {"grant viewer to a { id }", G},
      {"granted", L},
  });
  verify<g::policy_stmt>({
      {R"(policy p { name = "n" members = [team("*")] allow viewer on all_tenants deny actions ["a"] on all_tenants })", M},
      {R"(policy "p q" { allow r actions ["a"] resources ["*"] })", M},
      {"policy { }", G},
      {"policy p allow", G},
      {"policy p { allow r", G},
  });
}

TEST_CASE("blocks recover inside, fail at their own must-points") {
  verify<g::in_block>({
      {"in astra.prod { }", M},
      {R"(in astra.prod { grant viewer to a grant admin to b })", M},
      {"in astra.prod { grnat viewer to a }", M},          // recovered: skipped to '}'
      {"in astra.prod { grant viewer a\n  grant admin to b\n}", M},
      {"in astra { }", G},
      {"in astra. { }", G},
      {"in astra.prod grant", G},
      {"in astra.prod { grant viewer to a", G},
      {"inx", L},
  });
}

TEST_CASE("a file always parses: every statement recovers") {
  verify<g::file>({
      {"", M},
      {"# only a comment\n// and another\n", M},
      {R"(target astra prod { account = "x" })", M},
      {"taget astra dev\nlet a = b\n", M},
      {"let a = [", M},
      {"}}}\n)))\n", M},
      {"\x01\x02\x03", M},
      {"let a = \"unterminated\nin astra.prod { grant viewer to a }\n", M},
  });
}
