// The build-time reader of the target catalogues (stdlib/*.yaml), used by iamc_catalog_gen only.
#pragma once

#include <stdexcept>
#include <string_view>

#include "catalog/catalog.hpp"

namespace iamc::catalog {

/// A catalogue that is not what iamc expects: "stdlib/<target>.yaml: <what>".
struct CatalogDefect : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads one catalogue; throws CatalogDefect for unknown keys' values, missing keys, unknown tags,
/// formats or kinds, and entries listed twice.
TargetCatalog parse_catalog_yaml(model::TargetKind kind, std::string_view text);

}  // namespace iamc::catalog
