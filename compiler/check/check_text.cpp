// Hidden and look-alike text (Trojan Source, CVE-2021-42574; Unicode TR #36 and UTS #39): every
// bidi control and invisible character in a source file is one finding, an error inside an id or
// name that reaches a request (where it changes what is granted while the source reads the same)
// and a warning in other strings and in comments (where it can only change how the source reads).
// An id that mixes Latin letters with Cyrillic or Greek ones, which look alike, is a warning.
// The scan covers the whole text of every file, DSL and YAML alike; the model says where ids are.
#include <algorithm>
#include <optional>
#include <span>
#include <tuple>
#include <vector>

#include "base/text.hpp"
#include "check/check_context.hpp"
#include "check/checker.hpp"

namespace iamc::check {
namespace {

// Findings of hidden characters per file: a file made of nothing else must not become millions
// of diagnostics. The last one says so.
constexpr std::size_t kMaxHiddenFindingsPerFile = 100;

// Calls on_id(value, span) for every span of the model whose text is sent as an id, a name, a role
// or a scope, with the value as sent (escapes decoded); spans that send nothing themselves (a
// target's name, a setting, a definition's name) come with an empty value.
template <typename OnId>
void for_each_id(const model::Model& model, OnId on_id) {
  auto principals = [&](std::span<const model::Principal> ps) {
    for (const model::Principal& p : ps) on_id(p.id, p.id_span);
  };
  auto scopes = [&](std::span<const model::Scope> ss) {
    for (const model::Scope& s : ss) {
      on_id(s.id, s.id_span);
      on_id(s.dataplane, s.dataplane_span);
    }
  };
  for (const model::TargetInstance& t : model.targets) {
    on_id({}, t.name_span);
    for (const auto& [key, value] : t.settings) {
      if (value != nullptr) on_id({}, value->span);
    }
    for (const model::CustomRole& r : t.roles) on_id({}, r.span);
  }
  for (const model::Binding& b : model.bindings) {
    on_id(b.role.name, b.role.span);
    principals(b.principals);
    scopes(b.scopes);
    on_id(b.id, b.id_span);
    on_id(b.org(), b.org_span());
  }
  for (const model::Policy& p : model.policies) {
    on_id(p.id, p.id_span);
    principals(p.members);
    for (const auto& [tenant, span] : p.tenants) on_id(tenant, span);
    for (const model::Statement& s : p.statements) {
      if (s.role) on_id(s.role->name, s.role->span);
      for (const auto& [action, span] : s.actions) on_id(action, span);
      for (const auto& [resource, span] : s.resources) on_id(resource, span);
      scopes(s.scopes);
    }
  }
  for (const model::Definition& d : model.definitions) on_id({}, d.name_span);
}

// Every id span of the model (for_each_id), sorted, for containing(). Built only when a file
// holds a non-ASCII character: in a project of plain ASCII no character can hide in an id.
std::vector<Span> id_spans(const model::Model& model) {
  std::vector<Span> out;
  for_each_id(model, [&](std::string_view, Span s) {
    if (s.valid() && s.end > s.begin) out.push_back(s);
  });
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) {
    return std::tie(a.file, a.begin, a.end) < std::tie(b.file, b.begin, b.end);
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The smallest id span of `file` that contains `offset` (spans may nest: a setting's record
// holds strings), or null. `spans` is sorted.
const Span* containing(const std::vector<Span>& spans, FileId file, std::uint32_t offset) {
  auto it = std::upper_bound(spans.begin(), spans.end(), std::pair{file, offset},
                             [](const std::pair<FileId, std::uint32_t>& key, const Span& s) {
                               return std::tie(key.first, key.second) < std::tie(s.file, s.begin);
                             });
  // Spans that begin at or before offset; the candidates are the few just before `it`, but a
  // long span (a record setting) may begin long before: walk back while in the same file.
  const Span* best = nullptr;
  constexpr int kMaxStepsBack = 64;
  int steps = 0;
  while (it != spans.begin()) {
    --it;
    if (it->file != file) break;
    if (it->begin <= offset && offset < it->end) {
      if (best == nullptr || it->end - it->begin < best->end - best->begin) best = &*it;
    }
    if (++steps == kMaxStepsBack) break;  // ids barely nest: the container is among the last few
  }
  return best;
}

enum class Script { Other, Latin, Greek, Cyrillic };

Script script_of(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)) {
    return Script::Latin;
  }
  if (cp >= 0x370 && cp <= 0x3FF) return Script::Greek;
  if (cp >= 0x400 && cp <= 0x52F) return Script::Cyrillic;
  return Script::Other;
}

std::string_view script_name(Script s) {
  return s == Script::Greek ? "Greek" : s == Script::Cyrillic ? "Cyrillic" : "Latin";
}

// The text of an id span, without the quotes of a string literal.
std::string_view id_text(const SourceFile& file, const Span& span) {
  std::string_view text = file.text().substr(span.begin, span.end - span.begin);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

// Reports an id written in Latin with Cyrillic or Greek letters among them (or the reverse).
void check_mixed_script(DiagnosticSink& sink, const SourceFile& file, const Span& span) {
  std::string_view text = file.text().substr(span.begin, span.end - span.begin);
  bool latin = false;
  Script other = Script::Other;
  std::uint32_t other_at = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, len] = decode_utf8(text, i);
    Script s = script_of(cp);
    if (s == Script::Latin) latin = true;
    if ((s == Script::Greek || s == Script::Cyrillic) && other == Script::Other) {
      other = s;
      other_at = static_cast<std::uint32_t>(i);
    }
    i += len;
  }
  if (!latin || other == Script::Other) return;
  auto [cp, len] = decode_utf8(text, other_at);
  Span at{span.file, span.begin + other_at, span.begin + other_at + static_cast<std::uint32_t>(len)};
  sink.report(DiagCode::MixedScriptId, at,
              fmt::format("{} mixes Latin letters with {} ones: {} is U+{:04X}, which looks like a Latin letter",
                          iamc::quoted(id_text(file, span)), script_name(other), iamc::quoted(text.substr(other_at, len)),
                          static_cast<std::uint32_t>(cp)))
      .notes.push_back({{}, "an id that looks like another one grants to someone else; write it in one script"});
}

// The first bidi control or invisible character of `text`, if any.
std::optional<std::pair<char32_t, TextHazard>> first_hidden(std::string_view text) {
  for (std::size_t i = ascii_prefix(text); i < text.size(); i += ascii_prefix(text.substr(i))) {
    auto [cp, len] = decode_utf8(text, i);
    i += len;
    TextHazard h = text_hazard(cp);
    if (h == TextHazard::Bidi || h == TextHazard::Invisible) return std::pair{cp, h};
  }
  return std::nullopt;
}

// An id whose escapes (`"\u202e..."`) spell a hidden character: the source shows the escape, but
// the request carries the character. One finding per id; a character written raw is reported
// where it stands, by the scan below.
void check_escaped_values(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink) {
  for_each_id(model, [&](std::string_view value, Span span) {
    auto hidden = first_hidden(value);
    if (!hidden || !span.valid() || span.file >= sources.size()) return;
    const SourceFile& file = sources.file(span.file);
    if (span.end > file.text().size() || first_hidden(file.text().substr(span.begin, span.end - span.begin))) {
      return;
    }
    bool bidi = hidden->second == TextHazard::Bidi;
    sink.report(bidi ? DiagCode::BidiControl : DiagCode::InvisibleCharacter, Severity::Error, span,
                fmt::format("{} U+{:04X} written as an escape in {}: the id sent differs from the one the source shows",
                            bidi ? "bidirectional control" : "invisible character",
                            static_cast<std::uint32_t>(hidden->first), iamc::quoted(value)))
        .notes.push_back({{}, "remove it: ids, names and roles must be exactly what they look like"});
  });
}

}  // namespace

