// The comments of a YAML source, which libyaml drops (for iamc-ignore and the formatter).
#pragma once

#include <string_view>
#include <vector>

#include "base/source.hpp"

namespace iamc::frontend {

/// The span of every `#` comment in a YAML text, in order. One linear pass; see yaml_comments.cpp
/// for how it tells a comment from a '#' inside a scalar.
std::vector<Span> scan_yaml_comments(std::string_view text, FileId file);

}  // namespace iamc::frontend
