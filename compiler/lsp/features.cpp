// The language features: diagnostics conversion, hover, completion, go-to-definition, document
// symbols, code actions and formatting, all read from one document's compilation.
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <span>

#include "base/text.hpp"
#include "access/access.hpp"
#include "catalog/catalog.hpp"
#include "format/formatter.hpp"
#include "frontend/project.hpp"
#include "lsp/analysis.hpp"

namespace iamc::lsp {
namespace fs = std::filesystem;

const SourceFile& Analysis::source() const {
  return compilation->project.sources.file(file().file);
}

const ast::File& Analysis::file() const { return compilation->project.files[static_cast<std::size_t>(index)]; }

json to_range(const SourceFile& source, Span span) {
  auto [l1, c1] = source.lsp_position(span.begin);
  auto [l2, c2] = source.lsp_position(std::max(span.begin, span.end));
  return {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}

std::string uri_of(const Analysis& a, std::size_t index, const Document& doc, const DocumentStore& store) {
  const fs::path& path = a.compilation->project.file_paths[index];
  if (path.empty()) return doc.uri;
  for (const auto& [uri, d] : store.all()) {
    if (d.path == path) return uri;
  }
  return path_to_uri(path);
}

namespace {

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Info: return 3;
  }
  return 1;
}

// The file index of a FileId in the compilation, or -1.
long index_of(const Analysis& a, FileId id) {
  const auto& files = a.compilation->project.files;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].file == id) return static_cast<long>(i);
  }
  return -1;
}

}  // namespace

std::map<std::string, json> diagnostics_by_uri(const Analysis& a, const Document& doc, const DocumentStore& store) {
  std::map<std::string, json> out;
  if (!a.compilation) return out;
  const auto& sources = a.compilation->project.sources;
  for (const Diagnostic& d : a.compilation->sink.diagnostics()) {
    std::string uri = doc.uri;
    json range = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
    long idx = d.span.valid() ? index_of(a, d.span.file) : -1;
    if (idx >= 0) {
      uri = uri_of(a, static_cast<std::size_t>(idx), doc, store);
      range = to_range(sources.file(d.span.file), d.span);
    }
    const DiagInfo& info = diag_info(d.code);
    // Editors show the message as plain text: display text, like every other renderer.
    std::string message = display_text(d.message);
    if (idx < 0 && d.span.valid() && d.span.file < sources.size() && !a.compilation->config.file.empty()) {
      // The one file outside the project's sources: its .iamc.yaml, shown where it is.
      uri = path_to_uri(a.compilation->config.file);
      range = to_range(sources.file(d.span.file), d.span);
    } else if (idx < 0 && d.span.valid() && d.span.file < sources.size()) {
      // A file outside the project (the .iamc.yaml configuration): shown on the document.
      auto [line, col] = std::pair{sources.file(d.span.file).line_col(d.span.begin).line,
                                   sources.file(d.span.file).line_col(d.span.begin).column};
      message = display_text(sources.file(d.span.file).path()) + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
    }
    json related = json::array();
    for (const Note& n : d.notes) {
      long nidx = n.span.valid() ? index_of(a, n.span.file) : -1;
      if (nidx < 0) {
        message += "\nnote: " + display_text(n.message);
        continue;
      }
      related.push_back({{"location", {{"uri", uri_of(a, static_cast<std::size_t>(nidx), doc, store)},
                                       {"range", to_range(sources.file(n.span.file), n.span)}}},
                         {"message", display_text(n.message)}});
    }
    json diag = {{"range", range},
                 {"severity", lsp_severity(d.severity)},
                 {"code", std::string(info.code)},
                 {"codeDescription", {{"href", doc_url(d.code)}}},
                 {"source", "iamc"},
                 {"message", message}};
    if (!related.empty()) diag["relatedInformation"] = related;
    json fixes = json::array();
    for (const FixIt& f : d.fixes) {
      if (f.span.valid() && f.span.file == d.span.file && idx >= 0) {
        fixes.push_back({{"range", to_range(sources.file(f.span.file), f.span)}, {"newText", f.replacement}});
      }
    }
    if (!fixes.empty()) diag["data"] = {{"fixes", fixes}};
    json& list = out[uri];
    if (list.is_null()) list = json::array();
    list.push_back(std::move(diag));
  }
  return out;
}

// ---- Finding what is under the cursor ---------------------------------------------------------

