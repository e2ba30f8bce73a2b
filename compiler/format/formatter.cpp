// The canonical formatter: prints the AST in one layout and threads the comments and deliberate
// blank lines of the source through it, using the byte offsets every node carries.
#include "format/formatter.hpp"

#include <algorithm>
#include <functional>
#include <span>

#include "frontend/dsl_parser.hpp"
#include "frontend/project.hpp"

namespace iamc::format {
namespace {

constexpr std::string_view kIndent = "  ";

std::size_t width_of(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // code points, near enough for layout
  return n;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::uint32_t expr_end(const ast::Expr& e) { return e.span.end; }

// One item a block holds, in source order: its first byte and how to print it.
struct Item {
  std::uint32_t begin;
  std::function<void()> print;
};

class Printer {
 public:
  Printer(const ast::File& file, std::string_view src) : file_(file), src_(src) {}

  std::string run() {
    std::vector<Item> items;
    for (const auto& inc : file_.includes) items.push_back({inc.span.begin, [this, &inc] { include(inc); }});
    for (const auto& t : file_.targets) items.push_back({t.span.begin, [this, &t] { target(t); }});
    for (const auto& l : file_.lets) items.push_back({l.span.begin, [this, &l] { let(l); }});
    for (const auto& d : file_.identities) items.push_back({d.span.begin, [this, &d] { identity(d); }});
    for (const auto& b : file_.blocks) items.push_back({b.span.begin, [this, &b] { block(b); }});
    print_items(items);
    flush_comments(static_cast<std::uint32_t>(src_.size()));
    return std::move(out_);
  }

 private:
  // ---- Layout primitives ----------------------------------------------------------------------

  std::string raw(Span s) const { return std::string(src_.substr(s.begin, s.end - s.begin)); }

  std::string indent() const {
    std::string s;
    for (int i = 0; i < depth_; ++i) s += kIndent;
    return s;
  }

  // Whether the source between two offsets holds an empty line.
  bool blank_between(std::uint32_t a, std::uint32_t b) const {
    if (a >= b || b > src_.size()) return false;
    int newlines = 0;
    for (std::uint32_t i = a; i < b; ++i) {
      char c = src_[i];
      if (c == '\n') {
        if (++newlines == 2) return true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        newlines = 0;
      }
    }
    return false;
  }

  void comment_line(const ast::Comment& c) {
    out_ += indent();
    out_ += trim_right(src_.substr(c.span.begin, c.span.end - c.span.begin));
    out_ += '\n';
  }

  // Prints the comments that start before `pos` on their own lines, keeping blank lines between.
  void flush_comments(std::uint32_t pos) {
    while (next_ < file_.comments.size() && file_.comments[next_].span.begin < pos) {
      const auto& c = file_.comments[next_++];
      if (!at_start_ && blank_between(last_end_, c.span.begin)) out_ += '\n';
      comment_line(c);
      last_end_ = c.span.end;
      at_start_ = false;
    }
  }

  // Starts an item at `begin`: leading comments, one blank line if the source had any, then the
  // comments inside the item before `hoist_until` (which have no place in its canonical layout).
  void start_item(std::uint32_t begin, std::uint32_t hoist_until) {
    flush_comments(begin);
    if (!at_start_ && last_end_ <= begin && blank_between(last_end_, begin)) out_ += '\n';
    while (next_ < file_.comments.size() && file_.comments[next_].span.begin < hoist_until) {
      comment_line(file_.comments[next_++]);
    }
    at_start_ = false;
  }

  // Ends the line of an item that ends at `end`, with the comment that follows on the same line.
  void end_line(std::uint32_t end) {
    last_end_ = std::max(last_end_, end);
    if (next_ < file_.comments.size()) {
      const auto& c = file_.comments[next_];
      bool same_line = c.span.begin >= end;
      for (std::uint32_t i = end; same_line && i < c.span.begin; ++i) {
        char ch = src_[i];
        same_line = ch == ' ' || ch == '\t' || ch == ',';
      }
      if (same_line) {
        out_ += "  ";
        out_ += trim_right(src_.substr(c.span.begin, c.span.end - c.span.begin));
        last_end_ = c.span.end;
        ++next_;
      }
    }
    out_ += '\n';
  }

  // Where an element of a multi-line item (a grant's role, principals and scopes; a statement's
  // parts) starts in the source, and on which line of the formatted item it is printed.
  struct Anchor {
    std::uint32_t source;
    std::size_t line;
  };

  // Whether the comment starting at `at` is alone on its line (nothing but blanks before it).
  bool own_line(std::uint32_t at) const {
    while (at > 0 && (src_[at - 1] == ' ' || src_[at - 1] == '\t')) --at;
    return at == 0 || src_[at - 1] == '\n';
  }

  std::uint32_t line_start(std::uint32_t at) const {
    while (at > 0 && src_[at - 1] != '\n') --at;
    return at;
  }

  // Whether only blanks and commas separate `from` from the comment at `c` (it ends that line).
  bool trails(std::uint32_t from, std::uint32_t c) const {
    if (c < from) return false;
    for (std::uint32_t i = from; i < c; ++i) {
      char ch = src_[i];
      if (ch != ' ' && ch != '\t' && ch != ',') return false;
    }
    return true;
  }

  // The comments that end lines of the item [begin, end): inside it, and the one after `end` on
  // the same line. Comments alone on a line inside the item are not counted (they are hoisted).
  std::size_t trailing_comments(std::uint32_t begin, std::uint32_t end) const {
    std::size_t n = 0;
    std::size_t i = next_;
    while (i < file_.comments.size() && file_.comments[i].span.begin < begin) ++i;
    for (; i < file_.comments.size() && file_.comments[i].span.begin < end; ++i) n += !own_line(file_.comments[i].span.begin);
    if (i < file_.comments.size() && trails(end, file_.comments[i].span.begin)) ++n;
    return n;
  }

  // An item printed on one or more lines (`text`, continuation lines already indented), with
  // each comment that ended one of its source lines kept at the end of the output line that holds
  // what started that source line: a trailing `# iamc-ignore: ...` on a grant's first line stays
  // on the grant's first line, whatever the layout, so it still suppresses what it did (lint
  // matches a suppression with the line a statement starts on, or a finding's line). Comments
  // alone on a line inside the item, and a second comment for a line that has one, go above.
  // `suffix` (" {") ends the item's last line, before its comment.
  void anchored(std::uint32_t begin, std::uint32_t end, const std::string& text, const std::vector<Anchor>& anchors,
                std::string_view suffix) {
    flush_comments(begin);
    if (!at_start_ && last_end_ <= begin && blank_between(last_end_, begin)) out_ += '\n';
    std::vector<std::string_view> lines;
    for (std::size_t from = 0;;) {
      std::size_t nl = text.find('\n', from);
      lines.push_back(std::string_view(text).substr(from, nl == std::string::npos ? std::string::npos : nl - from));
      if (nl == std::string::npos) break;
      from = nl + 1;
    }
    std::vector<const ast::Comment*> trailing(lines.size(), nullptr);
    std::vector<const ast::Comment*> above;
    const std::uint32_t first_line = line_start(begin);
    auto place = [&](const ast::Comment& c) {
      if (own_line(c.span.begin)) {
        above.push_back(&c);
        return;
      }
      std::uint32_t from = line_start(c.span.begin);
      std::size_t line = 0;
      if (from > first_line) {
        // The first element that starts on the comment's line, else the last one before it.
        const Anchor* at = nullptr;
        for (const Anchor& a : anchors) {
          if (a.source >= from && a.source < c.span.begin) {
            at = &a;
            break;
          }
          if (a.source < from) at = &a;
        }
        if (at != nullptr) line = std::min(at->line, lines.size() - 1);
      }
      (trailing[line] == nullptr ? trailing[line] : above.emplace_back()) = &c;
    };
    while (next_ < file_.comments.size() && file_.comments[next_].span.begin < end) place(file_.comments[next_++]);
    if (next_ < file_.comments.size() && trails(end, file_.comments[next_].span.begin)) place(file_.comments[next_++]);
    for (const ast::Comment* c : above) comment_line(*c);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i == 0) out_ += indent();
      out_ += lines[i];
      if (i + 1 == lines.size()) out_ += suffix;
      if (trailing[i] != nullptr) {
        out_ += "  ";
        out_ += trim_right(src_.substr(trailing[i]->span.begin, trailing[i]->span.end - trailing[i]->span.begin));
        last_end_ = std::max(last_end_, trailing[i]->span.end);
      }
      out_ += '\n';
    }
    last_end_ = std::max(last_end_, end);
    at_start_ = false;
  }

