// The one list of targets iamc compiles for (feeds `--target` and the order of the output).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"

namespace iamc::backend {

std::unique_ptr<Backend> make_k0rdent_backend();
std::unique_ptr<Backend> make_connhex_backend();
std::unique_ptr<Backend> make_redpanda_backend();
std::unique_ptr<Backend> make_astra_backend();
std::unique_ptr<Backend> make_frontier_backend();

/// Every backend, in the fixed order requests are written: k0rdent, connhex, redpanda, astra, frontier.
const std::vector<std::unique_ptr<Backend>>& backends();

/// The backend for a target kind, or null.
const Backend* find_backend(std::string_view name);

/// The names of all backends, in registry order.
std::vector<std::string_view> backend_names();

/// Every request of every accepted target: backends in registry order, each in model order.
/// Every request, in registry order then model order, handed to `sink` as it is made.
void for_each_request(const model::Model& model, const TargetFilter& filter, const RequestSink& sink);
/// The same, collected (tests, and output modes that need every request at once).
std::vector<Request> emit_all(const model::Model& model, const TargetFilter& filter);

}  // namespace iamc::backend