namespace {

bool contains(Span s, std::uint32_t offset) { return s.valid() && s.begin <= offset && offset <= s.end && s.end > s.begin; }

// The innermost expression at `offset`, or null.
const ast::Expr* expr_at(const ast::Expr& e, std::uint32_t offset) {
  if (!contains(e.span, offset)) return nullptr;
  for (const auto& a : e.items) {
    if (const ast::Expr* inner = expr_at(a.value, offset)) return inner;
  }
  return &e;
}

const ast::Expr* expr_in(std::span<const ast::Expr> list, std::uint32_t offset) {
  for (const auto& e : list) {
    if (const ast::Expr* found = expr_at(e, offset)) return found;
  }
  return nullptr;
}

const ast::Expr* expr_in_settings(std::span<const ast::Setting> list, std::uint32_t offset) {
  for (const auto& s : list) {
    if (const ast::Expr* found = expr_at(s.value, offset)) return found;
  }
  return nullptr;
}

// What the cursor is on.
struct Hit {
  const ast::Expr* expr = nullptr;          // a value
  const ast::TargetBlock* block = nullptr;  // the enclosing `in` block
  const ast::RoleRef* role = nullptr;       // a grant's or statement's role
  const ast::LetDecl* let = nullptr;        // a let's name
  const ast::Include* include = nullptr;    // an include's path
  const ast::TargetDecl* target = nullptr;  // a target declaration's kind or name
  const ast::IdentityDecl* identity = nullptr;  // an identity's name
  bool target_ref = false;                  // the KIND.NAME of an `in` block
};

Hit find(const ast::File& file, std::uint32_t offset) {
  Hit h;
  for (const auto& inc : file.includes) {
    if (contains(inc.path_span, offset)) h.include = &inc;
  }
  for (const auto& t : file.targets) {
    if (contains(t.kind_span, offset) || contains(t.name_span, offset)) h.target = &t;
    if (contains(t.span, offset) && !h.expr) h.expr = expr_in_settings(t.settings, offset);
  }
  for (const auto& l : file.lets) {
    if (contains(l.name_span, offset)) h.let = &l;
    if (!h.expr) h.expr = expr_at(l.value, offset);
  }
  for (const auto& i : file.identities) {
    if (contains(i.name_span, offset)) h.identity = &i;
    if (contains(i.span, offset) && !h.expr) h.expr = expr_in_settings(i.settings, offset);
  }
  for (const auto& b : file.blocks) {
    if (!contains(b.span, offset)) continue;
    h.block = &b;
    if (contains(b.target_kind_span, offset) || contains(b.target_name_span, offset)) h.target_ref = true;
    for (const auto& g : b.grants) {
      if (contains(g.role.span, offset)) h.role = &g.role;
      if (!h.expr) h.expr = expr_in(g.principals, offset);
      if (!h.expr) h.expr = expr_in(g.scopes, offset);
      if (!h.expr) h.expr = expr_in_settings(g.attributes, offset);
    }
    for (const auto& p : b.policies) {
      if (!h.expr) h.expr = expr_in_settings(p.settings, offset);
      for (const auto& s : p.statements) {
        if (s.has_role && contains(s.role.span, offset)) h.role = &s.role;
        if (!h.expr) h.expr = expr_in(s.scopes, offset);
        if (!h.expr && s.has_actions) h.expr = expr_at(s.actions, offset);
        if (!h.expr && s.has_resources) h.expr = expr_at(s.resources, offset);
      }
    }
  }
  return h;
}

std::string text_of(const Analysis& a, Span s) {
  const SourceFile& f = a.compilation->project.sources.file(s.file);
  return std::string(f.text().substr(s.begin, s.end - s.begin));
}

// A let of the project by name, with the index of its file.
std::pair<const ast::LetDecl*, std::size_t> find_let(const Analysis& a, std::string_view name) {
  const auto& files = a.compilation->project.files;
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const auto& l : files[i].lets) {
      if (l.name == name) return {&l, i};
    }
  }
  return {nullptr, 0};
}

std::pair<const ast::TargetDecl*, std::size_t> find_target(const Analysis& a, std::string_view kind, std::string_view name) {
  const auto& files = a.compilation->project.files;
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const auto& t : files[i].targets) {
      if (t.kind == kind && t.name == name) return {&t, i};
    }
  }
  return {nullptr, 0};
}

