// A stable text dump of an ast::File (see ast_dump.hpp).
#include "frontend/ast_dump.hpp"
#include <span>

#include <fmt/format.h>

namespace iamc::frontend {
namespace {

class Dumper {
 public:
  Dumper(const AstDumpOptions& options, std::string& out) : options_(options), out_(out) {}

  void span(Span s) {
    if (options_.spans) out_ += fmt::format("@{}-{}", s.begin, s.end);
  }

  void string(std::string_view text) {
    out_ += '"';
    for (char c : text) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        case '\r': out_ += "\\r"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            out_ += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }

  void expr(const ast::Expr& e) {
    switch (e.kind) {
      case ast::Expr::Kind::String: string(e.text); break;
      case ast::Expr::Kind::Name: out_ += e.text; break;
      case ast::Expr::Kind::Bool: out_ += e.boolean ? "true" : "false"; break;
      case ast::Expr::Kind::Call:
        out_ += e.text;
        span(e.name_span);
        items(e, '(', ')', ": ");
        break;
      case ast::Expr::Kind::List: items(e, '[', ']', ": "); break;
      case ast::Expr::Kind::Record: items(e, '{', '}', " = "); break;
    }
    span(e.span);
  }

  void items(const ast::Expr& e, char open, char close, std::string_view assign) {
    out_ += open;
    for (std::size_t i = 0; i < e.items.size(); ++i) {
      if (i != 0) out_ += ", ";
      const ast::Arg& a = e.items[i];
      if (!a.key.empty()) {
        out_ += a.key;
        span(a.key_span);
        out_ += assign;
      }
      expr(a.value);
    }
    out_ += close;
  }

  void exprs(std::span<const ast::Expr> list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      out_ += i == 0 ? " " : ", ";
      expr(list[i]);
    }
  }

  void setting(std::string_view indent, const ast::Setting& s) {
    out_ += indent;
    out_ += "setting ";
    out_ += s.key;
    span(s.key_span);
    out_ += " = ";
    expr(s.value);
    out_ += '\n';
  }

  void role(const ast::RoleRef& r) {
    string(r.name);
    span(r.span);
  }

  void file(const ast::File& f) {
    if (options_.form) out_ += f.form == ast::SourceForm::Dsl ? "form dsl\n" : "form yaml\n";
    for (const auto& inc : f.includes) {
      out_ += "include ";
      string(inc.path);
      span(inc.path_span);
      span(inc.span);
      out_ += '\n';
    }
    for (const auto& t : f.targets) {
      out_ += "target ";
      out_ += t.kind;
      span(t.kind_span);
      out_ += ' ';
      out_ += t.name;
      span(t.name_span);
      span(t.span);
      out_ += '\n';
      for (const auto& s : t.settings) setting("  ", s);
      for (const auto& r : t.roles) {
        out_ += "  role ";
        string(r.name);
        span(r.name_span);
        if (!r.id.empty()) {
          out_ += " = ";
          string(r.id);
          span(r.id_span);
        }
        span(r.span);
        out_ += '\n';
      }
    }
    for (const auto& l : f.lets) {
      out_ += "let ";
      out_ += l.name;
      span(l.name_span);
      out_ += " = ";
      expr(l.value);
      span(l.span);
      out_ += '\n';
    }
    for (const auto& b : f.blocks) {
      out_ += "in ";
      out_ += b.target_kind;
      span(b.target_kind_span);
      out_ += '.';
      out_ += b.target_name;
      span(b.target_name_span);
      span(b.span);
      out_ += '\n';
      for (const auto& g : b.grants) {
        out_ += "  grant ";
        role(g.role);
        out_ += " to";
        exprs(g.principals);
        if (g.has_scopes) {
          out_ += " on";
          exprs(g.scopes);
        }
        span(g.span);
        out_ += '\n';
        for (const auto& a : g.attributes) setting("    ", a);
      }
      for (const auto& p : b.policies) {
        out_ += "  policy ";
        string(p.id);
        span(p.id_span);
        span(p.span);
        out_ += '\n';
        for (const auto& s : p.settings) setting("    ", s);
        for (const auto& s : p.statements) {
          out_ += s.effect == ast::Effect::Deny ? "    deny" : "    allow";
          span(s.effect_span);
          if (s.has_role) {
            out_ += " role ";
            role(s.role);
          }
          if (s.has_actions) {
            out_ += " actions ";
            expr(s.actions);
          }
          if (s.has_resources) {
            out_ += " resources ";
            expr(s.resources);
          }
          if (s.has_scopes) {
            out_ += " on";
            exprs(s.scopes);
          }
          span(s.span);
          out_ += '\n';
        }
      }
    }
    if (options_.comments) {
      if (options_.spans) {
        for (const auto& c : f.comments) {
          out_ += "comment";
          span(c.span);
          out_ += '\n';
        }
      } else if (!f.comments.empty()) {
        out_ += fmt::format("comments {}\n", f.comments.size());
      }
    }
  }

 private:
  const AstDumpOptions& options_;
  std::string& out_;
};

}  // namespace

std::string dump_ast(const ast::File& file, const AstDumpOptions& options) {
  std::string out;
  Dumper(options, out).file(file);
  return out;
}

}  // namespace iamc::frontend
