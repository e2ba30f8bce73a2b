// Helpers private to the backends: walking a target kind's bindings and starting a request.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "backends/backend.hpp"

namespace iamc::backend::detail {

/// Calls fn(binding, target) for every binding in `slice` whose target has `kind` and passes the
/// filter.
template <typename Fn>
void for_each_binding(const model::Model& model, model::TargetKind kind, const TargetFilter& filter,
                      ModelSlice slice, Fn&& fn) {
  const std::size_t end = std::min(slice.end, model.bindings.size());
  for (std::size_t i = slice.begin; i < end; ++i) {
    const model::Binding& b = model.bindings[i];
    if (b.target >= model.targets.size()) continue;
    const model::TargetInstance& t = model.targets[b.target];
    if (t.kind != kind || !filter.accepts(t)) continue;
    fn(b, t);
  }
}

/// Starts the next POST request for a target instance in `r`, keeping its buffers' capacity:
/// the path and the body are emptied for the backend to write.
inline void start_request(Request& r, const model::TargetInstance& target, Span source,
                          std::string_view content_type = "application/json", std::string_view accept = {}) {
  r.target = model::target_kind_name(target.kind);
  r.instance = target.name;
  r.method = "POST";
  r.path.clear();
  r.content_type = content_type;
  r.accept = accept;
  r.body.clear();
  r.source = source;
  r.slug_text = {};
  r.slug_suffix = {};
}

/// A binding's request is named by its id when given, else by its role and principal.
inline void name_after_binding(Request& r, const model::Binding& b, std::string_view principal_id) {
  if (!b.id.empty()) {
    r.slug_text = b.id;
  } else {
    r.slug_text = b.role.name;
    r.slug_suffix = principal_id;
  }
}

}  // namespace iamc::backend::detail
