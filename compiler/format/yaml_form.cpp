// The YAML form of a DSL file (see yaml_form.hpp). Values are written in flow style on one line
// each; every string is double-quoted (so nothing is read as a name, a number or a boolean), and
// names (let references, built-ins such as `everything`) are plain scalars, as §14 reads them.
#include "format/yaml_form.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "frontend/dsl_parser.hpp"
#include "frontend/project.hpp"

namespace iamc::format {
namespace {

// A YAML double-quoted scalar: JSON-style escapes, which YAML reads the same way.
std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

class Writer {
 public:
  Writer(const ast::File& file, std::string_view src) : file_(file), src_(src) {}

  std::string run() {
    if (!file_.includes.empty()) {
      comments_before(file_.includes.front().span.begin, "");
      out_ += "include: [";
      for (std::size_t i = 0; i < file_.includes.size(); ++i) out_ += (i ? ", " : "") + yaml_quoted(file_.includes[i].path);
      out_ += "]\n";
    }
    if (!file_.targets.empty()) {
      comments_before(file_.targets.front().span.begin, "");
      out_ += "targets:\n";
      for (const auto& t : file_.targets) target(t);
    }
    if (!file_.lets.empty()) {
      comments_before(file_.lets.front().span.begin, "");
      out_ += "let:\n";
      for (const auto& l : file_.lets) {
        comments_before(l.span.begin, "  ");
        out_ += fmt::format("  {}: {}\n", key(l.name), value(l.value));
      }
    }
    if (!file_.identities.empty()) {
      comments_before(file_.identities.front().span.begin, "");
      out_ += "identities:\n";
      for (const auto& d : file_.identities) {
        comments_before(d.span.begin, "  ");
        out_ += fmt::format("  - identity: {}\n", yaml_quoted(d.name));
        for (const auto& s : d.settings) {
          out_ += fmt::format("    {}: {}\n", key(s.key), s.key == "principals" ? value(s.value) : string_value(s.value));
        }
      }
    }
    // Grants, then policies, each in source order; comments go with the item they precede.
    std::vector<std::pair<const ast::TargetBlock*, const ast::Grant*>> grants;
    std::vector<std::pair<const ast::TargetBlock*, const ast::Policy*>> policies;
    for (const auto& b : file_.blocks) {
      for (const auto& g : b.grants) grants.emplace_back(&b, &g);
      for (const auto& p : b.policies) policies.emplace_back(&b, &p);
    }
    if (!grants.empty()) {
      comments_before(grants.front().second->span.begin, "");
      out_ += "grants:\n";
      for (auto [b, g] : grants) grant(*b, *g);
    }
    if (!policies.empty()) {
      comments_before(policies.front().second->span.begin, "");
      out_ += "policies:\n";
      for (auto [b, p] : policies) policy(*b, *p);
    }
    comments_before(static_cast<std::uint32_t>(src_.size()) + 1, "");
    return std::move(out_);
  }

 private:
  // Comments that start before `pos`, on their own lines at `indent`; `//` becomes `#`.
  void comments_before(std::uint32_t pos, std::string_view indent) {
    while (next_ < file_.comments.size() && file_.comments[next_].span.begin < pos) {
      const Span s = file_.comments[next_++].span;
      std::string_view text = src_.substr(s.begin, s.end - s.begin);
      while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
      if (text.starts_with("//")) text.remove_prefix(2);
      else if (text.starts_with("#")) text.remove_prefix(1);
      out_ += indent;
      out_ += "#";
      out_ += text;
      out_ += '\n';
    }
  }

  // A map key: plain when it is an identifier, else quoted.
  static std::string key(std::string_view k) {
    bool plain = !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    return plain && k != "true" && k != "false" && k != "null" ? std::string(k) : yaml_quoted(k);
  }

  // In a string position every scalar is a string.
  static std::string string_value(const ast::Expr& e) {
    switch (e.kind) {
      case ast::Expr::Kind::String:
      case ast::Expr::Kind::Name: return yaml_quoted(e.text);
      case ast::Expr::Kind::Bool: return e.boolean ? "true" : "false";
      case ast::Expr::Kind::List: {
        std::string s = "[";
        for (std::size_t i = 0; i < e.items.size(); ++i) s += (i ? ", " : "") + string_value(e.items[i].value);
        return s + "]";
      }
      case ast::Expr::Kind::Record: {
        std::string s = "{";
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          s += fmt::format("{}{}: {}", i ? ", " : "", yaml_quoted(e.items[i].key), string_value(e.items[i].value));
        }
        return s + "}";
      }
      case ast::Expr::Kind::Call: return value(e);
    }
    return yaml_quoted(e.text);
  }

