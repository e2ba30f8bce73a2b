# A project on disk opened file by file: the server loads the whole project of each open file.
# Diagnostics for files that are not open (people.iam), none of the false N002/L009 of a
# single-file view; hover, definition, references, rename and completion across files; an
# identity and a principal's effective access; an edit that breaks and then fixes a file.
--> {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
--> {"jsonrpc": "2.0", "method": "initialized", "params": {}}
# Only grants.iam is open: the unused let in people.iam is reported on people.iam, nothing on grants.iam.
--> {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam", "languageId": "iamc", "version": 1, "text": "in astra.prod {\n  grant viewer to sre on namespace(id: \"89a3965f-b52c-5397-9236-e214dca5a241\")\n  grant member to user(\"4c27d25a-9edb-4e85-9438-48dc8e917231\") on namespace(id: \"89a3965f-b52c-5397-9236-e214dca5a241\")\n}\n"}}}
# A let from another file: hover and definition.
--> {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}}}
--> {"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}}}
# `in astra.prod`: the target declared in targets.iam.
--> {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 0, "character": 10}}}
--> {"jsonrpc": "2.0", "id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 0, "character": 10}}}
# References and rename of the let across both files.
--> {"jsonrpc": "2.0", "id": 6, "method": "textDocument/references", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}, "context": {"includeDeclaration": true}}}
--> {"jsonrpc": "2.0", "id": 7, "method": "textDocument/prepareRename", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}}}
--> {"jsonrpc": "2.0", "id": 8, "method": "textDocument/rename", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}, "newName": "oncall"}}
# Renames that would break the project are refused: a keyword, a name already taken.
--> {"jsonrpc": "2.0", "id": 9, "method": "textDocument/rename", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}, "newName": "in"}}
--> {"jsonrpc": "2.0", "id": 10, "method": "textDocument/rename", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 19}, "newName": "unused_team"}}
# References of the target instance.
--> {"jsonrpc": "2.0", "id": 11, "method": "textDocument/references", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 0, "character": 5}, "context": {"includeDeclaration": true}}}
# A principal claimed by an identity: who it is and what it may do.
--> {"jsonrpc": "2.0", "id": 12, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 2, "character": 20}}}
# Completion after `to` offers the lets of every file.
--> {"jsonrpc": "2.0", "id": 13, "method": "textDocument/completion", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam"}, "position": {"line": 1, "character": 18}}}
# A misspelt let: one N002 on grants.iam, and no L009 for the real `sre` in people.iam.
--> {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam", "version": 2}, "contentChanges": [{"range": {"start": {"line": 1, "character": 18}, "end": {"line": 1, "character": 21}}, "text": "sre2"}]}}
# Fixed: the error is cleared.
--> {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "${ROOT}/project/grants.iam", "version": 3}, "contentChanges": [{"range": {"start": {"line": 1, "character": 18}, "end": {"line": 1, "character": 22}}, "text": "sre"}]}}
# people.iam opened with the unused let deleted (not saved): the unsaved text wins, its warning is cleared.
--> {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${ROOT}/project/people.iam", "languageId": "iamc", "version": 1, "text": "let sre = group(\"8b5b54da-ae53-497a-963d-1fc89990525b\")\nidentity ada {\n  email = \"ada@example.com\"\n  principals = [user(\"4c27d25a-9edb-4e85-9438-48dc8e917231\")]\n}\n"}}}
# The identity's name: its principals and effective access.
--> {"jsonrpc": "2.0", "id": 14, "method": "textDocument/hover", "params": {"textDocument": {"uri": "${ROOT}/project/people.iam"}, "position": {"line": 1, "character": 10}}}
--> {"jsonrpc": "2.0", "id": 15, "method": "shutdown", "params": null}
--> {"jsonrpc": "2.0", "method": "exit", "params": null}