  // A one-item-per-line construct such as a setting: `text` may span several lines (continuation
  // lines already carry their indentation after the first).
  void leaf(std::uint32_t begin, std::uint32_t end, const std::string& text) {
    start_item(begin, end);
    out_ += indent();
    out_ += text;
    end_line(end);
  }

  // The offset of the next `ch` at or after `from`, skipping whitespace and comments.
  std::uint32_t find_char(std::uint32_t from, char ch) const {
    std::uint32_t i = from;
    while (i < src_.size() && src_[i] != ch) {
      if (src_[i] == '#' || (src_[i] == '/' && i + 1 < src_.size() && src_[i + 1] == '/')) {
        while (i < src_.size() && src_[i] != '\n') ++i;
      } else {
        ++i;
      }
    }
    return i;
  }

  // `header {`, the items, `}`. `open` is the offset of the `{`, `end` one past the `}`.
  // `anchors`: the header is a grant's, laid out by grant_text (its comments placed by anchored).
  void braces(std::uint32_t begin, std::uint32_t open, std::uint32_t end, const std::string& header,
              std::vector<Item>& items, const std::vector<Anchor>* anchors = nullptr) {
    if (anchors != nullptr) {
      anchored(begin, open + 1, header, *anchors, " {");
    } else {
      start_item(begin, open);
      out_ += indent();
      out_ += header;
      out_ += " {";
      end_line(open + 1);
    }
    ++depth_;
    at_start_ = true;
    print_items(items);
    std::uint32_t close = end > 0 ? end - 1 : end;
    flush_comments(close);
    --depth_;
    out_ += indent();
    out_ += '}';
    end_line(end);
    at_start_ = false;
  }

