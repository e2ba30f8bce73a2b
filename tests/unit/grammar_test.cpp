// The grammar has no rule that can loop without consuming input (PEGTL analyze()).
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "iamc/grammar.hpp"

TEST_CASE("grammar analyze finds no problems") {
  CHECK(tao::pegtl::analyze<iamc::grammar::file>(1) == 0);
}