  // In a principal, scope or let position: a plain scalar is a name, a quoted one a string, a
  // single-key map a call (§14).
  static std::string value(const ast::Expr& e) {
    switch (e.kind) {
      case ast::Expr::Kind::String: return yaml_quoted(e.text);
      case ast::Expr::Kind::Name: return std::string(e.text);
      case ast::Expr::Kind::Bool: return e.boolean ? "true" : "false";
      case ast::Expr::Kind::List: {
        std::string s = "[";
        for (std::size_t i = 0; i < e.items.size(); ++i) s += (i ? ", " : "") + value(e.items[i].value);
        return s + "]";
      }
      case ast::Expr::Kind::Record: return string_value(e);
      case ast::Expr::Kind::Call: {
        const bool keyed = std::any_of(e.items.begin(), e.items.end(), [](const ast::Arg& a) { return !a.key.empty(); });
        if (e.items.size() == 1 && !keyed) return fmt::format("{{{}: {}}}", key(e.text), value(e.items[0].value));
        std::string s = fmt::format("{{{}: {{", key(e.text));
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          const ast::Arg& a = e.items[i];
          std::string_view k = !a.key.empty() ? a.key : std::string_view(i == 0 ? "id" : "");
          if (k.empty() && a.value.kind == ast::Expr::Kind::Name) {  // a bare flag: `recursive`
            s += fmt::format("{}{}: true", i ? ", " : "", key(a.value.text));
            continue;
          }
          s += fmt::format("{}{}: {}", i ? ", " : "", key(k), value(a.value));
        }
        return s + "}}";
      }
    }
    return yaml_quoted(e.text);
  }

  void target(const ast::TargetDecl& t) {
    comments_before(t.span.begin, "  ");
    out_ += fmt::format("  - target: {}\n    name: {}\n", yaml_quoted(t.kind), yaml_quoted(t.name));
    for (const auto& s : t.settings) {
      comments_before(s.key_span.begin, "    ");
      out_ += fmt::format("    {}: {}\n", key(s.key), string_value(s.value));
    }
    if (!t.roles.empty()) {
      out_ += "    roles:\n";
      for (const auto& r : t.roles) {
        comments_before(r.span.begin, "      ");
        std::string m = fmt::format("{{name: {}", yaml_quoted(r.name));
        if (!r.id.empty()) m += fmt::format(", id: {}", yaml_quoted(r.id));
        for (const auto& a : r.attributes) m += fmt::format(", {}: {}", key(a.key), string_value(a.value));
        out_ += "      - " + m + "}\n";
      }
    }
    comments_before(t.span.end, "    ");
  }

  void grant(const ast::TargetBlock& b, const ast::Grant& g) {
    comments_before(g.span.begin, "  ");
    out_ += fmt::format("  - in: {}\n", yaml_quoted(fmt::format("{}.{}", b.target_kind, b.target_name)));
    out_ += fmt::format("    grant: {}\n", yaml_quoted(g.role.name));
    out_ += "    to: " + list(g.principals) + "\n";
    if (g.has_scopes) out_ += "    on: " + list(g.scopes) + "\n";
    for (const auto& a : g.attributes) out_ += fmt::format("    {}: {}\n", key(a.key), string_value(a.value));
    comments_before(g.span.end, "    ");
  }

  void policy(const ast::TargetBlock& b, const ast::Policy& p) {
    comments_before(p.span.begin, "  ");
    out_ += fmt::format("  - in: {}\n", yaml_quoted(fmt::format("{}.{}", b.target_kind, b.target_name)));
    out_ += fmt::format("    policy: {}\n", yaml_quoted(p.id));
    for (const auto& s : p.settings) {
      comments_before(s.key_span.begin, "    ");
      out_ += fmt::format("    {}: {}\n", key(s.key), s.key == "members" ? value(s.value) : string_value(s.value));
    }
    if (!p.statements.empty()) out_ += "    statements:\n";
    for (const auto& st : p.statements) {
      comments_before(st.effect_span.begin, "      ");
      out_ += fmt::format("      - effect: {}\n", st.effect == ast::Effect::Deny ? "deny" : "allow");
      if (st.has_role) out_ += fmt::format("        role: {}\n", yaml_quoted(st.role.name));
      if (st.has_actions) out_ += "        actions: " + string_value(st.actions) + "\n";
      if (st.has_resources) out_ += "        resources: " + string_value(st.resources) + "\n";
      if (st.has_scopes) out_ += "        on: " + list(st.scopes) + "\n";
    }
    comments_before(p.span.end, "    ");
  }

  static std::string list(std::span<const ast::Expr> values) {
    if (values.size() == 1) return value(values.front());
    std::string s = "[";
    for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + value(values[i]);
    return s + "]";
  }

  const ast::File& file_;
  std::string_view src_;
  std::string out_;
  std::size_t next_ = 0;
};

}  // namespace

std::string yaml_form(const ast::File& file, std::string_view source) { return Writer(file, source).run(); }

std::optional<std::string> yaml_form_of_text(const std::string& path, std::string text, SourceManager& sources,
                                             DiagnosticSink& sink) {
  FileId id = sources.add(path, std::move(text));
  const SourceFile& src = sources.file(id);
  std::size_t errors = sink.error_count();
  if (!frontend::check_source_text(src, sink)) return std::nullopt;
  ast::File file = frontend::parse_dsl(src, sink);
  if (sink.error_count() != errors) return std::nullopt;
  return yaml_form(file, src.text());
}

}  // namespace iamc::format
