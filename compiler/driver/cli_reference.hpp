// The command line as data, read off the parser's own option tables (cli.cpp), and the documents
// made from it: the man page and the bash and zsh completions. Generating them from the tables
// that --help prints means they cannot drift from the options the parser accepts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iamc::driver {

/// What completing an option's value (or a positional argument) should offer.
enum class ValueKind { None, Number, Choice, File, Directory, Text };

struct OptionReference {
  std::vector<std::string> names;  ///< "-j", "--jobs" (empty for a positional argument)
  std::string positional;          ///< "paths" for a positional argument
  std::string value_name;          ///< "N", "FILE", "DIR", "TEXT"; empty for a flag
  ValueKind value = ValueKind::None;
  std::vector<std::string> choices;  ///< for ValueKind::Choice
  std::string description;
  bool required = false;
  bool repeatable = false;  ///< may be given more than once (or takes many positional values)
};

struct CommandReference {
  std::string name;
  std::string description;
  std::vector<OptionReference> options;  ///< in --help's order, positional arguments included
};

struct CliReference {
  std::string description;
  std::string footer;
  std::vector<OptionReference> options;  ///< top-level options (--help, --version, ...)
  std::vector<CommandReference> commands;
};

/// The man page, iamc(1), in roff (man macros).
std::string render_man_page(const CliReference& cli, std::string_view version);
/// A bash completion script (for bash-completion's completions folder, or `source`).
std::string render_bash_completion(const CliReference& cli);
/// A zsh completion function file, `_iamc` (for a folder on $fpath).
std::string render_zsh_completion(const CliReference& cli);

/// `iamc --generate man|bash|zsh [FILE]`: writes the document to FILE (durably) or standard
/// output; the exit code.
int run_generate(const CliReference& cli, std::string_view kind, std::string_view file, std::string_view version);

}  // namespace iamc::driver
