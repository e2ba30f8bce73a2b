// The backend interface: a backend turns the checked model into the HTTP requests one target API
// takes. It never prints or writes files; the driver decides where the requests go.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/json_writer.hpp"
#include "base/span.hpp"
#include "model/model.hpp"

namespace iamc::backend {

/// One API call: everything needed to send it, and where in the sources it comes from.
struct Request {
  std::string_view target;    ///< the target kind: "astra", ...
  std::string_view instance;  ///< the target instance's name: "prod", ...
  std::string_view method;    ///< "POST"
  std::string path;           ///< the path below the API's base URL
  std::vector<std::pair<std::string_view, std::string_view>> headers;  ///< in the order to send them
  JsonValue body;
  Span source;       ///< the grant or policy it comes from
  std::string slug;  ///< [a-z0-9-], at most kMaxSlug bytes, never empty: the output file's name part
};

inline constexpr std::size_t kMaxSlug = 48;

/// Lower-case [a-z0-9-] from arbitrary text: other bytes become '-', runs of '-' collapse, and
/// the result is trimmed to kMaxSlug bytes; "request" when nothing is left.
std::string make_slug(std::string_view text);

/// Which target instances to emit: by kind ("astra") or by kind and name ("astra.prod").
/// An empty filter accepts everything.
struct TargetFilter {
  std::vector<std::string> names;
  [[nodiscard]] bool accepts(const model::TargetInstance& target) const;
};

/// Receives requests one at a time, so the driver can write each as it is made instead of
/// holding a million request trees in memory.
using RequestSink = std::function<void(Request&&)>;

class Backend {
 public:
  virtual ~Backend() = default;
  /// The target kind this backend serves, as spelt in sources and on the command line.
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// The requests for every accepted instance of this backend's kind, in model order. Assumes a
  /// checked model; anything the target cannot express is skipped (the checker reports it).
  virtual void emit(const model::Model& model, const TargetFilter& filter, const RequestSink& sink) const = 0;
};

}  // namespace iamc::backend
