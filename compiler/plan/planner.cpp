// Matching desired and live bindings, and the plan's safety rules (see planner.hpp).
#include "plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <stdexcept>
#include <unordered_map>

#include "backends/registry.hpp"
#include "base/flat_index.hpp"
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
    for (const std::string& m : b.details().policy.members) any = any || lint::glob_match(p.principal, m);
    if (!any) return false;
  }
  if (!p.role.empty()) {
    bool any = !b.role.empty() && lint::glob_match(p.role, b.role);
    for (const Statement& s : b.details().policy.statements) any = any || (!s.role.empty() && lint::glob_match(p.role, s.role));
    if (!any) return false;
  }
  return true;
}

// What an update changes, in words: the members added and removed, and which other parts differ.
std::string update_detail(const Binding& live, const Binding& desired) {
  std::vector<std::string> parts;
  const PolicyParts& a = live.details().policy;
  const PolicyParts& b = desired.details().policy;
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

namespace {

// One instance's matching while the backends emit the desired side: its live bindings by key,
// which of them a desired binding took, and the keys already planned as creates. It refers to
// itself (`created` indexes plan.desired), so it never moves.
struct Matching {
  struct LiveKey {
    const std::vector<Binding>* live;
    std::string_view operator()(std::uint32_t i) const { return (*live)[i].key; }
  };
  struct DesiredKey {
    const std::deque<Binding>* desired;
    std::string_view operator()(std::uint32_t i) const { return (*desired)[i].key; }
  };

  explicit Matching(const InstanceState& live)
      : instance(&live), first_with_key(LiveKey{&live.live}), created(DesiredKey{&plan.desired}) {}
  Matching(const Matching&) = delete;
  Matching& operator=(const Matching&) = delete;

  const InstanceState* instance;
  InstancePlan plan;
  // The live bindings by key: the first index with each key, and from each index the next one
  // with the same key (or none), so a key is found without a list per key.
  FlatIndex<LiveKey> first_with_key;
  std::vector<std::uint32_t> next_with_key;
  static constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<bool> matched;
  std::vector<bool> planned;  // by the first index with a key: that key is planned already
  FlatIndex<DesiredKey> created;  // keys with no live binding, already created (in plan.desired)
};

// Matches one desired binding (decoded from the create request `r`) with the instance's live ones;
// a binding the plan keeps is moved out of `desired`.
void match_desired(const backend::Request& r, Binding& desired, const model::TargetInstance& target,
                   const StateDecoder& decoder, Matching& m, DiagnosticSink& sink) {
  const std::vector<Binding>& live = m.instance->live;
  InstancePlan& p = m.plan;
  auto request = [&r] {
    // a create is byte for byte compile's request, headers included
    return PlanRequest{std::string(r.method), r.path, std::string(r.content_type), std::string(r.accept), r.body};
  };
  // The same grant twice is one binding: a key is planned once. Keys that some live binding has
  // are marked at the first live binding with the key; others are remembered as created keys.
  const Binding* system = nullptr;
  std::size_t found = live.size();
  if (const std::uint32_t first = m.first_with_key.find(desired.key); first != Matching::kNone) {
    if (m.planned[first]) return;
    m.planned[first] = true;
    for (std::size_t i = first; i != Matching::kNone; i = m.next_with_key[i]) {
      if (live[i].system) {
        system = &live[i];
      } else if (!m.matched[i]) {
        found = i;
        break;
      }
    }
  } else if (!m.created.insert(desired.key, static_cast<std::uint32_t>(p.desired.size())).second) {
    return;  // the position is that of the create below, which always follows
  }
  if (found == live.size() && system != nullptr) {
    Diagnostic& diag = sink.report(
        DiagCode::SystemPolicyConflict, r.source,
        fmt::format("policy {} has the id of a vendor-managed policy of {}: such policies cannot be replaced or "
                    "deleted; give the policy another id",
                    iamc::quoted(desired.key), instance_name(target)));
    diag.notes.push_back({system->span, "the vendor-managed policy in the state"});
    return;
  }
  if (found == live.size()) {
    p.changes.push_back(Change{Action::Create, request(), &p.desired.emplace_back(std::move(desired)), r.source, {}});
    return;
  }
  m.matched[found] = true;
  if (desired.content == live[found].content) {
    ++p.unchanged;
    return;
  }
  Binding& updated = p.desired.emplace_back(std::move(desired));
  Change update{Action::Update, {}, &updated, r.source, update_detail(live[found], updated)};
  updated.id = live[found].id;
  if (decoder.update_request(live[found], r.body, update.request)) {
    p.changes.push_back(std::move(update));
  } else {  // no update in the API: replace, the new binding first
    p.changes.push_back(Change{Action::Create, request(), &updated, r.source, {}});
    m.matched[found] = false;
  }
}

}  // namespace

Plan make_plan(const model::Model& model, const State& state, const PlanOptions& options, DiagnosticSink& sink) {
  std::deque<Matching> matchings;  // a deque: a Matching never moves
  std::vector<Matching*> by_target(model.targets.size(), nullptr);
  for (const InstanceState& instance : state.instances) {
    Matching& m = matchings.emplace_back(instance);
    m.plan.target = instance.target;
    m.plan.state_file = instance.file;
    const auto count = static_cast<std::uint32_t>(instance.live.size());
    m.first_with_key.reserve(count);
    m.next_with_key.assign(count, Matching::kNone);
    for (std::uint32_t i = count; i-- > 0;) {  // backwards, so that each chain runs in state order
      auto [first, fresh] = m.first_with_key.insert(instance.live[i].key, i);
      if (!fresh) {
        m.next_with_key[i] = first;
        first = i;
      }
    }
    m.matched.assign(instance.live.size(), false);
    m.planned.assign(instance.live.size(), false);
    by_target[instance.target] = &m;
  }
  // The desired side: each create request the backends emit, as compile would, decoded by the
  // same decoder as the live items (so "the same binding" means the same on both sides) and
  // matched at once; nothing is kept of a request that matches.
  std::unordered_map<std::string, std::uint32_t> index;
  for (std::uint32_t i = 0; i < model.targets.size(); ++i) index.emplace(instance_name(model.targets[i]), i);
  std::string name;
  json::MemberArena arena;
  Binding desired;  // each request's, decoded into the same room
  // The instance of the request before: the backends emit an instance's requests together, so
  // it is looked up (with its decoder and role names) once per run of requests, not per request.
  std::string_view last_kind, last_instance;
  Matching* matching = nullptr;
  const StateDecoder* request_decoder = nullptr;
  DecodeContext ctx;
  ctx.path = "$";
  backend::for_each_request(model, backend::TargetFilter{}, [&](const backend::Request& r) {
    if (ctx.target == nullptr || r.target != last_kind || r.instance != last_instance) {
      last_kind = r.target;
      last_instance = r.instance;
      name.assign(r.target);
      name += '.';
      name += r.instance;
      auto it = index.find(name);
      matching = it == index.end() ? nullptr : by_target[it->second];
      if (matching == nullptr) {
        ctx.target = nullptr;
        return;
      }
      const std::uint32_t target = it->second;
      ctx.target = &model.targets[target];
      auto roles = state.role_names.find(target);
      ctx.role_names = roles != state.role_names.end() ? &roles->second : nullptr;
      request_decoder = &state_decoder(ctx.target->kind);
    }
    if (matching == nullptr) return;
    json::ParseError error;
    arena.clear();
    std::optional<json::Value> body = json::parse_small(r.body, error, arena);
    if (!body) throw std::logic_error("a request body iamc wrote is not JSON: " + error.message);
    ctx.document = r.body;
    desired.clear();
    request_decoder->decode(*body, ctx, desired);
    desired.span = r.source;
    match_desired(r, desired, *ctx.target, *request_decoder, *matching, sink);
  });
  Plan plan;
  for (Matching& m : matchings) {
    const InstanceState& instance = *m.instance;
    const model::TargetInstance& target = model.targets[instance.target];
    const StateDecoder& decoder = state_decoder(target.kind);
    InstancePlan& p = m.plan;
    const std::vector<Binding>& live = instance.live;
    const std::vector<bool>& matched = m.matched;
    // What is live and not declared: kept, or deleted with --prune (after the creates and updates).
    const std::size_t first_delete = p.changes.size();
    if (options.prune) p.changes.reserve(first_delete + static_cast<std::size_t>(std::count(matched.begin(), matched.end(), false)));
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
        p.kept.push_back(Kept{&live[i], pattern});
        continue;
      }
      Change& del = p.changes.emplace_back(Change{Action::Delete, {}, &live[i], {}, {}});
      decoder.delete_request(target, live[i], del.request);
    }
    const std::span<const Change> made(p.changes.data(), first_delete);
    const std::span<const Change> deletes(p.changes.data() + first_delete, p.changes.size() - first_delete);
    // Lock-out: a prune never removes the last owner/admin-class binding on the widest scope.
    if (!deletes.empty() && !options.allow_lockout) {
      std::size_t before = 0;
      for (const Binding& b : live) before += decoder.privileged_on_widest(b) ? 1 : 0;
      std::size_t after = before;
      const Change* last = nullptr;
      for (const Change& c : deletes) {
        if (decoder.privileged_on_widest(*c.binding)) {
          --after;
          last = &c;
        }
      }
      for (const Change& c : made) {
        if (c.action == Action::Create && decoder.privileged_on_widest(*c.binding)) ++after;
      }
      if (before > 0 && after == 0 && last != nullptr) {
        Span at{last->binding->span.file, last->binding->span.begin, last->binding->span.begin + 1};
        sink.report(DiagCode::PlanLockout, at,
                    fmt::format("refusing to delete live binding {}: it is the last owner/admin-class binding on the "
                                "whole of {}, and nobody could manage access afterwards; declare one in the sources "
                                "(or keep this one with an unmanaged pattern), or pass --allow-lockout if this is "
                                "really meant",
                                iamc::quoted(last->binding->id), instance_name(target)));
      }
    }
    plan.instances.push_back(std::move(m.plan));
  }
  return plan;
}

}  // namespace iamc::plan
