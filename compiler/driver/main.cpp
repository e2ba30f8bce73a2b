// iamc's entry point: everything happens in run_cli (cli.cpp) and the cmd_<verb>.cpp it calls.
//
// (iamc once restarted itself with glibc's huge-page tunable for large runs; it helped some runs
// at 100,000 grants and cost 60 % at a million on the same machine, so it was withdrawn:
// docs/performance.md, "Huge pages".)
#include "driver/cli.hpp"

int main(int argc, char** argv) { return iamc::driver::run_cli(argc, argv); }
