// libFuzzer target for the YAML front end (*.iam.yaml): see fuzz_common.hpp.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  iamc::fuzz::run_one(data, size, "fuzz.iam.yaml");
  return 0;
}
