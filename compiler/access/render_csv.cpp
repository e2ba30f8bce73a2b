// CSV for spreadsheets (RFC 4180): one row per piece of access (see render.hpp).
#include <fmt/format.h>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {

std::string render_report_csv(const ReportInput& input) {
  const AccessModel& model = *input.model;
  std::string out = "target,subject,subject_kind,principal,role,effect,scope,privileged,grant_id,description,source\r\n";
  for (const Access& a : model.entries()) {
    std::string sources;
    for (const Location& l : model.causes(a)) {
      if (!sources.empty()) sources += ' ';
      sources += fmt::format("{}:{}:{}", l.file, l.line, l.column);
    }
    const std::string fields[] = {model.target_name(a.target), model.subject_name(*a.principal),
                                  std::string(subject_kind_name(model.subject_kind(*a.principal))),
                                  lint::describe(*a.principal), std::string(a.role), a.deny ? "deny" : "allow",
                                  model.scope_text(a), privilege_reasons(a.privilege), std::string(model.grant_id(a)),
                                  std::string(model.description(a)), sources};
    std::string row;
    for (const std::string& f : fields) {
      if (!row.empty()) row += ',';
      row += csv_field(f);
    }
    out += row + "\r\n";
  }
  return out;
}

}  // namespace iamc::access