// The DSL's keywords, for completion (keywords.def is the one list).
constexpr std::string_view kKeywords[] = {
#define IAMC_KEYWORD(name, spelling, top_level) spelling,
#include "iamc/keywords.def"
};

const catalog::TargetCatalog* catalog_for(const ast::TargetBlock* b) {
  if (!b) return nullptr;
  auto kind = model::parse_target_kind(b->target_kind);
  if (!kind) return nullptr;
  try {
    return &catalog::catalog(*kind);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string role_hover(const Analysis& a, const ast::TargetBlock* block, std::string_view name) {
  std::string s = "**" + std::string(name) + "**";
  if (block) {
    if (auto [t, i] = find_target(a, block->target_kind, block->target_name); t) {
      for (const auto& r : t->roles) {
        if (r.name == name) {
          s += " — custom role declared on target `" + std::string(t->kind) + " " + std::string(t->name) + "`";
          if (!r.id.empty()) s += "\n\nid: `" + std::string(r.id) + "`";
          return s;
        }
      }
    }
  }
  const catalog::TargetCatalog* cat = catalog_for(block);
  if (!cat) return s + " — role";
  const catalog::RoleInfo* role = cat->find_role(name);
  if (!role) return s + " — not a role of " + cat->name;
  s += " — " + cat->name + " role";
  if (!role->title.empty()) s += ": " + role->title;
  std::vector<std::string> facts;
  if (role->rank) facts.push_back("rank " + std::to_string(role->rank));
  if (role->privileged) facts.push_back("privileged (owner/admin class)");
  if (!role->scope.empty()) facts.push_back("meant for " + role->scope);
  if (!facts.empty()) {
    s += "\n\n";
    for (std::size_t i = 0; i < facts.size(); ++i) s += (i ? " · " : "") + facts[i];
  }
  if (!role->from.source.empty()) {
    s += "\n\nsource: " + role->from.source + " (" + std::string(catalog::tag_name(role->from.tag)) + ")";
  }
  return s;
}

std::string_view kind_doc(std::string_view name, bool& principal) {
  for (const auto& k : model::principal_spellings()) {
    if (k.name == name) {
      principal = true;
      return k.hover;
    }
  }
  for (const auto& k : model::scope_spellings()) {
    if (k.name == name) {
      principal = false;
      return k.hover;
    }
  }
  return {};
}

json markdown(const std::string& value, const json& range) {
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", range}};
}

}  // namespace

std::string identity_hover(const Analysis& a, Span name_span);
std::string principal_hover(const Analysis& a, Span expr_span);

json hover(const Analysis& a, std::uint32_t offset) {
  if (!a.ok()) return nullptr;
  const ast::File& file = a.file();
  const SourceFile& src = a.source();
  Hit h = find(file, offset);
  if (h.role) return markdown(role_hover(a, h.block, h.role->name), to_range(src, h.role->span));
  if (h.let) {
    return markdown("```iamc\nlet " + std::string(h.let->name) + " = " + text_of(a, h.let->value.span) + "\n```",
                    to_range(src, h.let->name_span));
  }
  if (h.target_ref && h.block) {
    Span s = cover(h.block->target_kind_span, h.block->target_name_span);
    std::string v = "target instance `" + std::string(h.block->target_kind) + "." + std::string(h.block->target_name) + "`";
    if (auto [t, i] = find_target(a, h.block->target_kind, h.block->target_name); t) {
      v = "```iamc\n" + text_of(a, t->span) + "\n```";
    }
    return markdown(v, to_range(src, s));
  }
  if (h.identity) return markdown(identity_hover(a, h.identity->name_span), to_range(src, h.identity->name_span));
  if (h.target) {
    return markdown("target `" + std::string(h.target->kind) + "` named `" + std::string(h.target->name) + "`",
                    to_range(src, cover(h.target->kind_span, h.target->name_span)));
  }
  if (h.expr) {
    const ast::Expr& e = *h.expr;
    if (e.kind == ast::Expr::Kind::Name) {
      if (auto [l, i] = find_let(a, e.text); l) {
        return markdown("```iamc\nlet " + std::string(l->name) + " = " + text_of(a, l->value.span) + "\n```",
                        to_range(src, e.span));
      }
      bool principal = false;
      if (auto d = kind_doc(e.text, principal); !d.empty()) {
        return markdown("**" + std::string(e.text) + "** — " + std::string(d), to_range(src, e.span));
      }
    }
    if (e.kind == ast::Expr::Kind::Call) {
      if (std::string access = principal_hover(a, e.span); !access.empty()) return markdown(access, to_range(src, e.span));
    }
    if (e.kind == ast::Expr::Kind::Call && contains(e.name_span, offset)) {
      bool principal = false;
      std::string_view d = kind_doc(e.text, principal);
      if (!d.empty()) {
        std::string v = "**" + std::string(e.text) + "** — " + std::string(principal ? "principal: " : "scope: ") + std::string(d);
        return markdown(v, to_range(src, e.name_span));
      }
    }
  }
  return nullptr;
}

// ---- Identities and principals: what they resolve to and what they may do -------------------

namespace {

// At most this many lines of effective access in a hover; the rest is counted.
constexpr std::size_t kAccessLines = 12;

std::string access_summary(const access::AccessModel& access_model, const std::vector<const access::Access*>& entries,
                           const std::string& subject) {
  if (entries.empty()) return "\n\nNo access granted in this project.";
  std::string s = "\n\n**Effective access** (" + std::to_string(entries.size()) + "):";
  for (std::size_t i = 0; i < entries.size() && i < kAccessLines; ++i) {
    const access::Access& e = *entries[i];
    access::Location at = access_model.location(e.source);
    s += "\n- `" + access_model.target_name(e.target) + "` " + (e.deny ? "deny " : "") + "**" +
         display_text(e.role) + "** on " + display_text(access_model.scope_text(e));
    if (e.privilege != 0) s += " — privileged: " + access::privilege_reasons(e.privilege);
    s += " (" + display_text(at.file) + ":" + std::to_string(at.line) + ")";
  }
  if (entries.size() > kAccessLines) {
    s += "\n- … and " + std::to_string(entries.size() - kAccessLines) + " more: `iamc what --subject " + subject + "`";
  }
  return s;
}

// The access of every principal `claims` holds (by principal key), in the model's order.
std::vector<const access::Access*> access_of(const access::AccessModel& access_model,
                                             const std::set<std::string>& keys) {
  std::vector<const access::Access*> out;
  for (const access::Access& e : access_model.entries()) {
    if (keys.count(access::principal_key_text(*e.principal)) != 0) out.push_back(&e);
  }
  return out;
}

std::string principal_text(const model::Principal& p) {
  std::string s(model::principal_kind_name(p.kind));
  if (!p.id.empty()) s += "(\"" + display_text(p.id) + "\"" + (p.idp.empty() ? "" : ", idp: " + display_text(p.idp)) + ")";
  return s;
}

}  // namespace

std::string identity_hover(const Analysis& a, Span name_span) {
  const model::Model& m = a.compilation->model;
  const model::Identity* identity = nullptr;
  for (const model::Identity& i : m.identities) {
    if (i.name_span == name_span) identity = &i;
  }
  if (!identity) return {};
  std::string s = "**" + display_text(identity->name) + "** — identity";
  if (!identity->description.empty()) s += ": " + display_text(identity->description);
  if (!identity->email.empty()) s += "\n\n" + display_text(identity->email);
  std::set<std::string> keys;
  s += "\n\nResolves to " + std::to_string(identity->principals.size()) + " principal" +
       (identity->principals.size() == 1 ? "" : "s") + ":";
  for (const model::Principal& p : identity->principals) {
    keys.insert(access::principal_key_text(p));
    s += "\n- `" + principal_text(p) + "`";
  }
  access::AccessModel access_model(m, a.compilation->project.sources);
  return s + access_summary(access_model, access_of(access_model, keys), std::string(identity->name));
}

std::string principal_hover(const Analysis& a, Span expr_span) {
  const model::Model& m = a.compilation->model;
  access::AccessModel access_model(m, a.compilation->project.sources);
  const model::Principal* principal = nullptr;
  for (const access::Access& e : access_model.entries()) {
    if (e.principal->span == expr_span) principal = e.principal;
  }
  for (const model::Identity& i : m.identities) {
    for (const model::Principal& p : i.principals) {
      if (p.span == expr_span) principal = &p;
    }
  }
  if (!principal) return {};
  std::string s = "`" + principal_text(*principal) + "`";
  if (const model::Identity* owner = access_model.identity_of(*principal)) {
    s += " — identity **" + display_text(owner->name) + "**";
    if (!owner->description.empty()) s += ": " + display_text(owner->description);
  } else {
    s += " — principal (no identity claims it)";
  }
  std::set<std::string> keys = {access::principal_key_text(*principal)};
  return s + access_summary(access_model, access_of(access_model, keys), access_model.subject_name(*principal));
}

// ---- Completion ------------------------------------------------------------------------------

json completion(const Analysis& a, const Document& doc, std::uint32_t offset) {
  // The word before the cursor decides the context.
  std::string_view text = doc.text;
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::uint32_t line_begin = offset;
  while (line_begin > 0 && text[line_begin - 1] != '\n') --line_begin;
  std::string_view line = text.substr(line_begin, offset - line_begin);
  // Drop the partial word being typed.
  std::size_t word_start = line.size();
  while (word_start > 0 && (std::isalnum(static_cast<unsigned char>(line[word_start - 1])) || line[word_start - 1] == '_' ||
                            line[word_start - 1] == '-' || line[word_start - 1] == '.')) {
    --word_start;
  }
  std::string_view before = line.substr(0, word_start);
  while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.remove_suffix(1);
  std::string_view prev;  // the previous word
  {
    std::size_t e = before.size(), b = e;
    while (b > 0 && (std::isalnum(static_cast<unsigned char>(before[b - 1])) || before[b - 1] == '_')) --b;
    prev = before.substr(b, e - b);
  }
  bool after_comma = !before.empty() && before.back() == ',';
  std::string_view trimmed_line = line;
  while (!trimmed_line.empty() && (trimmed_line.front() == ' ' || trimmed_line.front() == '\t')) trimmed_line.remove_prefix(1);

  json items = json::array();
  std::set<std::string> added;
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    if (!added.insert(label).second) return;
    json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    items.push_back(std::move(item));
  };
  constexpr int kKeyword = 14, kVariable = 6, kFunction = 3, kModule = 9, kEnumMember = 20, kClass = 7;

  const ast::TargetBlock* block = nullptr;
  if (a.ok()) {
    for (const auto& b : a.file().blocks) {
      if (b.span.begin <= offset && offset <= b.span.end) block = &b;
    }
  }
  auto add_lets = [&] {
    if (!a.compilation) return;
    for (const auto& f : a.compilation->project.files) {
      for (const auto& l : f.lets) add(std::string(l.name), kVariable, "let");
    }
  };
  auto add_principals = [&] {
    for (const auto& k : model::principal_spellings()) add(std::string(k.name), k.takes_id ? kFunction : kEnumMember, std::string(k.hover));
    add_lets();
  };
  auto add_scopes = [&] {
    for (const auto& k : model::scope_spellings()) add(std::string(k.name), kFunction, std::string(k.hover));
    add_lets();
  };

  if (prev == "in" && trimmed_line.substr(0, 2) == "in") {
    if (a.compilation) {
      for (const auto& f : a.compilation->project.files) {
        for (const auto& t : f.targets) add(std::string(t.kind) + "." + std::string(t.name), kModule, "target instance");
      }
    }
  } else if (prev == "target" && trimmed_line.substr(0, 6) == "target") {
    for (std::size_t k = 0; k < model::kTargetKindCount; ++k) {
      add(std::string(model::target_kind_name(static_cast<model::TargetKind>(k))), kClass, "target kind");
    }
  } else if (prev == "grant" || prev == "allow" || prev == "deny") {
    if (const catalog::TargetCatalog* cat = catalog_for(block)) {
      for (const auto& r : cat->roles) add(r.name, kEnumMember, cat->name + " role");
    }
    if (block && a.compilation) {
      if (auto [t, i] = find_target(a, block->target_kind, block->target_name); t) {
        for (const auto& r : t->roles) add(std::string(r.name), kEnumMember, "custom role");
      }
    }
  } else if (prev == "to" || (after_comma && line.find(" to ") != std::string_view::npos && line.find(" on ") == std::string_view::npos)) {
    add_principals();
  } else if (prev == "on" || after_comma) {
    add_scopes();
  } else if (prev == "members") {
    add_principals();
  } else {
    for (std::string_view k : kKeywords) add(std::string(k), kKeyword, "keyword");
    add_lets();
  }
  return {{"isIncomplete", false}, {"items", items}};
}

