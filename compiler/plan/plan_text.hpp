// The readable form of a plan (`iamc plan`'s default output): per instance, one line per change
// with the principal, role and scope as the sources write them (let names where the grant uses
// them), each create and update with its source location, each delete with the live id; then
// the totals.
#pragma once

#include <string>

#include "base/source.hpp"
#include "model/model.hpp"
#include "plan/planner.hpp"

namespace iamc::plan {

/// How one binding reads: `grant ROLE to PRINCIPAL on SCOPE, ...` or `policy ID`. For a desired
/// binding, `grant` is the grant it comes from, whose own spelling is used where it says the same.
std::string describe(const model::Model& model, const SourceManager& sources, std::uint32_t target,
                     const Binding& b, const model::Binding* grant);

/// The whole plan as text, ending with `Plan: N to create, ...`.
std::string render_plan_text(const Plan& plan, const model::Model& model, const SourceManager& sources);

}  // namespace iamc::plan
