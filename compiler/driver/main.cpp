// iamc's entry point: everything happens in run_cli (cli.cpp) and the cmd_<verb>.cpp it calls.
#include "driver/cli.hpp"

int main(int argc, char** argv) { return iamc::driver::run_cli(argc, argv); }