// ---- Definition ------------------------------------------------------------------------------

json definition(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset) {
  if (!a.ok()) return nullptr;
  Hit h = find(a.file(), offset);
  const auto& sources = a.compilation->project.sources;
  auto location = [&](std::size_t index, Span span) -> json {
    return {{"uri", uri_of(a, index, doc, store)}, {"range", to_range(sources.file(span.file), span)}};
  };
  if (h.include) {
    fs::path base = a.compilation->project.file_paths[static_cast<std::size_t>(a.index)];
    fs::path target = (base.empty() ? fs::current_path() / "x" : base).parent_path() / std::string(h.include->path);
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(target, ec);
    const auto& paths = a.compilation->project.file_paths;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (!paths[i].empty() && paths[i] == (ec ? target : canon)) {
        return location(i, Span{a.compilation->project.files[i].file, 0, 0});
      }
    }
    return {{"uri", path_to_uri(ec ? target : canon)}, {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}}};
  }
  if (h.target_ref && h.block) {
    if (auto [t, i] = find_target(a, h.block->target_kind, h.block->target_name); t) return location(i, t->name_span);
  }
  if (h.expr && h.expr->kind == ast::Expr::Kind::Name) {
    if (auto [l, i] = find_let(a, h.expr->text); l) return location(i, l->name_span);
  }
  return nullptr;
}

