// The resolver: AST files -> model. Looks up targets and `let` names across the project, expands
// lists, gives every principal and scope its kind, and reports N-codes. It knows the language,
// not the targets: what a target accepts is the checker's business.
#pragma once

#include <memory>

#include "diagnostics/sink.hpp"
#include "frontend/project.hpp"
#include "model/model.hpp"

namespace iamc::model {

Model resolve(const frontend::Project& project, DiagnosticSink& sink);

class Resolver;

/// resolve(), file by file while the loader is still adding files (frontend::LoadOptions::
/// file_added), releasing each file's target blocks (its grants and policies) as soon as they
/// are resolved. A file is resolved once every name it uses is bound, which in a typical project
/// is as soon as it is loaded, so the syntax trees of only a few files exist at once: at a million
/// grants the trees alone took about 550 MB when every file was parsed before any was resolved.
/// The model is exactly resolve()'s. Targets, lets and comments stay: the model and lint point
/// into them.
class IncrementalResolver {
 public:
  IncrementalResolver(frontend::Project& project, DiagnosticSink& sink);
  IncrementalResolver(const IncrementalResolver&) = delete;
  IncrementalResolver& operator=(const IncrementalResolver&) = delete;
  ~IncrementalResolver();

  /// project.files[0, count) are in place (files are added in order).
  void files_added(std::size_t count);
  /// Resolves what still waits, now that every name is final, and returns the model.
  Model finish();
  /// The grants and policies of the files added so far, counted before their blocks are released.
  [[nodiscard]] std::size_t grants() const;

 private:
  std::unique_ptr<Resolver> resolver_;
};

}  // namespace iamc::model
