// The auditor's report: one self-contained HTML file (no external script, style, font or request;
// a Content-Security-Policy forbids them), readable from file://. Per target instance who has
// what, privileged access highlighted, every grant's description and source; the suppressed lint
// findings with their reasons; a subjects x scopes matrix per instance. Sorting and search are a
// few lines of plain JavaScript. Every piece of user text goes through html_text.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "access/escape.hpp"
#include "access/render.hpp"

namespace iamc::access {
namespace {

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0 2rem 3rem;color:#1d2330;background:#fff}
h1{font-size:1.5rem;margin:1.2rem 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d7dbe3}
.sub{color:#5b6475}.cards{display:flex;gap:1rem;margin:1rem 0}.card{border:1px solid #d7dbe3;border-radius:6px;padding:.5rem 1rem}
.card b{display:block;font-size:1.4rem}.card.priv b{color:#b3261e}
#search{width:28rem;max-width:100%;padding:.4rem .6rem;font:inherit;border:1px solid #9aa3b5;border-radius:4px}
table{border-collapse:collapse;margin:.4rem 0 1rem;width:100%}th,td{border:1px solid #d7dbe3;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f6;cursor:pointer;user-select:none;white-space:nowrap}th[data-dir=asc]::after{content:" \25B2"}th[data-dir=desc]::after{content:" \25BC"}
tr.priv td{background:#fdecea}.tag{display:inline-block;border-radius:3px;padding:0 .3rem;font-size:12px;background:#b3261e;color:#fff;margin:1px}
code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}.loc{white-space:nowrap;font:12px ui-monospace,monospace;color:#5b6475}
.matrix td{text-align:center}.matrix td.priv{background:#fdecea;font-weight:600}.none{color:#5b6475}
)";

// Sort on a header click; filter every data row on the search box (or #search=TEXT in the URL);
// mark the page ready last, so a test can tell the script ran to the end. No library, no network.
constexpr std::string_view kScript = R"(
document.querySelectorAll("table.data th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
    var dir = th.dataset.dir === "asc" ? "desc" : "asc";
    table.querySelectorAll("th").forEach(function (h) { delete h.dataset.dir; });
    th.dataset.dir = dir;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent, y = b.cells[index].textContent;
      return (dir === "asc" ? 1 : -1) * x.localeCompare(y, undefined, {numeric: true});
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
function search(text) {
  var q = text.toLowerCase(), shown = 0;
  document.querySelectorAll("table.data tbody tr").forEach(function (r) {
    var hit = r.textContent.toLowerCase().indexOf(q) !== -1;
    r.hidden = !hit;
    if (hit) shown++;
  });
  document.getElementById("shown").textContent = q ? shown + " rows match" : "";
}
var box = document.getElementById("search");
box.addEventListener("input", function () { search(box.value); });
// report.html#search=admin opens the report filtered: a link an auditor can share.
var m = /^#search=(.*)$/.exec(location.hash);
if (m) { box.value = decodeURIComponent(m[1]); search(box.value); }
document.documentElement.dataset.ready = "1";
)";

std::string loc(const Location& l) { return html_text(fmt::format("{}:{}:{}", l.file, l.line, l.column)); }

std::string tags(unsigned privilege) {
  std::string out;
  if (privilege & kAdminRole) out += "<span class=tag>admin-class role</span>";
  if (privilege & kWildcardSubject) out += "<span class=tag>wildcard principal</span>";
  if (privilege & kWidestScope) out += "<span class=tag>org-wide scope</span>";
  return out;
}

}  // namespace

std::string render_report_html(const ReportInput& input) {
  const AccessModel& model = *input.model;
  const model::Model& m = model.model();
  std::vector<std::vector<const Access*>> per_target(m.targets.size());
  std::set<std::string> subjects;
  std::size_t privileged = 0;
  for (const Access& a : model.entries()) {
    per_target[a.target].push_back(&a);
    subjects.insert(principal_key_text(*a.principal));
    privileged += a.privilege != 0 ? 1 : 0;
  }
  std::string out;
  out += "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=viewport content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>iamc access report: {}</title>\n<style>{}</style>\n</head>\n<body>\n", html_text(input.title), kStyle);
  out += fmt::format("<h1>Access report</h1>\n<p class=sub>Sources: <code>{}</code>. Generated by iamc from the sources "
                     "alone: what the policy grants, not what the live systems hold.</p>\n",
                     html_text(input.title));
  out += "<div class=cards>";
  out += fmt::format("<div class=card><b id=n-targets>{}</b>target instances</div>", m.targets.size());
  out += fmt::format("<div class=card><b id=n-subjects>{}</b>subjects</div>", subjects.size());
  out += fmt::format("<div class=card><b id=n-access>{}</b>grants of access</div>", model.entries().size());
  out += fmt::format("<div class=\"card priv\"><b id=n-privileged>{}</b>privileged</div>", privileged);
  out += fmt::format("<div class=card><b id=n-suppressed>{}</b>suppressed findings</div>", input.suppressed.size());
  out += "</div>\n";
  out += "<p><input id=search type=search placeholder=\"Search subjects, roles, scopes, descriptions...\" "
         "aria-label=Search> <span id=shown class=sub></span></p>\n";
  out += "<nav>Contents:";
  for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
    out += fmt::format(" <a href=\"#target-{}\">{}</a> ·", t, html_text(model.target_name(t)));
  }
  out += " <a href=\"#matrix\">matrix</a> · <a href=\"#suppressed\">suppressed findings</a></nav>\n";

  for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
    out += fmt::format("<h2 id=\"target-{}\">{}</h2>\n", t, html_text(model.target_name(t)));
    if (per_target[t].empty()) {
      out += "<p class=none>No access granted.</p>\n";
      continue;
    }
    out += "<table class=data><thead><tr><th>Subject</th><th>Principal</th><th>Role</th><th>Scope</th>"
           "<th>Privileged</th><th>Grant</th><th>Description</th><th>Source</th></tr></thead><tbody>\n";
    for (const Access* a : per_target[t]) {
      std::string sources;
      for (const Location& l : model.causes(*a)) sources += (sources.empty() ? "" : "<br>") + loc(l);
      out += fmt::format("<tr{}><td>{}</td><td><code>{}</code></td><td>{}{}</td><td><code>{}</code></td><td>{}</td>"
                         "<td><code>{}</code></td><td>{}</td><td class=loc>{}</td></tr>\n",
                         a->privilege != 0 ? " class=priv" : "", html_text(model.subject_name(*a->principal)),
                         html_text(lint::describe(*a->principal)), a->deny ? "deny " : "", html_text(a->role),
                         html_text(model.scope_text(*a)), tags(a->privilege), html_text(model.grant_id(*a)),
                         html_text(model.description(*a)), sources);
    }
    out += "</tbody></table>\n";
  }

  out += "<h2 id=matrix>Subjects &times; scopes</h2>\n";
  for (std::uint32_t t = 0; t < m.targets.size(); ++t) {
    if (per_target[t].empty()) continue;
    std::vector<std::string> scopes;
    std::map<std::string, std::map<std::string, std::pair<std::set<std::string>, bool>>> cells;
    for (const Access* a : per_target[t]) {
      std::string scope = model.scope_text(*a);
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
      auto& cell = cells[model.subject_name(*a->principal)][scope];
      cell.first.insert((a->deny ? "deny " : "") + std::string(a->role));
      cell.second = cell.second || a->privilege != 0;
    }
    std::sort(scopes.begin(), scopes.end());
    out += fmt::format("<h3>{}</h3>\n<table class=\"data matrix\"><thead><tr><th>Subject</th>", html_text(model.target_name(t)));
    for (const std::string& s : scopes) out += fmt::format("<th><code>{}</code></th>", html_text(s));
    out += "</tr></thead><tbody>\n";
    for (const auto& [subject, row] : cells) {
      out += fmt::format("<tr><td>{}</td>", html_text(subject));
      for (const std::string& s : scopes) {
        auto it = row.find(s);
        if (it == row.end()) {
          out += "<td></td>";
          continue;
        }
        std::string roles;
        for (const std::string& r : it->second.first) roles += (roles.empty() ? "" : ", ") + html_text(r);
        out += fmt::format("<td{}>{}</td>", it->second.second ? " class=priv" : "", roles);
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }

  out += "<h2 id=suppressed>Suppressed lint findings</h2>\n";
  if (input.suppressed.empty()) {
    out += "<p class=none>No finding is suppressed.</p>\n";
  } else {
    out += "<table class=data><thead><tr><th>Code</th><th>Finding</th><th>Reason given</th><th>Source</th></tr></thead><tbody>\n";
    for (const SuppressedDiagnostic& s : input.suppressed) {
      const DiagInfo& info = diag_info(s.diagnostic.code);
      out += fmt::format("<tr><td><code>{} {}</code></td><td>{}</td><td>{}</td><td class=loc>{}</td></tr>\n", info.code,
                         info.slug, html_text(s.diagnostic.message), s.reason.empty() ? "<i>none given</i>" : html_text(s.reason),
                         loc(model.location(s.diagnostic.span)));
    }
    out += "</tbody></table>\n";
  }
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return out;
}

}  // namespace iamc::access
