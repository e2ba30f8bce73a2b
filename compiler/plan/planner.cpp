// Matching desired and live bindings, and the plan's safety rules (see planner.hpp).
#include "plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "backends/registry.hpp"
#include "base/text.hpp"

namespace iamc::plan {
namespace {

std::string instance_name(const model::TargetInstance& t) {
  return fmt::format("{}.{}", model::target_kind_name(t.kind), t.name);
}

bool matches(const lint::UnmanagedPattern& p, const model::TargetInstance& t, const Binding& b) {
  if (!p.target.empty() && !lint::glob_match(p.target, instance_name(t)) &&
      !lint::glob_match(p.target, model::target_kind_name(t.kind))) {
    return false;
  }
  if (!p.id.empty() && !lint::glob_match(p.id, b.id)) return false;
  if (!p.principal.empty()) {
    bool any = lint::glob_match(p.principal, b.principal_id) && !b.principal_id.empty();
    for (const std::string& m : b.policy.members) any = any || lint::glob_match(p.principal, m);
    if (!any) return false;
  }
  if (!p.role.empty()) {
    bool any = !b.role.empty() && lint::glob_match(p.role, b.role);
    for (const Statement& s : b.policy.statements) any = any || (!s.role.empty() && lint::glob_match(p.role, s.role));
    if (!any) return false;
  }
  return true;
}

// What an update changes, in words: the members added and removed, and which other parts differ.
std::string update_detail(const Binding& live, const Binding& desired) {
  std::vector<std::string> parts;
  const PolicyParts& a = live.policy;
  const PolicyParts& b = desired.policy;
  if (a.name != b.name) parts.push_back(fmt::format("name {:?} -> {:?}", a.name, b.name));
  std::string members;
  for (const std::string& m : b.members) {
    if (!std::binary_search(a.members.begin(), a.members.end(), m)) members += fmt::format(" +{}", m);
  }
  for (const std::string& m : a.members) {
    if (!std::binary_search(b.members.begin(), b.members.end(), m)) members += fmt::format(" -{}", m);
  }
  if (!members.empty()) parts.push_back("members" + members);
  if (a.statements_key != b.statements_key) parts.push_back("statements");
  if (a.tenants != b.tenants) parts.push_back("tenants");
  std::string out;
  for (const std::string& p : parts) out += fmt::format("{}{}", out.empty() ? "" : "; ", p);
  return out;
}

}  // namespace

std::string_view action_name(Action a) {
  switch (a) {
    case Action::Create: return "create";
    case Action::Update: return "update";
    case Action::Delete: return "delete";
  }
  return "create";
}

PlanTotals Plan::totals() const {
  PlanTotals t;
  for (const InstancePlan& p : instances) {
    for (const Change& c : p.changes) {
      (c.action == Action::Create ? t.create : c.action == Action::Update ? t.update : t.remove) += 1;
    }
    t.unchanged += p.unchanged;
    t.kept += p.kept.size();
  }
  return t;
}

std::vector<std::vector<Desired>> desired_bindings(const model::Model& model, const State& state) {
  std::vector<std::vector<Desired>> out(model.targets.size());
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::uint32_t i = 0; i < model.targets.size(); ++i) index.emplace(instance_name(model.targets[i]), i);
  std::string name;
  backend::for_each_request(model, backend::TargetFilter{}, [&](const backend::Request& r) {
    name.assign(r.target);
    name += '.';
    name += r.instance;
    auto it = index.find(name);
    if (it == index.end()) return;
    const std::uint32_t target = it->second;
    Desired d;
    d.request.method = r.method;
    d.request.path = r.path;
    d.request.content_type = r.content_type;
    d.request.accept = r.accept;  // a create is byte for byte compile's request, headers included
    d.request.body = r.body;
    d.source = r.source;
    json::ParseError error;
    std::optional<json::Value> body = json::parse(d.request.body, error);
    if (!body) throw std::logic_error("a request body iamc wrote is not JSON: " + error.message);
    DecodeContext ctx;
    ctx.target = &model.targets[target];
    ctx.document = d.request.body;
    ctx.path = "$";
    auto roles = state.role_names.find(target);
    if (roles != state.role_names.end()) ctx.role_names = &roles->second;
    state_decoder(ctx.target->kind).decode(*body, ctx, d.binding);
    d.binding.span = r.source;
    out[target].push_back(std::move(d));
  });
  return out;
}

