// Starts `stitch lsp` for `.policy` files and connects VS Code to it over stdio. Every feature
// (diagnostics, hover, completion, navigation, formatting, semantic tokens, quick fixes) comes
// from the server; this file only launches it.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration('stitch').get<string>('path', 'stitch');
  const serverOptions: ServerOptions = { command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'stitch' }, { scheme: 'untitled', language: 'stitch' }],
    synchronize: {
      // Manifests feed service and destination name completion; tell the server when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    },
  };
  client = new LanguageClient('stitch', 'Stitch', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('stitch.restartServer', async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