// ---- References and rename -------------------------------------------------------------------

namespace {

void walk_expr(const ast::Expr& e, const std::function<void(const ast::Expr&)>& f) {
  f(e);
  for (const auto& item : e.items) walk_expr(item.value, f);
}

// Every expression of a file: settings, let values, identities, grants and policies.
void walk_exprs(const ast::File& file, const std::function<void(const ast::Expr&)>& f) {
  auto settings = [&](std::span<const ast::Setting> list) {
    for (const auto& setting : list) walk_expr(setting.value, f);
  };
  auto exprs = [&](std::span<const ast::Expr> list) {
    for (const auto& e : list) walk_expr(e, f);
  };
  for (const auto& t : file.targets) settings(t.settings);
  for (const auto& l : file.lets) walk_expr(l.value, f);
  for (const auto& i : file.identities) settings(i.settings);
  for (const auto& b : file.blocks) {
    for (const auto& g : b.grants) {
      exprs(g.principals);
      exprs(g.scopes);
      settings(g.attributes);
    }
    for (const auto& p : b.policies) {
      settings(p.settings);
      for (const auto& st : p.statements) {
        exprs(st.scopes);
        if (st.has_actions) walk_expr(st.actions, f);
        if (st.has_resources) walk_expr(st.resources, f);
      }
    }
  }
}

// What references and rename work on: a `let`, or a target instance (KIND.NAME).
struct Symbol {
  enum class Kind { None, Let, Target } kind = Kind::None;
  std::string target_kind;
  std::string name;
  Span at;  ///< the name under the cursor
};

Symbol symbol_at(const Analysis& a, std::uint32_t offset) {
  Symbol sym;
  Hit h = find(a.file(), offset);
  if (h.let) {
    sym = {Symbol::Kind::Let, {}, std::string(h.let->name), h.let->name_span};
  } else if (h.expr && h.expr->kind == ast::Expr::Kind::Name && find_let(a, h.expr->text).first) {
    sym = {Symbol::Kind::Let, {}, std::string(h.expr->text), h.expr->span};
  } else if (h.target && contains(h.target->name_span, offset)) {
    sym = {Symbol::Kind::Target, std::string(h.target->kind), std::string(h.target->name), h.target->name_span};
  } else if (h.target_ref && h.block) {
    sym = {Symbol::Kind::Target, std::string(h.block->target_kind), std::string(h.block->target_name),
           h.block->target_name_span};
  }
  return sym;
}

struct Occurrence {
  std::size_t file;  ///< index into project.files
  Span span;
  bool declaration;
};

std::vector<Occurrence> occurrences(const Analysis& a, const Symbol& sym) {
  std::vector<Occurrence> out;
  const auto& files = a.compilation->project.files;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ast::File& f = files[i];
    if (sym.kind == Symbol::Kind::Let) {
      for (const auto& l : f.lets) {
        if (l.name == sym.name) out.push_back({i, l.name_span, true});
      }
      walk_exprs(f, [&](const ast::Expr& e) {
        if (e.kind == ast::Expr::Kind::Name && e.text == sym.name) out.push_back({i, e.span, false});
      });
    } else if (sym.kind == Symbol::Kind::Target) {
      for (const auto& t : f.targets) {
        if (t.kind == sym.target_kind && t.name == sym.name) out.push_back({i, t.name_span, true});
      }
      for (const auto& b : f.blocks) {
        if (b.target_kind == sym.target_kind && b.target_name == sym.name) out.push_back({i, b.target_name_span, false});
      }
    }
  }
  return out;
}

