# Malformed framing and JSON are answered and the server keeps running.
=== args --max-message-bytes 1000
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
==> "Content-Length: abc\r\n\r\n"
==> "Content-Length: 9\r\n\r\n{not json"
==> "Content-Length: 5\r\n\r\n[1,2]"
==> "Content-Length: 2000\r\n\r\n" + "x" * 2000
--> {"jsonrpc":"2.0","id":{"bad":1},"method":"shutdown"}
--> {"jsonrpc":"2.0","id":2}
--> {"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT}/not-open.iam"},"position":{"line":0,"character":0}}}
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{}}}
# A change to a document that is not open is logged, not fatal.
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT}/not-open.iam","version":2},"contentChanges":[{"text":"x"}]}}
--> {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"${ROOT}/not-open.iam"}}}
# Quick fixes travel in a diagnostic's data, which a client hands back as it likes (found by
# the LSP fuzzer): a fix that is not an edit, or fixes that are not a list, give no action.
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT}/open.iam","languageId":"iamc","version":1,"text":"let a = user(\"u\")\n"}}}
--> {"jsonrpc":"2.0","id":6,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"${ROOT}/open.iam"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"context":{"diagnostics":[{"code":"C001","source":"iamc","message":"x","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"data":{"fixes":[{"newTaxt":"viewer","range":{}},{"newText":7},"text"]}},{"code":"C001","source":"iamc","message":"x","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"data":{"fixes":"all"}},{"code":"C001","source":"iamc","message":"x","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"data":[1]}]}}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
--> {"jsonrpc":"2.0","method":"exit"}

<-- {"id": 1, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
<-- {"error": {"code": -32700, "message": "invalid Content-Length header: 'abc'"}, "id": null, "jsonrpc": "2.0"}
<-- {"error": {"code": -32700, "message": "the message is not valid JSON"}, "id": null, "jsonrpc": "2.0"}
<-- {"error": {"code": -32600, "message": "a message must be a JSON object"}, "id": null, "jsonrpc": "2.0"}
<-- {"error": {"code": -32600, "message": "a message of 2000 bytes exceeds the limit of 1000 bytes"}, "id": null, "jsonrpc": "2.0"}
<-- {"error": {"code": -32600, "message": "the request id must be an integer or a string"}, "id": null, "jsonrpc": "2.0"}
<-- {"error": {"code": -32600, "message": "the message has no method"}, "id": 2, "jsonrpc": "2.0"}
<-- {"error": {"code": -32602, "message": "the document is not open: ${ROOT}/not-open.iam"}, "id": 3, "jsonrpc": "2.0"}
<-- {"error": {"code": -32602, "message": "invalid params: [json.exception.out_of_range.403] key 'uri' not found"}, "id": 4, "jsonrpc": "2.0"}
<-- {"jsonrpc": "2.0", "method": "window/logMessage", "params": {"message": "didChange for a document that is not open: ${ROOT}/not-open.iam", "type": 2}}
<-- {"jsonrpc": "2.0", "method": "window/logMessage", "params": {"message": "didClose for a document that is not open: ${ROOT}/not-open.iam", "type": 2}}
<-- {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {"diagnostics": [{"code": "L009", "codeDescription": {"href": "${DOCS}rules/unused-definition.md"}, "message": "'a' is defined but never used\nnote: remove it, or use it in a grant", "range": {"end": {"character": 5, "line": 0}, "start": {"character": 4, "line": 0}}, "severity": 2, "source": "iamc"}], "uri": "${ROOT}/open.iam", "version": 1}}
<-- {"id": 6, "jsonrpc": "2.0", "result": []}
<-- {"id": 5, "jsonrpc": "2.0", "result": null}
=== exit 0
