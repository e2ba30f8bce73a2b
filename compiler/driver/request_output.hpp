// What `compile` and `plan` share to write requests: a request's source location and the curl
// script (--emit curl). The NDJSON line itself is backend::append_request_line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/source.hpp"

namespace iamc::driver {

/// Where a request comes from, "file:line", into `out` (emptied first); empty when unknown.
void source_location(Span source, const SourceManager& sources, std::string& out);
std::string source_location(Span source, const SourceManager& sources);

/// One call of a curl script. An empty body sends none (a DELETE), and an empty content type no
/// Content-Type header.
struct ScriptCall {
  std::string_view target;
  std::string_view instance;
  std::string_view method;
  std::string_view path;
  std::string_view content_type;
  std::string_view accept;  ///< an Accept header when the API wants one (Astra)
  std::string_view body;
  std::string origin;  ///< shown in the call's comment: "main.iam:3", or "delete id 42"
  std::string_view base_url = {};  ///< the instance's base_url setting: the URL variable's default
};

/// A POSIX shell script of curl calls, in order; `generator` is named in its header ("iamc compile").
std::string curl_script(std::string_view generator, const std::vector<ScriptCall>& calls);

}  // namespace iamc::driver
