# The client goes away (end of input) after shutdown: exit code 0.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
--> {"jsonrpc":"2.0","id":2,"method":"shutdown"}

<-- {"id": 1, "jsonrpc": "2.0", "result": {"capabilities": {"codeActionProvider": {"codeActionKinds": ["quickfix"]}, "completionProvider": {"triggerCharacters": [".", "(", " "]}, "definitionProvider": true, "documentFormattingProvider": true, "documentSymbolProvider": true, "executeCommandProvider": {"commands": ["iamc.placeCursor"]}, "hoverProvider": true, "positionEncoding": "utf-16", "referencesProvider": true, "renameProvider": {"prepareProvider": true}, "textDocumentSync": {"change": 2, "openClose": true, "save": {"includeText": false}}}, "serverInfo": {"name": "iamc", "version": "${VERSION}"}}}
<-- {"id": 2, "jsonrpc": "2.0", "result": null}
=== exit 0
