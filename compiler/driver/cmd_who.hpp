// `iamc who` and `iamc what`: plain options and the commands themselves, free of CLI11.
#pragma once

#include <string>
#include <vector>

namespace iamc::driver {

struct WhoOptions {
  std::vector<std::string> paths;
  std::string on;                    ///< --on SCOPE
  std::vector<std::string> targets;  ///< --target KIND or KIND.NAME, repeatable
  std::string role;                  ///< --role R: R or stronger
  std::string format = "text";       ///< text | json
  std::string color = "auto";
  int jobs = 1;
};

struct WhatOptions {
  std::vector<std::string> paths;
  std::string subject;  ///< --subject NAME | KIND:ID
  std::vector<std::string> targets;
  std::string format = "text";
  std::string color = "auto";
  int jobs = 1;
};

/// Both return the exit code: 0 answered, 1 the sources have errors, 2 a bad --on/--subject.
int run_who(const WhoOptions& options);
int run_what(const WhatOptions& options);

}  // namespace iamc::driver
