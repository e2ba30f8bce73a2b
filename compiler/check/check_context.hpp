// What the checker's areas share: the model, the sink, and helpers that word messages the same
// way everywhere. Private to compiler/check/.
#pragma once

#include <fmt/format.h>

#include <span>

#include <string>
#include <string_view>

#include "base/source.hpp"
#include "catalog/catalog.hpp"
#include "diagnostics/sink.hpp"
#include "model/model.hpp"

namespace iamc::check {

struct Context {
  const model::Model& model;
  DiagnosticSink& sink;

  [[nodiscard]] const model::TargetInstance& target(std::uint32_t index) const { return model.targets[index]; }
  /// "astra.prod", quoted, for messages.
  [[nodiscard]] std::string target_label(const model::TargetInstance& t) const;

  /// Adds "did you mean 'x'?" and a FixIt when a candidate is close enough.
  void suggest(Diagnostic& d, std::string_view word, Span at, std::span<const std::string_view> candidates) const;
};

/// "a, b or c"
std::string or_list(std::span<const std::string_view> items);

void check_targets(const Context& ctx);
void check_role(const Context& ctx, const model::TargetInstance& t, const model::RoleRef& role);
void check_principal(const Context& ctx, const model::TargetInstance& t, const model::Principal& p);
void check_scope(const Context& ctx, const model::TargetInstance& t, const model::Scope& s);
/// Checks between a binding's role and its scopes (Astra constraints, Frontier namespaces).
void check_role_on_scopes(const Context& ctx, const model::TargetInstance& t, const model::Binding& b);
void check_policies(const Context& ctx);
/// Bidi controls, invisible characters and mixed-script ids anywhere in the sources (check_text.cpp).
void check_text(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink);

}  // namespace iamc::check