void check_text(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink) {
  check_escaped_values(model, sources, sink);
  std::optional<std::vector<Span>> id_list;  // id_spans(model), on the first non-ASCII character
  auto ids = [&]() -> const std::vector<Span>& {
    if (!id_list) id_list = id_spans(model);
    return *id_list;
  };
  std::vector<const Span*> mixed;
  for (FileId f = 0; f < sources.size(); ++f) {
    const SourceFile& file = sources.file(f);
    std::string_view text = file.text();
    std::size_t found = 0;
    for (std::size_t i = 0; i < text.size() && found < kMaxHiddenFindingsPerFile;) {
      i += ascii_prefix(text.substr(i));  // a million grants are 122 MB to pass over
      if (i >= text.size()) break;
      auto [cp, len] = decode_utf8(text, i);
      auto offset = static_cast<std::uint32_t>(i);
      i += len;
      TextHazard hazard = text_hazard(cp);
      const Span* id = nullptr;
      if (hazard == TextHazard::None || hazard == TextHazard::Control) {
        Script s = script_of(cp);
        if ((s == Script::Greek || s == Script::Cyrillic) && (id = containing(ids(), f, offset)) != nullptr) {
          if (mixed.empty() || mixed.back() != id) mixed.push_back(id);
        }
        continue;
      }
      if (offset == 0 && cp == 0xFEFF) continue;  // a byte-order mark: the front ends handle it
      id = containing(ids(), f, offset);
      Span at{f, offset, offset + static_cast<std::uint32_t>(len)};
      bool bidi = hazard == TextHazard::Bidi;
      std::string what = fmt::format("{} U+{:04X}", bidi ? "bidirectional control" : "invisible character",
                                     static_cast<std::uint32_t>(cp));
      DiagCode code = bidi ? DiagCode::BidiControl : DiagCode::InvisibleCharacter;
      Diagnostic* d = nullptr;
      if (id != nullptr) {
        d = &sink.report(code, Severity::Error, at,
                    fmt::format("{} inside {}: the id sent differs from the one the source shows", what,
                                iamc::quoted(id_text(file, *id))));
        d->notes.push_back({{}, "remove it: ids, names and roles must be exactly what they look like"});
      } else {
        d = &sink.report(code, at,
                    fmt::format("{}: {}", what,
                                bidi ? "it reorders how the text around it is shown, so the source does not read as it runs"
                                     : "it cannot be seen, so the text does not read as it is"));
        d->notes.push_back({{}, "remove it, or write what it stands for in words"});
      }
      if (++found == kMaxHiddenFindingsPerFile) {
        d->notes.push_back({{}, fmt::format("this is the {}th in this file; the rest are not reported", found)});
      }
    }
  }
  for (const Span* id : mixed) check_mixed_script(sink, sources.file(id->file), *id);
}

}  // namespace iamc::check
