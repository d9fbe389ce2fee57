// Runs inside the oracle's network namespace: serves the mock Messages API and the egress canary on loopback
// by relaying to ccaudit's Unix sockets outside, then starts the binary once both listen.
// Usage: node relay.mjs MOCK_PORT MOCK_SOCKET CANARY_PORT CANARY_SOCKET [PORT SOCKET ...] -- command args...
// (further pairs serve more of ccaudit's sockets, e.g. the OTLP receiver of monitor tests)
import net from 'node:net';
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const pairs = argv.slice(0, split);
const command = argv.slice(split + 1);

function relay(port, socketPath) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((client) => {
      const upstream = net.connect(socketPath);
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.on('error', reject);
    server.listen(Number(port), '127.0.0.1', resolve);
  });
}

const relays = [];
for (let i = 0; i + 1 < pairs.length; i += 2) relays.push(relay(pairs[i], pairs[i + 1]));
await Promise.all(relays);
const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
child.on('error', (error) => { process.stderr.write(`ccaudit oracle relay: ${error.message}\n`); process.exit(96); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
