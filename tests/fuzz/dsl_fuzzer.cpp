// libFuzzer target for the DSL front end (*.iam): see fuzz_common.hpp.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iamc::fuzz::run_one(data, size, "fuzz.iam");
  return 0;
}
