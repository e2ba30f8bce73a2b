// The backend interface: a backend turns the checked model into the HTTP requests one target API
// takes. It never prints or writes files; the driver decides where the requests go.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/json_writer.hpp"
#include "base/span.hpp"
#include "model/model.hpp"

namespace iamc::backend {

/// One API call: everything needed to send it, and where in the sources it comes from. A
/// backend fills one Request and hands it to the sink once per call, reusing its buffers, so a
/// sink that keeps requests must copy them.
struct Request {
  std::string_view target;        ///< the target kind: "astra", ...
  std::string_view instance;      ///< the target instance's name: "prod", ...
  std::string_view method;        ///< "POST"
  std::string path;               ///< the path below the API's base URL
  std::string_view content_type;  ///< the Content-Type header
  std::string_view accept;        ///< the Accept header; empty: none (the vendor's client sends none)
  std::string body;               ///< compact JSON (JsonWriter); see reindent() for the files
  Span source;                    ///< the grant or policy it comes from
  /// What the output file's name is made from (make_slug), in the files mode only: the grant's
  /// id, or its role and principal id joined by '-'.
  std::string_view slug_text;
  std::string_view slug_suffix;
};

inline constexpr std::size_t kMaxSlug = 48;

/// Lower-case [a-z0-9-] from arbitrary text: other bytes become '-', runs of '-' collapse, and
/// the result is trimmed to kMaxSlug bytes; "request" when nothing is left.
std::string make_slug(std::string_view text);
/// The request's slug: make_slug of its slug_text, joined to its slug_suffix by '-' when given.
std::string make_slug(const Request& request);

/// Which target instances to emit: by kind ("astra") or by kind and name ("astra.prod").
/// An empty filter accepts everything.
struct TargetFilter {
  std::vector<std::string> names;
  [[nodiscard]] bool accepts(const model::TargetInstance& target) const;
};

/// A contiguous range of the model's bindings (for Connhex: of its policies), so that emission
/// can be split across threads and the parts written in order. The default is everything.
struct ModelSlice {
  std::size_t begin = 0;
  std::size_t end = std::numeric_limits<std::size_t>::max();
};

/// Receives requests one at a time, so the driver can write each as it is made instead of
/// holding a million requests in memory. The request is valid only during the call.
using RequestSink = std::function<void(const Request&)>;

class Backend {
 public:
  virtual ~Backend() = default;
  /// The target kind this backend serves, as spelt in sources and on the command line.
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// The requests for every accepted instance of this backend's kind, in model order, from the
  /// bindings (or policies) in `slice`. Assumes a checked model; anything the target cannot
  /// express is skipped (the checker reports it). Safe to call from several threads at once.
  virtual void emit(const model::Model& model, const TargetFilter& filter, ModelSlice slice,
                    const RequestSink& sink) const = 0;
};

}  // namespace iamc::backend