  void print_items(std::vector<Item>& items) {
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.begin < b.begin; });
    for (auto& item : items) item.print();
  }

  // ---- Values ---------------------------------------------------------------------------------

  std::string arg_inline(const ast::Arg& a, std::string_view sep) const {
    if (!a.key_span.valid()) return expr_inline(a.value);
    return raw(a.key_span) + std::string(sep) + expr_inline(a.value);
  }

  std::string expr_inline(const ast::Expr& e) const {
    switch (e.kind) {
      case ast::Expr::Kind::String:
      case ast::Expr::Kind::Name:
      case ast::Expr::Kind::Bool: return raw(e.span);
      case ast::Expr::Kind::Call: {
        std::string s = raw(e.name_span) + "(";
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          if (i) s += ", ";
          s += arg_inline(e.items[i], ": ");
        }
        return s + ")";
      }
      case ast::Expr::Kind::List: {
        std::string s = "[";
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          if (i) s += ", ";
          s += expr_inline(e.items[i].value);
        }
        return s + "]";
      }
      case ast::Expr::Kind::Record: {
        if (e.items.empty()) return "{}";
        std::string s = "{ ";
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          if (i) s += ", ";
          s += arg_inline(e.items[i], " = ");
        }
        return s + " }";
      }
    }
    return raw(e.span);
  }

  // A value after `prefix` on a line indented `depth_` levels: inline when it fits, else (for a
  // list, call or record) one item per line.
  std::string expr_at(const ast::Expr& e, std::string_view prefix) const {
    std::string flat = expr_inline(e);
    std::size_t used = width_of(indent()) + width_of(prefix) + width_of(flat);
    if (used <= kLineWidth || e.items.empty() ||
        (e.kind != ast::Expr::Kind::List && e.kind != ast::Expr::Kind::Call &&
         e.kind != ast::Expr::Kind::Record)) {
      return flat;
    }
    std::string inner = indent() + std::string(kIndent);
    std::string s;
    std::string close;
    if (e.kind == ast::Expr::Kind::List) {
      s = "[\n";
      close = "]";
    } else if (e.kind == ast::Expr::Kind::Call) {
      s = raw(e.name_span) + "(\n";
      close = ")";
    } else {
      s = "{\n";
      close = "}";
    }
    for (const auto& a : e.items) {
      s += inner;
      if (e.kind == ast::Expr::Kind::List) {
        s += expr_inline(a.value) + ",";
      } else if (e.kind == ast::Expr::Kind::Call) {
        s += arg_inline(a, ": ") + ",";
      } else {
        s += arg_inline(a, " = ");
      }
      s += '\n';
    }
    return s + indent() + close;
  }

  std::string join(std::span<const ast::Expr> values) const {
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) s += ", ";
      s += expr_inline(values[i]);
    }
    return s;
  }

  // `values` one per line at one extra level of continuation indentation.
  std::string join_broken(std::span<const ast::Expr> values, const std::string& cont) const {
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) s += ",\n" + cont;
      s += expr_inline(values[i]);
    }
    return s;
  }

  bool fits(const std::string& line) const { return width_of(indent()) + width_of(line) <= kLineWidth; }

  // ---- Statements -----------------------------------------------------------------------------

  void include(const ast::Include& inc) {
    leaf(inc.span.begin, inc.path_span.end, "include " + raw(inc.path_span));
  }

  void setting(const ast::Setting& s) {
    std::string prefix = raw(s.key_span) + " = ";
    valued(s.key_span.begin, prefix, s.value);
  }

  static bool composite(const ast::Expr& e) {
    return !e.items.empty() && (e.kind == ast::Expr::Kind::List || e.kind == ast::Expr::Kind::Call ||
                                e.kind == ast::Expr::Kind::Record);
  }

  // `prefix value` (a let or a setting). A list, call or record that does not fit, or holds
  // comments, is printed one item per line with each comment next to its item.
  void valued(std::uint32_t begin, const std::string& prefix, const ast::Expr& e) {
    std::uint32_t end = expr_end(e);
    if (!composite(e) || (!comment_between(e.span.begin, end) && fits(prefix + expr_inline(e)))) {
      leaf(begin, end, prefix + expr_at(e, prefix));
      return;
    }
    std::string open = e.kind == ast::Expr::Kind::List ? "[" : e.kind == ast::Expr::Kind::Call ? raw(e.name_span) + "(" : "{";
    std::string close = e.kind == ast::Expr::Kind::List ? "]" : e.kind == ast::Expr::Kind::Call ? ")" : "}";
    std::uint32_t open_at = e.kind == ast::Expr::Kind::Call ? find_char(e.name_span.end, '(') : e.span.begin;
    start_item(begin, open_at);
    out_ += indent() + prefix + open;
    end_line(open_at + 1);
    ++depth_;
    at_start_ = true;
    for (const auto& a : e.items) {
      std::uint32_t item_begin = a.key_span.valid() ? a.key_span.begin : a.value.span.begin;
      start_item(item_begin, a.value.span.end);
      out_ += indent();
      if (e.kind == ast::Expr::Kind::List) {
        out_ += expr_inline(a.value) + ",";
      } else if (e.kind == ast::Expr::Kind::Call) {
        out_ += arg_inline(a, ": ") + ",";
      } else {
        out_ += arg_inline(a, " = ");
      }
      end_line(a.value.span.end);
    }
    flush_comments(end > 0 ? end - 1 : end);
    --depth_;
    out_ += indent() + close;
    end_line(end);
  }

  void target(const ast::TargetDecl& t) {
    std::string header = "target " + raw(t.kind_span) + " " + raw(t.name_span);
    std::uint32_t open = find_char(t.name_span.end, '{');
    bool has_body = open < t.span.end;
    if (!has_body || (t.settings.empty() && t.roles.empty() && !comment_between(open, t.span.end))) {
      leaf(t.span.begin, t.span.end, header);
      return;
    }
    if (t.settings.size() + t.roles.size() == 1 && !comment_between(t.span.begin, t.span.end)) {
      std::string item;
      if (!t.settings.empty()) {
        const auto& s = t.settings.front();
        item = raw(s.key_span) + " = " + expr_inline(s.value);
      } else {
        item = role_text(t.roles.front());
      }
      std::string one = header + " { " + item + " }";
      if (fits(one)) {
        leaf(t.span.begin, t.span.end, one);
        return;
      }
    }
    std::vector<Item> items;
    for (const auto& s : t.settings) items.push_back({s.key_span.begin, [this, &s] { setting(s); }});
    for (const auto& r : t.roles) {
      items.push_back({r.span.begin, [this, &r] { leaf(r.span.begin, role_end(r), role_text(r)); }});
    }
    braces(t.span.begin, open, t.span.end, header, items);
  }

  // `role NAME [= "id"] [{ privileged = true, level = Writer }]` on one line, attributes in
  // source order (a declaration has at most a few short ones).
  std::string role_text(const ast::RoleDecl& r) const {
    std::string text = "role " + raw(r.name_span);
    if (r.id_span.valid()) text += " = " + raw(r.id_span);
    if (r.attributes.empty()) return text;
    text += " { ";
    for (std::size_t i = 0; i < r.attributes.size(); ++i) {
      if (i) text += ", ";
      text += arg_inline(r.attributes[i], " = ");
    }
    return text + " }";
  }

  // Where a role declaration's own text ends (a trailing comma is not kept).
  std::uint32_t role_end(const ast::RoleDecl& r) const {
    std::uint32_t end = r.id_span.valid() ? r.id_span.end : r.name_span.end;
    if (r.attributes.empty()) return end;
    return find_char(std::max(end, r.attributes.back().value.span.end), '}') + 1;
  }

  bool comment_between(std::uint32_t a, std::uint32_t b) const {
    for (const auto& c : file_.comments) {
      if (c.span.begin >= a && c.span.begin < b) return true;
    }
    return false;
  }

  // identity NAME { one setting per line }: always a block, like a grant's attributes that do
  // not fit, so adding a principal is a one-line change in review.
  void identity(const ast::IdentityDecl& d) {
    std::vector<Item> items;
    for (const auto& s : d.settings) items.push_back({s.key_span.begin, [this, &s] { setting(s); }});
    braces(d.span.begin, find_char(d.name_span.end, '{'), d.span.end, "identity " + raw(d.name_span), items);
  }

  void let(const ast::LetDecl& l) {
    valued(l.span.begin, "let " + raw(l.name_span) + " = ", l.value);
  }

  void block(const ast::TargetBlock& b) {
    std::string header = "in " + raw(b.target_kind_span) + "." + raw(b.target_name_span);
    std::uint32_t open = find_char(b.target_name_span.end, '{');
    std::vector<Item> items;
    for (const auto& g : b.grants) items.push_back({g.span.begin, [this, &g] { grant(g); }});
    for (const auto& p : b.policies) items.push_back({p.span.begin, [this, &p] { policy(p); }});
    braces(b.span.begin, open, b.span.end, header, items);
  }

  std::uint32_t grant_clauses_end(const ast::Grant& g) const {
    std::uint32_t end = g.role.span.end;
    for (const auto& e : g.principals) end = std::max(end, e.span.end);
    for (const auto& e : g.scopes) end = std::max(end, e.span.end);
    return end;
  }

  // One clause of a multi-line item: `to` and its principals, `on` and its scopes, `actions [...]`.
  struct Clause {
    std::string keyword;
    std::vector<std::pair<std::string, std::uint32_t>> items;  ///< text and source offset
  };

  // The item laid out along its source lines: what started on one source line is printed on one
  // line (normalised), so each comment that ended a source line ends the same content. Used when
  // several comments end the item's lines (a canonical layout could not give each its line).
  std::string source_lines_layout(const std::string& head, std::uint32_t head_at, const std::vector<Clause>& clauses,
                                  std::vector<Anchor>& anchors) const {
    const std::string cont = indent() + std::string(kIndent);
    const std::string deep = cont + std::string(kIndent);
    std::string s = head;
    std::size_t line = 0;
    std::uint32_t at_line = line_start(head_at);
    anchors.push_back({head_at, 0});
    for (const Clause& c : clauses) {
      if (c.items.empty()) {  // `on []`
        s += " " + c.keyword + " []";
        continue;
      }
      for (std::size_t i = 0; i < c.items.size(); ++i) {
        const auto& [text, at] = c.items[i];
        std::string piece = i == 0 ? c.keyword + " " + text : text;
        if (line_start(at) != at_line) {
          if (i > 0) s += ",";
          s += "\n" + (i == 0 ? cont : deep) + piece;
          at_line = line_start(at);
          ++line;
        } else {
          s += (i == 0 ? " " : ", ") + piece;
        }
        anchors.push_back({at, line});
      }
    }
    return s;
  }

  // `grant ROLE to P.. on S..` on one line when it fits; else `on` on a continuation line; else
  // every principal and scope on its own line. `spread` (a grant whose source lines end in
  // several comments) keeps the source's lines instead (source_lines_layout).
  // `anchors` receives, for the role and every principal and scope, the line it is printed on.
  std::string grant_text(const ast::Grant& g, bool spread, std::vector<Anchor>& anchors) const {
    std::string head = "grant " + raw(g.role.span);
    if (spread) {
      std::vector<Clause> clauses(1);
      clauses[0].keyword = "to";
      for (const auto& p : g.principals) clauses[0].items.emplace_back(expr_inline(p), p.span.begin);
      if (g.has_scopes) {
        clauses.push_back({"on", {}});
        for (const auto& sc : g.scopes) clauses.back().items.emplace_back(expr_inline(sc), sc.span.begin);
      }
      return source_lines_layout(head, g.role.span.begin, clauses, anchors);
    }
    std::string to = "to " + join(g.principals);
    std::string on = g.has_scopes ? "on " + join(g.scopes) : "";
    std::string one = head + " " + to + (g.has_scopes ? " " + on : "");
    anchors.push_back({g.role.span.begin, 0});
    if (fits(one)) {
      for (const auto& p : g.principals) anchors.push_back({p.span.begin, 0});
      for (const auto& sc : g.scopes) anchors.push_back({sc.span.begin, 0});
      return one;
    }
    std::string cont = indent() + std::string(kIndent);
    std::string deep = cont + std::string(kIndent);
    std::size_t line = 0;
    std::string s;
    if (fits(head + " " + to)) {
      s = head + " " + to;
      for (const auto& p : g.principals) anchors.push_back({p.span.begin, 0});
    } else {
      s = head + "\n" + cont + "to " + join_broken(g.principals, deep);
      for (const auto& p : g.principals) anchors.push_back({p.span.begin, ++line});
    }
    if (g.has_scopes) {
      bool together = fits(std::string(kIndent) + on);
      s += "\n" + cont + (together ? on : "on " + join_broken(g.scopes, deep));
      ++line;
      for (std::size_t i = 0; i < g.scopes.size(); ++i) anchors.push_back({g.scopes[i].span.begin, together ? line : line + i});
    }
    return s;
  }

  void grant(const ast::Grant& g) {
    std::uint32_t clauses_end = grant_clauses_end(g);
    std::vector<Anchor> anchors;
    if (g.attributes.empty() && !comment_between(clauses_end, g.span.end)) {  // `{}` says nothing
      std::string text = grant_text(g, trailing_comments(g.span.begin, g.span.end) > 1, anchors);
      anchored(g.span.begin, g.span.end, text, anchors, "");
      return;
    }
    std::uint32_t open = find_char(clauses_end, '{');
    std::vector<Item> items;
    for (const auto& a : g.attributes) items.push_back({a.key_span.begin, [this, &a] { setting(a); }});
    std::string header = grant_text(g, trailing_comments(g.span.begin, open + 1) > 1, anchors);
    braces(g.span.begin, open, g.span.end, header, items, &anchors);
  }

  static std::uint32_t statement_end(const ast::PolicyStatement& s) {
    std::uint32_t end = s.effect_span.end;
    if (s.has_role) end = std::max(end, s.role.span.end);
    if (s.has_actions) end = std::max(end, s.actions.span.end);
    if (s.has_resources) end = std::max(end, s.resources.span.end);
    for (const auto& e : s.scopes) end = std::max(end, e.span.end);
    return end;
  }

  // One line when it fits (and its source lines end in at most one comment), else one part per
  // line; comments stay on the line of the part they followed (see anchored).
  void statement(const ast::PolicyStatement& s) {
    std::vector<std::string> parts;
    std::vector<std::uint32_t> starts;
    parts.push_back(raw(s.effect_span) + (s.has_role ? " " + raw(s.role.span) : ""));
    starts.push_back(s.effect_span.begin);
    if (s.has_actions) {
      parts.push_back("actions " + expr_inline(s.actions));
      starts.push_back(s.actions.span.begin);
    }
    if (s.has_resources) {
      parts.push_back("resources " + expr_inline(s.resources));
      starts.push_back(s.resources.span.begin);
    }
    if (s.has_scopes) {
      parts.push_back("on " + join(s.scopes));
      starts.push_back(s.scopes.empty() ? s.effect_span.begin : s.scopes.front().span.begin);
    }
    const std::uint32_t end = statement_end(s);
    std::vector<Anchor> anchors;
    if (trailing_comments(s.effect_span.begin, end) > 1) {
      std::vector<Clause> clauses;
      if (s.has_actions) clauses.push_back({"actions", {{expr_inline(s.actions), s.actions.span.begin}}});
      if (s.has_resources) clauses.push_back({"resources", {{expr_inline(s.resources), s.resources.span.begin}}});
      if (s.has_scopes) {
        clauses.push_back({"on", {}});
        for (const auto& sc : s.scopes) clauses.back().items.emplace_back(expr_inline(sc), sc.span.begin);
      }
      std::string text = source_lines_layout(parts[0], s.effect_span.begin, clauses, anchors);
      anchored(s.effect_span.begin, end, text, anchors, "");
      return;
    }
    std::string one;
    for (const auto& p : parts) one += (one.empty() ? "" : " ") + p;
    bool broken = !fits(one);
    if (broken) {
      one = parts[0];
      for (std::size_t i = 1; i < parts.size(); ++i) one += "\n" + indent() + std::string(kIndent) + parts[i];
    }
    for (std::size_t i = 0; i < parts.size(); ++i) anchors.push_back({starts[i], broken ? i : 0});
    if (s.has_scopes) {
      for (const auto& sc : s.scopes) anchors.push_back({sc.span.begin, broken ? parts.size() - 1 : 0});
    }
    std::stable_sort(anchors.begin(), anchors.end(), [](const Anchor& a, const Anchor& b) { return a.source < b.source; });
    anchored(s.effect_span.begin, end, one, anchors, "");
  }

  void policy(const ast::Policy& p) {
    std::uint32_t open = find_char(p.id_span.end, '{');
    std::vector<Item> items;
    for (const auto& s : p.settings) items.push_back({s.key_span.begin, [this, &s] { setting(s); }});
    for (const auto& s : p.statements) items.push_back({s.effect_span.begin, [this, &s] { statement(s); }});
    braces(p.span.begin, open, p.span.end, "policy " + raw(p.id_span), items);
  }

  const ast::File& file_;
  std::string_view src_;
  std::string out_;
  std::size_t next_ = 0;        // the next comment to print
  std::uint32_t last_end_ = 0;  // where the last printed source text ended
  bool at_start_ = true;        // nothing printed yet in the current block (no blank line)
  int depth_ = 0;
};

}  // namespace

std::string format_file(const ast::File& file, std::string_view source) {
  return Printer(file, source).run();
}

std::optional<std::string> format_text(const std::string& path, std::string text,
                                       SourceManager& sources, DiagnosticSink& sink) {
  FileId id = sources.add(path, std::move(text));
  const SourceFile& src = sources.file(id);
  std::size_t errors = sink.error_count();
  if (src.text().size() > frontend::kMaxFileBytes) {
    sink.report(DiagCode::FileTooLarge, Span{id, 0, 0}, "the file is larger than the size limit");
    return std::nullopt;
  }
  if (!frontend::check_source_text(src, sink)) return std::nullopt;
  ast::File file = frontend::parse_dsl(src, sink);
  if (sink.error_count() != errors) return std::nullopt;
  return format_file(file, src.text());
}

}  // namespace iamc::format
