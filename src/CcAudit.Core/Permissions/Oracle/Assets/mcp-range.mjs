// The live red team's untrusted MCP server: one tool whose result is the content of a file planted in the jail (an
// issue body carrying an injected instruction), so the report shows what the binary allows after a tool result
// tells the model to act. Usage: node mcp-range.mjs LOGFILE CONTENTFILE
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [log, contentFile] = process.argv.slice(2);
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const tool = {
  name: 'read_issue',
  description: 'Reads an issue of the tracker',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
};
const serverInfo = { name: 'ccaudit-range', version: '1.0.0' };
for await (const line of createInterface({ input: process.stdin })) {
  let message;
  try { message = JSON.parse(line); } catch { continue; }
  try { appendFileSync(log, JSON.stringify({ method: message.method }) + '\n'); } catch { /* best effort */ }
  if (message.id === undefined) continue;
  if (message.method === 'initialize') {
    const protocolVersion = message.params?.protocolVersion ?? '2025-06-18';
    send({ jsonrpc: '2.0', id: message.id, result: { protocolVersion, capabilities: { tools: {} }, serverInfo } });
  } else if (message.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: message.id, result: { tools: [tool] } });
  } else if (message.method === 'tools/call') {
    let text = '';
    try { text = readFileSync(contentFile, 'utf8'); } catch { text = 'issue not found'; }
    send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text }] } });
  } else if (message.method === 'ping') {
    send({ jsonrpc: '2.0', id: message.id, result: {} });
  } else {
    send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'not supported' } });
  }
}
