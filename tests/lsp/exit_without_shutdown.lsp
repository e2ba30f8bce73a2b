# exit without shutdown ends the server with code 1, as the specification says.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
--> {"jsonrpc":"2.0","method":"exit"}
# Nothing after exit is read.
--> {"jsonrpc":"2.0","id":2,"method":"shutdown"}

<-- {"id": 1, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
=== exit 1
