// A harmless stdio MCP server standing in for a team's server during oracle runs: it lists the tool names the
// probes need and only logs calls. Usage: node mcp-stub.mjs LOGFILE tool1 tool2 ...
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [log, ...names] = process.argv.slice(2);
const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  let message;
  try { message = JSON.parse(line); } catch { continue; }
  try { appendFileSync(log, JSON.stringify({ method: message.method, params: message.params }) + '\n'); } catch { /* the log is best effort */ }
  if (message.id === undefined) continue;
  if (message.method === 'initialize') {
    send({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: message.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'ccaudit-oracle-stub', version: '1.0.0' } } });
  } else if (message.method === 'tools/list') {
    send({ jsonrpc: '2.0', id: message.id, result: { tools: names.map((name) => ({ name, description: 'stub ' + name, inputSchema: { type: 'object', properties: { arg: { type: 'string' } } } })) } });
  } else if (message.method === 'tools/call') {
    send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'STUB-OK' }] } });
  } else if (message.method === 'ping') {
    send({ jsonrpc: '2.0', id: message.id, result: {} });
  } else {
    send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'not supported' } });
  }
}
