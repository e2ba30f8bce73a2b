// The one list of targets, and the helpers every backend shares (see registry.hpp, backend.hpp).
#include "backends/registry.hpp"

namespace iamc::backend {

const std::vector<std::unique_ptr<Backend>>& backends() {
  static const std::vector<std::unique_ptr<Backend>> kAll = [] {
    std::vector<std::unique_ptr<Backend>> all;
    all.push_back(make_k0rdent_backend());
    all.push_back(make_connhex_backend());
    all.push_back(make_redpanda_backend());
    all.push_back(make_astra_backend());
    all.push_back(make_frontier_backend());
    return all;
  }();
  return kAll;
}

const Backend* find_backend(std::string_view name) {
  for (const auto& b : backends()) {
    if (b->name() == name) return b.get();
  }
  return nullptr;
}

std::vector<std::string_view> backend_names() {
  std::vector<std::string_view> names;
  for (const auto& b : backends()) names.push_back(b->name());
  return names;
}

void for_each_request(const model::Model& model, const TargetFilter& filter, const RequestSink& sink) {
  for (const auto& b : backends()) b->emit(model, filter, ModelSlice{}, sink);
}

std::vector<Request> emit_all(const model::Model& model, const TargetFilter& filter) {
  std::vector<Request> all;
  for_each_request(model, filter, [&all](const Request& r) { all.push_back(r); });
  return all;
}

std::string make_slug(std::string_view text) {
  std::string slug;
  slug.reserve(text.size() < kMaxSlug ? text.size() : kMaxSlug);
  for (char ch : text) {
    if (slug.size() >= kMaxSlug) break;
    char c = ch;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "request";
  return slug;
}

std::string make_slug(const Request& request) {
  if (request.slug_suffix.empty()) return make_slug(request.slug_text);
  std::string text(request.slug_text);
  text += '-';
  text += request.slug_suffix;
  return make_slug(text);
}

bool TargetFilter::accepts(const model::TargetInstance& target) const {
  if (names.empty()) return true;
  std::string_view kind = model::target_kind_name(target.kind);
  for (const std::string& n : names) {
    if (n == kind) return true;
    if (n.size() == kind.size() + 1 + target.name.size() && n.compare(0, kind.size(), kind) == 0 &&
        n[kind.size()] == '.' && n.compare(kind.size() + 1, std::string::npos, target.name) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace iamc::backend
