// The YAML front end (see yaml_reader.hpp).
#include "frontend/yaml_reader.hpp"

namespace iamc::frontend {

ast::File parse_yaml(const SourceFile& source, DiagnosticSink& sink) {
  ast::File file;
  file.file = source.id();
  file.form = ast::SourceForm::Yaml;
  sink.report(DiagCode::YamlSyntax, Span{source.id(), 0, 0}, "YAML sources are not read yet");
  return file;
}

}  // namespace iamc::frontend