<-- {"id": 1, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/project/grants.iam", "version": 1}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L009", "codeDescription": {"href": "${DOCS}rules/unused-definition.md"}, "message": "'unused_team' is defined but never used\nnote: remove it, or use it in a grant", "range": {"end": {"character": 15, "line": 1}, "start": {"character": 4, "line": 1}}, "severity": 2, "source": "iamc"}], "uri": "${ROOT}/project/people.iam"}}
<-- {"id": 2, "jsonrpc": "2.0", "result": {"contents": {"kind": "markdown", "value": "```iamc\nlet sre = group(\"8b5b54da-ae53-497a-963d-1fc89990525b\")\n```"}, "range": {"end": {"character": 21, "line": 1}, "start": {"character": 18, "line": 1}}}}
<-- {"id": 3, "jsonrpc": "2.0", "result": {"range": {"end": {"character": 7, "line": 0}, "start": {"character": 4, "line": 0}}, "uri": "${ROOT}/project/people.iam"}}
<-- {"id": 4, "jsonrpc": "2.0", "result": {"contents": {"kind": "markdown", "value": "```iamc\ntarget astra prod { account = \"9fd87309-067f-48c9-a331-527796c14cf3\" }\n```"}, "range": {"end": {"character": 13, "line": 0}, "start": {"character": 3, "line": 0}}}}
<-- {"id": 5, "jsonrpc": "2.0", "result": {"range": {"end": {"character": 17, "line": 0}, "start": {"character": 13, "line": 0}}, "uri": "${ROOT}/project/targets.iam"}}
<-- {"id": 6, "jsonrpc": "2.0", "result": [{"range": {"end": {"character": 21, "line": 1}, "start": {"character": 18, "line": 1}}, "uri": "${ROOT}/project/grants.iam"}, {"range": {"end": {"character": 7, "line": 0}, "start": {"character": 4, "line": 0}}, "uri": "${ROOT}/project/people.iam"}]}
<-- {"id": 7, "jsonrpc": "2.0", "result": {"placeholder": "sre", "range": {"end": {"character": 21, "line": 1}, "start": {"character": 18, "line": 1}}}}
<-- {"id": 8, "jsonrpc": "2.0", "result": {"changes": {"${ROOT}/project/grants.iam": [{"newText": "oncall", "range": {"end": {"character": 21, "line": 1}, "start": {"character": 18, "line": 1}}}], "${ROOT}/project/people.iam": [{"newText": "oncall", "range": {"end": {"character": 7, "line": 0}, "start": {"character": 4, "line": 0}}}]}}}
<-- {"error": {"code": -32803, "message": "'in' is not a name: use letters, digits, '_' and '-', starting with a letter or '_', and no keyword"}, "id": 9, "jsonrpc": "2.0"}
<-- {"error": {"code": -32803, "message": "'unused_team' is already used in this project; choose another name"}, "id": 10, "jsonrpc": "2.0"}
<-- {"id": 11, "jsonrpc": "2.0", "result": [{"range": {"end": {"character": 13, "line": 0}, "start": {"character": 9, "line": 0}}, "uri": "${ROOT}/project/grants.iam"}, {"range": {"end": {"character": 17, "line": 0}, "start": {"character": 13, "line": 0}}, "uri": "${ROOT}/project/targets.iam"}]}
<-- {"id": 12, "jsonrpc": "2.0", "result": {"contents": {"kind": "markdown", "value": "`user(\"4c27d25a-9edb-4e85-9438-48dc8e917231\")` — identity **ada**\n\n**Effective access** (1):\n- `astra.prod` **member** on namespace(id: \"89a3965f-b52c-5397-9236-e214dca5a241\") (project/grants.iam:3)"}, "range": {"end": {"character": 62, "line": 2}, "start": {"character": 18, "line": 2}}}}
<-- {"id": 13, "jsonrpc": "2.0", "result": {"isIncomplete": false, "items": [{"detail": "a user: `user(\"id\")`, or `user(\"name\", idp: ldap)` on Connhex", "kind": 3, "label": "user"}, {"detail": "a group: `group(\"id\")`", "kind": 3, "label": "group"}, {"detail": "a service account: `service_account(\"id\")`", "kind": 3, "label": "service_account"}, {"detail": "a Connhex team: `team(\"name\", idp: local)` becomes `team:<idp>:<name>`", "kind": 3, "label": "team"}, {"detail": "a Connhex API token: `token(\"id\")`", "kind": 3, "label": "token"}, {"detail": "every principal (Connhex member `*`)", "kind": 20, "label": "everyone"}, {"detail": "let", "kind": 6, "label": "sre"}, {"detail": "let", "kind": 6, "label": "unused_team"}]}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "N002", "codeDescription": {"href": "${DOCS}diagnostics/N002.md"}, "data": {"fixes": [{"newText": "sre", "range": {"end": {"character": 22, "line": 1}, "start": {"character": 18, "line": 1}}}]}, "message": "'sre2' is not defined\nnote: did you mean 'sre'?", "range": {"end": {"character": 22, "line": 1}, "start": {"character": 18, "line": 1}}, "severity": 1, "source": "iamc"}], "uri": "${ROOT}/project/grants.iam", "version": 2}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L009", "codeDescription": {"href": "${DOCS}rules/unused-definition.md"}, "message": "'unused_team' is defined but never used\nnote: remove it, or use it in a grant", "range": {"end": {"character": 15, "line": 1}, "start": {"character": 4, "line": 1}}, "severity": 2, "source": "iamc"}], "uri": "${ROOT}/project/people.iam"}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/project/grants.iam", "version": 3}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L009", "codeDescription": {"href": "${DOCS}rules/unused-definition.md"}, "message": "'unused_team' is defined but never used\nnote: remove it, or use it in a grant", "range": {"end": {"character": 15, "line": 1}, "start": {"character": 4, "line": 1}}, "severity": 2, "source": "iamc"}], "uri": "${ROOT}/project/people.iam"}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/project/grants.iam", "version": 3}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/project/people.iam", "version": 1}}
<-- {"id": 14, "jsonrpc": "2.0", "result": {"contents": {"kind": "markdown", "value": "**ada** — identity\n\nada@example.com\n\nResolves to 1 principal:\n- `user(\"4c27d25a-9edb-4e85-9438-48dc8e917231\")`\n\n**Effective access** (1):\n- `astra.prod` **member** on namespace(id: \"89a3965f-b52c-5397-9236-e214dca5a241\") (project/grants.iam:3)"}, "range": {"end": {"character": 12, "line": 1}, "start": {"character": 9, "line": 1}}}}
<-- {"id": 15, "jsonrpc": "2.0", "result": null}
=== exit 0
