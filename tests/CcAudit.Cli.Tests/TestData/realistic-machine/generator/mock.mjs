// The scripted model and the egress canary of the realistic-machine fixture, run inside the loopback-only jail.
// Messages API on 127.0.0.1:MOCK_PORT: a conversation is picked by the marker its first user message holds, and the
// turn by the number of assistant messages already in the request; a turn is a list of tool_use blocks, streamed as
// the real API streams them (oracle-protocol.md §2). Anything unscripted gets "done". The canary on CANARY_PORT logs
// every request (method, path, body size) to CANARY_LOG and answers "CANARY-OK": nothing leaves loopback.
// Usage: node mock.mjs SCRIPT MOCK_PORT CANARY_PORT CANARY_LOG
import http from 'node:http';
import { readFileSync, appendFileSync } from 'node:fs';

const [scriptPath, mockPort, canaryPort, canaryLog] = process.argv.slice(2);
const script = JSON.parse(readFileSync(scriptPath, 'utf8'));
let messageCount = 0;

const textOf = (content) => typeof content === 'string' ? content
  : Array.isArray(content) ? content.map((b) => (b && typeof b.text === 'string' ? b.text : '')).join('\n') : '';

function reply(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const first = messages.length > 0 ? textOf(messages[0].content) : '';
  const turn = messages.filter((m) => m.role === 'assistant').length;
  const conversation = script.conversations.find((c) => first.includes(c.match));
  const blocks = conversation && turn < conversation.turns.length ? conversation.turns[turn] : null;
  messageCount += 1;
  return {
    id: `msg_fixture_${String(messageCount).padStart(4, '0')}`, type: 'message', role: 'assistant', model: body.model ?? 'claude',
    content: blocks ?? [{ type: 'text', text: script.final_text ?? 'done' }],
    stop_reason: blocks ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 1200, output_tokens: 40 },
  };
}

function stream(res, message) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' });
  const event = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  event('message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 1200, output_tokens: 1 } } });
  message.content.forEach((block, index) => {
    if (block.type === 'tool_use') {
      event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    } else {
      event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    }
    event('content_block_stop', { type: 'content_block_stop', index });
  });
  event('message_delta', { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 40 } });
  event('message_stop', { type: 'message_stop' });
  res.end();
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.includes('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"type":"error","error":{"type":"not_found_error","message":"fixture mock"}}');
      return;
    }
    if (req.url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"input_tokens":10}');
      return;
    }
    let body = {};
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { body = {}; }
    const message = reply(body);
    if (body.stream) {
      stream(res, message);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(message));
    }
  });
}).listen(Number(mockPort), '127.0.0.1');

http.createServer((req, res) => {
  let size = 0;
  req.on('data', (c) => { size += c.length; });
  req.on('end', () => {
    try { appendFileSync(canaryLog, JSON.stringify({ method: req.method, url: req.url, host: req.headers.host ?? null, bytes: size }) + '\n'); } catch { /* best effort */ }
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end('CANARY-OK\n');
  });
}).listen(Number(canaryPort), '127.0.0.1');
