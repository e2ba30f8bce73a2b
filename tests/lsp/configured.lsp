# A configured project: `sources:` names main.iam (which includes lib/targets.iam); the
# configuration's own mistake is reported on .iamc.yaml itself; a file the project does not hold
# (scratch.iam, not among the sources) is checked alone and does not join the project.
--> {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
--> {"jsonrpc": "2.0", "method": "initialized", "params": {}}
--> {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${ROOT}/configured/main.iam", "languageId": "iamc", "version": 1, "text": "include \"lib/targets.iam\"\nin astra.prod {\n  grant viewer to group(\"8b5b54da-ae53-497a-963d-1fc89990525b\") on namespace(id: \"89a3965f-b52c-5397-9236-e214dca5a241\")\n}\n"}}}
# The target comes from the included lib/targets.iam.
--> {"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {"textDocument": {"uri": "${ROOT}/configured/main.iam"}, "position": {"line": 1, "character": 10}}}
# scratch.iam is not among the sources: checked alone (its unused let is its own business).
--> {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "${ROOT}/configured/scratch.iam", "languageId": "iamc", "version": 1, "text": "let draft = group(\"8b5b54da-ae53-497a-963d-1fc89990525b\")\n"}}}
--> {"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null}
--> {"jsonrpc": "2.0", "method": "exit", "params": null}

<-- {"id": 1, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L910", "codeDescription": {"href": "${DOCS}diagnostics/L910.md"}, "message": "unknown lint rule 'unused-definitoin'\nnote: did you mean 'unused-definition'?", "range": {"end": {"character": 19, "line": 3}, "start": {"character": 2, "line": 3}}, "severity": 1, "source": "iamc"}], "uri": "${ROOT}/configured/.iamc.yaml"}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/configured/main.iam", "version": 1}}
<-- {"id": 2, "jsonrpc": "2.0", "result": {"range": {"end": {"character": 17, "line": 0}, "start": {"character": 13, "line": 0}}, "uri": "${ROOT}/configured/lib/targets.iam"}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L910", "codeDescription": {"href": "${DOCS}diagnostics/L910.md"}, "message": "unknown lint rule 'unused-definitoin'\nnote: did you mean 'unused-definition'?", "range": {"end": {"character": 19, "line": 3}, "start": {"character": 2, "line": 3}}, "severity": 1, "source": "iamc"}], "uri": "${ROOT}/configured/.iamc.yaml"}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [], "uri": "${ROOT}/configured/main.iam", "version": 1}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L009", "codeDescription": {"href": "${DOCS}rules/unused-definition.md"}, "message": "'draft' is defined but never used\nnote: remove it, or use it in a grant", "range": {"end": {"character": 9, "line": 0}, "start": {"character": 4, "line": 0}}, "severity": 2, "source": "iamc"}], "uri": "${ROOT}/configured/scratch.iam", "version": 1}}
<-- {"id": 3, "jsonrpc": "2.0", "result": null}
=== exit 0