Plan make_plan(const model::Model& model, const State& state, const PlanOptions& options, DiagnosticSink& sink) {
  Plan plan;
  std::vector<std::vector<Desired>> desired = desired_bindings(model, state);
  for (const InstanceState& instance : state.instances) {
    const model::TargetInstance& target = model.targets[instance.target];
    const StateDecoder& decoder = state_decoder(target.kind);
    InstancePlan p;
    p.target = instance.target;
    p.state_file = instance.file;
    const std::vector<Binding>& live = instance.live;
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < live.size(); ++i) by_key[live[i].key].push_back(i);
    std::vector<bool> matched(live.size(), false);
    std::unordered_set<std::string> planned;
    for (Desired& d : desired[instance.target]) {
      if (!planned.insert(d.binding.key).second) continue;  // the same grant twice: one binding
      const Binding* system = nullptr;
      std::size_t found = live.size();
      if (auto it = by_key.find(d.binding.key); it != by_key.end()) {
        for (std::size_t i : it->second) {
          if (live[i].system) {
            system = &live[i];
          } else if (!matched[i]) {
            found = i;
            break;
          }
        }
      }
      if (found == live.size() && system != nullptr) {
        Diagnostic& diag = sink.report(
            DiagCode::SystemPolicyConflict, d.source,
            fmt::format("policy {} has the id of a vendor-managed policy of {}: such policies cannot be replaced or "
                        "deleted; give the policy another id",
                        iamc::quoted(d.binding.key), instance_name(target)));
        diag.notes.push_back({system->span, "the vendor-managed policy in the state"});
        continue;
      }
      if (found == live.size()) {
        p.changes.push_back(Change{Action::Create, std::move(d.request), std::move(d.binding), d.source, {}});
        continue;
      }
      matched[found] = true;
      if (d.binding.content == live[found].content) {
        ++p.unchanged;
        continue;
      }
      Change update{Action::Update, {}, std::move(d.binding), d.source, {}};
      update.detail = update_detail(live[found], update.binding);
      update.binding.id = live[found].id;
      if (decoder.update_request(live[found], d.request.body, update.request)) {
        p.changes.push_back(std::move(update));
      } else {  // no update in the API: replace, the new binding first
        p.changes.push_back(Change{Action::Create, std::move(d.request), std::move(update.binding), d.source, {}});
        matched[found] = false;
      }
    }
    // What is live and not declared: kept, or deleted with --prune.
    std::vector<Change> deletes;
    for (std::size_t i = 0; i < live.size(); ++i) {
      if (matched[i] || live[i].system) continue;
      const lint::UnmanagedPattern* pattern = nullptr;
      if (options.unmanaged != nullptr) {
        for (const lint::UnmanagedPattern& u : *options.unmanaged) {
          if (matches(u, target, live[i])) {
            pattern = &u;
            break;
          }
        }
      }
      if (pattern != nullptr || !options.prune) {
        p.kept.push_back(Kept{live[i], pattern});
        continue;
      }
      Change del{Action::Delete, {}, live[i], {}, {}};
      decoder.delete_request(target, live[i], del.request);
      deletes.push_back(std::move(del));
    }
    // Lock-out: a prune never removes the last owner/admin-class binding on the widest scope.
    if (!deletes.empty() && !options.allow_lockout) {
      std::size_t before = 0;
      for (const Binding& b : live) before += decoder.privileged_on_widest(b) ? 1 : 0;
      std::size_t after = before;
      const Change* last = nullptr;
      for (const Change& c : deletes) {
        if (decoder.privileged_on_widest(c.binding)) {
          --after;
          last = &c;
        }
      }
      for (const Change& c : p.changes) {
        if (c.action == Action::Create && decoder.privileged_on_widest(c.binding)) ++after;
      }
      if (before > 0 && after == 0 && last != nullptr) {
        Span at{last->binding.span.file, last->binding.span.begin, last->binding.span.begin + 1};
        Diagnostic& diag = sink.report(
            DiagCode::PlanLockout, at,
            fmt::format("refusing to delete live binding {}: it is the last owner/admin-class binding on the whole "
                        "of {}, and nobody could manage access afterwards; declare one in the sources (or keep "
                        "this one with an unmanaged pattern), or pass --allow-lockout if this is really meant",
                        iamc::quoted(last->binding.id), instance_name(target)));
        (void)diag;
      }
    }
    for (Change& c : deletes) p.changes.push_back(std::move(c));
    plan.instances.push_back(std::move(p));
  }
  return plan;
}

}  // namespace iamc::plan
