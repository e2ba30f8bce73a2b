// See docs_url.hpp.
#include "base/docs_url.hpp"

#include "base/docs_base.hpp"

namespace iamc {

std::string docs_url(std::string_view page) { return std::string(kDocsBaseUrl) + std::string(page); }

}  // namespace iamc