bool is_identifier(std::string_view name) {
  return is_identifier_text(name) && std::find(std::begin(kKeywords), std::end(kKeywords), name) == std::end(kKeywords);
}

}  // namespace

json references(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset,
                bool include_declaration) {
  json out = json::array();
  if (!a.ok()) return out;
  Symbol sym = symbol_at(a, offset);
  const auto& sources = a.compilation->project.sources;
  for (const Occurrence& o : occurrences(a, sym)) {
    if (o.declaration && !include_declaration) continue;
    out.push_back({{"uri", uri_of(a, o.file, doc, store)}, {"range", to_range(sources.file(o.span.file), o.span)}});
  }
  return out;
}

json prepare_rename(const Analysis& a, std::uint32_t offset) {
  if (!a.ok()) return nullptr;
  Symbol sym = symbol_at(a, offset);
  if (sym.kind == Symbol::Kind::None) return nullptr;
  return {{"range", to_range(a.source(), sym.at)}, {"placeholder", sym.name}};
}

json rename(const Analysis& a, const Document& doc, const DocumentStore& store, std::uint32_t offset,
            const std::string& new_name) {
  if (!a.ok()) throw RequestError{kRequestFailed, "the document could not be analysed"};
  Symbol sym = symbol_at(a, offset);
  if (sym.kind == Symbol::Kind::None) {
    throw RequestError{kRequestFailed, "only a let or a target instance can be renamed; put the cursor on its name"};
  }
  if (!is_identifier(new_name)) {
    throw RequestError{kRequestFailed, "'" + display_text(new_name) +
                                           "' is not a name: use letters, digits, '_' and '-', starting with a "
                                           "letter or '_', and no keyword"};
  }
  Symbol taken = sym;
  taken.name = new_name;
  if (new_name != sym.name && !occurrences(a, taken).empty()) {
    throw RequestError{kRequestFailed, "'" + new_name + "' is already used in this project; choose another name"};
  }
  json changes = json::object();
  const auto& sources = a.compilation->project.sources;
  for (const Occurrence& o : occurrences(a, sym)) {
    std::string uri = uri_of(a, o.file, doc, store);
    if (!changes.contains(uri)) changes[uri] = json::array();
    changes[uri].push_back({{"range", to_range(sources.file(o.span.file), o.span)}, {"newText", new_name}});
  }
  return {{"changes", changes}};
}

