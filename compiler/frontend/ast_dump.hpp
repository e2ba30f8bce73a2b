// A stable text dump of an ast::File, for tests: compare what the DSL and YAML front ends build,
// or pin an AST in a golden file.
#pragma once

#include <string>

#include "frontend/ast.hpp"

namespace iamc::frontend {

struct AstDumpOptions {
  bool spans = true;     ///< append `@begin-end` byte spans to every node
  bool form = true;      ///< start with the source form (dsl or yaml)
  bool comments = true;  ///< list comments (their spans, or just a count without spans)
};

/// One line per declaration, grant, policy and statement; values on one line in DSL-like syntax
/// (`user("id")`, `[a, b]`, `{k = "v"}`), strings JSON-escaped. The format is stable: change it
/// only together with the tests that pin it.
std::string dump_ast(const ast::File& file, const AstDumpOptions& options = {});

}  // namespace iamc::frontend
