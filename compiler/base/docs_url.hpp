// Links into iamc's documentation (docs/ in the repository), under the base URL chosen at build
// time (generated base/docs_base.hpp): SARIF, JSON diagnostics, the LSP and --help all use these.
#pragma once

#include <string>
#include <string_view>

namespace iamc {

/// The URL of a page given by its path under docs/, e.g. docs_url("cli.md").
std::string docs_url(std::string_view page);

}  // namespace iamc
