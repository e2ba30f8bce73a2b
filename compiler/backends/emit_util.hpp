// Helpers private to the backends: walking a target kind's bindings and starting a request.
#pragma once

#include <string>
#include <string_view>

#include "backends/backend.hpp"

namespace iamc::backend::detail {

/// Calls fn(binding, target) for every binding whose target has `kind` and passes the filter.
template <typename Fn>
void for_each_binding(const model::Model& model, model::TargetKind kind, const TargetFilter& filter, Fn&& fn) {
  for (const model::Binding& b : model.bindings) {
    if (b.target >= model.targets.size()) continue;
    const model::TargetInstance& t = model.targets[b.target];
    if (t.kind != kind || !filter.accepts(t)) continue;
    fn(b, t);
  }
}

/// A POST request with `Content-Type: <content_type>` for a target instance.
inline Request start_request(const model::TargetInstance& target, std::string path, Span source,
                             std::string_view content_type = "application/json") {
  Request r;
  r.target = model::target_kind_name(target.kind);
  r.instance = target.name;
  r.method = "POST";
  r.path = std::move(path);
  r.headers.emplace_back("Content-Type", content_type);
  r.source = source;
  return r;
}

/// The slug for a binding's request: its id when given, else role and principal.
inline std::string binding_slug(const model::Binding& b, std::string_view principal_id) {
  if (!b.id.empty()) return make_slug(b.id);
  std::string text(b.role.name);
  text += '-';
  text += principal_id;
  return make_slug(text);
}

inline std::string concat(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size());
  s += a;
  s += b;
  return s;
}

}  // namespace iamc::backend::detail