// ---- Document symbols ------------------------------------------------------------------------

json document_symbols(const Analysis& a) {
  json out = json::array();
  if (!a.ok()) return out;
  const SourceFile& src = a.source();
  auto symbol = [&](const std::string& name, int kind, Span span, Span selection) {
    return json{{"name", display_text(name)}, {"kind", kind}, {"range", to_range(src, span)}, {"selectionRange", to_range(src, selection)}};
  };
  constexpr int kModule = 2, kNamespace = 3, kVariable = 13, kStruct = 23, kEvent = 24;
  const ast::File& f = a.file();
  std::vector<std::pair<std::uint32_t, json>> top;
  for (const auto& t : f.targets) {
    top.emplace_back(t.span.begin, symbol("target " + std::string(t.kind) + " " + std::string(t.name), kModule, t.span, t.name_span));
  }
  for (const auto& l : f.lets) top.emplace_back(l.span.begin, symbol(std::string(l.name), kVariable, cover(l.span, l.value.span), l.name_span));
  for (const auto& b : f.blocks) {
    json s = symbol("in " + std::string(b.target_kind) + "." + std::string(b.target_name), kNamespace, b.span,
                    cover(b.target_kind_span, b.target_name_span));
    std::vector<std::pair<std::uint32_t, json>> children;
    for (const auto& g : b.grants) {
      std::string name = "grant " + std::string(g.role.name);
      children.emplace_back(g.span.begin, symbol(name, kEvent, g.span, g.role.span));
    }
    for (const auto& p : b.policies) children.emplace_back(p.span.begin, symbol("policy " + std::string(p.id), kStruct, p.span, p.id_span));
    std::sort(children.begin(), children.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    s["children"] = json::array();
    for (auto& c : children) s["children"].push_back(std::move(c.second));
    top.emplace_back(b.span.begin, std::move(s));
  }
  std::sort(top.begin(), top.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& t : top) out.push_back(std::move(t.second));
  return out;
}

// ---- Code actions ----------------------------------------------------------------------------

json code_actions(const Document& doc, const json& params, const ClientSupport& client) {
  json out = json::array();
  const json& context = params.at("context");
  if (!context.contains("diagnostics")) return out;
  for (const json& d : context.at("diagnostics")) {
    if (d.value("source", "") != "iamc" || !d.contains("code")) continue;
    std::string code = d["code"].is_string() ? d["code"].get<std::string>() : "";
    // The fixes travel in the diagnostic's `data`, which the client hands back as it likes: one
    // that is not an edit iamc made (no string newText, no range) is skipped.
    const json* fixes = d.contains("data") && d["data"].is_object() && d["data"].contains("fixes") ? &d["data"]["fixes"] : nullptr;
    if (fixes != nullptr && fixes->is_array()) {
      for (const json& fix : *fixes) {
        if (!fix.is_object() || !fix.contains("newText") || !fix["newText"].is_string() || !fix.contains("range") ||
            !fix["range"].is_object()) {
          continue;
        }
        std::string title = fix["newText"].get<std::string>().empty()
                                ? "Remove the text"
                                : "Replace with '" + fix["newText"].get<std::string>() + "'";
        out.push_back({{"title", title},
                       {"kind", "quickfix"},
                       {"diagnostics", json::array({d})},
                       {"isPreferred", true},
                       {"edit", {{"changes", {{doc.uri, json::array({fix})}}}}}});
      }
    }
    // Lint findings can be suppressed with a comment on the line above (docs/lint.md). The reason
    // is left empty for the user to write, with the cursor there: a suppression without one is
    // itself an error (L901), so a placeholder that passed for a reason would defeat the point.
    if (!code.empty() && code[0] == 'L') {
      std::uint32_t line = d.at("range").at("start").at("line").get<std::uint32_t>();
      SourceFile file(0, "", doc.text);
      std::string indent;
      if (line < file.line_count()) {
        for (char c : file.line_text(line + 1)) {
          if (c != ' ' && c != '\t') break;
          indent += c;
        }
      }
      const std::string comment = indent + "# iamc-ignore: " + code + " -- ";
      const json at = {{"line", line}, {"character", 0}};
      const json range = {{"start", at}, {"end", at}};
      json action = {{"title", "Suppress " + code + " here (add a reason)"},
                     {"kind", "quickfix"},
                     {"diagnostics", json::array({d})}};
      if (client.snippet_edits) {
        // `$0` is where the cursor ends; the comment holds no `$`, `}` or `\` to escape.
        json edit = {{"range", range}, {"snippet", {{"kind", "snippet"}, {"value", comment + "$0\n"}}}};
        action["edit"] = {{"documentChanges", json::array({{{"textDocument", {{"uri", doc.uri}, {"version", doc.version}}},
                                                            {"edits", json::array({edit})}}})}};
      } else {
        json edit = {{"range", range}, {"newText", comment + "\n"}};
        action["edit"] = {{"changes", {{doc.uri, json::array({edit})}}}};
        // The indent is spaces and tabs and the rest ASCII: its length in bytes is in UTF-16 units.
        json reason = {{"line", line}, {"character", comment.size()}};
        if (client.show_document) {
          action["command"] = {{"title", "Write the reason"},
                               {"command", std::string(kPlaceCursorCommand)},
                               {"arguments", json::array({doc.uri, reason})}};
        }
      }
      out.push_back(std::move(action));
    }
  }
  return out;
}

// ---- Formatting ------------------------------------------------------------------------------

json formatting(const Document& doc) {
  if (frontend::is_yaml_path(doc.path.string()) || doc.language == "yaml") return json::array();
  SourceManager sources;
  DiagnosticSink sink;
  auto formatted = format::format_text(doc.path.empty() ? "untitled.iam" : doc.path.string(), doc.text, sources, sink);
  if (!formatted) throw RequestError{kRequestFailed, "the document has syntax errors; fix them to format it"};
  if (*formatted == doc.text) return json::array();
  SourceFile file(0, "", doc.text);
  auto [line, col] = file.lsp_position(static_cast<std::uint32_t>(doc.text.size()));
  json edit = {{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", line}, {"character", col}}}}},
               {"newText", *formatted}};
  return json::array({edit});
}

}  // namespace iamc::lsp
