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
/// file_added). A file is resolved once every name it uses is bound, which in a typical project
/// is as soon as it is loaded, and the model keeps no pointer into target blocks, so the loader
/// can free each file's grants and policies at once: the syntax trees of only a few files exist
/// at a time (at a million grants, the trees of every file took about 300 MB). The model is
/// exactly resolve()'s. Targets, lets and comments must stay: the model and lint point into them.
class IncrementalResolver {
 public:
  IncrementalResolver(const frontend::Project& project, DiagnosticSink& sink);
  IncrementalResolver(const IncrementalResolver&) = delete;
  IncrementalResolver& operator=(const IncrementalResolver&) = delete;
  ~IncrementalResolver();

  /// project.files[0, count) are in place (files are added in order). Returns how many leading
  /// files are resolved: their target blocks are not needed any more.
  std::size_t files_added(std::size_t count);
  /// Resolves what still waits, now that every name is final, and returns the model.
  Model finish();
  /// The grants and policies of the files added so far, counted before their blocks are released.
  [[nodiscard]] std::size_t grants() const;

 private:
  std::unique_ptr<Resolver> resolver_;
};

}  // namespace iamc::model
