// shutdown.mjs SCOOT_SERVER: SIGTERM under load loses nothing. 32 keep-alive clients log
// events as fast as they can; the server gets SIGTERM while they do. Every request it took must
// be answered in full (no connection reset mid-request), it must exit 0, and the journal must
// hold exactly the events whose 201 reached a client.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'scoot-shutdown-'));
const port = 20000 + (process.pid % 10000);
let failures = 0;
const fail = (m) => { console.log('FAIL ' + m); failures++; };

function start() {
  const p = spawn(bin, ['--listen', `127.0.0.1:${port}`, '--db', join(dir, 'j.db'), '--threads', '2',
    '--access-log', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  p.errText = () => err;
  return new Promise((res, rej) => {
    p.stdout.on('data', (d) => { if (String(d).includes('serving')) res(p); });
    p.on('exit', (c) => rej(new Error(`server exited ${c}: ${err}`)));
  });
}

function request(agent, method, path, body) {
  return new Promise((res) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = http.request({ host: '127.0.0.1', port, method, path, agent,
      headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {} },
    (r) => { let b = ''; r.on('data', (d) => { b += d; }); r.on('end', () => res({ status: r.statusCode, body: b }));
      r.on('error', (e) => res({ error: e.code || e.message })); });
    req.on('error', (e) => res({ error: e.code || e.message }));
    req.end(data);
  });
}

const server = await start();
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const cat = await request(agent, 'POST', '/api/v1/cats', { name: 'Mimi' });
if (cat.status !== 201) fail(`creating the cat: ${cat.status} ${cat.body}`);

let created = 0, refused = 0, stopAt = 0;
const cut = [];
const exited = new Promise((res) => server.on('exit', (code, sig) => res({ code, sig })));
async function client() {
  for (;;) {
    const r = await request(agent, 'POST', '/api/v1/cats/Mimi/events', { kind: 'episode', data: {}, note: 'x' });
    if (r.status === 201) created++;
    else if (r.error === 'ECONNREFUSED') { refused++; return; } // the server no longer listens: fine
    else if (r.error) { cut.push(r.error); return; }
    else { fail(`unexpected ${r.status} ${r.body}`); return; }
  }
}
const clients = Array.from({ length: 32 }, client);
setTimeout(() => { stopAt = created; server.kill('SIGTERM'); }, 1500);
await Promise.all(clients);
const { code } = await exited;
agent.destroy();
if (code !== 0) fail(`the server exited with ${code}: ${server.errText()}`);
if (stopAt < 100) fail(`only ${stopAt} events were logged before SIGTERM: no load`);
if (cut.length) fail(`${cut.length} requests were cut off instead of answered: ${[...new Set(cut)].join(', ')}`);

// the journal holds exactly the acknowledged events
const again = await start();
let stored = 0;
for (let offset = 0; offset !== null && offset !== undefined;) {
  const list = await request(undefined, 'GET', `/api/v1/cats/Mimi/events?limit=1000&offset=${offset}`);
  let page;
  try { page = JSON.parse(list.body); } catch { fail(`listing: ${list.status} ${list.body}`); break; }
  stored += page.events.filter((e) => e.kind === 'episode').length;
  offset = page.next_offset;
}
again.kill('SIGTERM');
if (stored !== created) fail(`the journal holds ${stored} events, the clients were told of ${created}`);
console.log(`shutdown: ${created} events acknowledged (${stopAt} before SIGTERM), ${stored} stored, ` +
  `${refused} clients refused after the stop, ${cut.length} cut off`);
rmSync(dir, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
