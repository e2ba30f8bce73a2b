# Requests before initialize get ServerNotInitialized; notifications are dropped.
--> {"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT}/x.iam"},"position":{"line":0,"character":0}}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT}/x.iam","languageId":"iamc","version":1,"text":"let"}}}
--> {"jsonrpc":"2.0","id":2,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
# A second initialize is an invalid request; unknown requests are MethodNotFound; unknown
# notifications are ignored.
--> {"jsonrpc":"2.0","id":3,"method":"initialize","params":{"capabilities":{}}}
--> {"jsonrpc":"2.0","id":4,"method":"workspace/unknownThing","params":{}}
--> {"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}
--> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
# After shutdown, requests are invalid.
--> {"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{}}
--> {"jsonrpc":"2.0","method":"exit"}

<-- {"error": {"code": -32002, "message": "the server has not been initialized"}, "id": 1, "jsonrpc": "2.0"}
<-- {"id": 2, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
<-- {"error": {"code": -32600, "message": "the server is already initialized"}, "id": 3, "jsonrpc": "2.0"}
<-- {"error": {"code": -32601, "message": "method not found: workspace/unknownThing"}, "id": 4, "jsonrpc": "2.0"}
<-- {"id": 5, "jsonrpc": "2.0", "result": null}
<-- {"error": {"code": -32600, "message": "the server is shutting down"}, "id": 6, "jsonrpc": "2.0"}
=== exit 0
