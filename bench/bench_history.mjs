// bench_history.mjs SCOOT SCOOT_SERVER: what a cat's history costs a request (issue 18). One
// journal holds a cat of 200 entries (the last 40 days) and a cat of 20,000 (ten years of daily
// stool, weight and care, with leaks, observations, pain scores, body condition, medicine
// courses and their doses, vet visits with rechecks, and a check a month); both have a check,
// a medicine course and a booked recheck of the last days, so that due and summary have work.
// One `scoot serve` answers both, over one kept-alive connection, one request at a time; the
// rounds alternate the cats so that the machine's drift falls on both. Prints `name value unit`
// lines: the median latency of each request for each cat over BENCH_RUNS (41) rounds, and the
// ratio big / small (the target is 3 at most: the cost of a request should follow the window
// it asks for, not the length of the history).
//   summary      GET /api/v1/cats/{name}/summary
//   due          GET /api/v1/due?cat={name}
//   history      GET /api/v1/cats/{name}/history (the facts the journal gives the engine)
//   events_first GET /api/v1/cats/{name}/events (the first page, oldest first)
//   events_last  the last page of events: by the cursor of the page before it (next_cursor)
//                when the server gives one, else by offset
//   events_90d   GET /api/v1/cats/{name}/events?since=(90 days ago)&limit=1000 (the web app's
//                timeline)
//   checks_first GET /api/v1/cats/{name}/assessments?limit=10 (the history of checks, newest
//                first: its first page, 10 checks for both cats; a server without paging there
//                answers all of them)
//   assess       POST /api/v1/cats/{name}/assess (derives, assesses and stores a check; run
//                last, since each adds an entry)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const [SCOOT, SERVER] = process.argv.slice(2);
if (!SCOOT || !SERVER) {
  console.error('usage: node bench_history.mjs SCOOT SCOOT_SERVER');
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS || 41);
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'scoot-bench-history-'));
const db = join(dir, 'bench.db');
const DAY = 86400e3, HOUR = 3600e3;
const now = Date.now();
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const date = (ms) => new Date(ms).toISOString().slice(0, 10);

// A stored check: the engine's answer to bench/case.json, as `scoot assess --cat` stores it.
const caseJson = JSON.parse(readFileSync(join(here, 'case.json'), 'utf8'));
const result = JSON.parse(execFileSync(SCOOT, ['assess', '--case',
  join(here, 'case.json'), '--format', 'json'], { encoding: 'utf8' }));
const assessment = { case: caseJson, result, kb_id: result.kb.id, kb_version: result.kb.version };

let nextId = 1;
const events = [];
function add(cat, kind, t, data) {
  const id = nextId++;
  events.push({ id, cat, kind, t: iso(t), data });
  return id;
}
// The last days of both cats: a check 3 days ago, a medicine course begun 2 days ago with its
// doses, a vet visit 20 days ago that booked a recheck in 5 days.
function recent(cat) {
  add(cat, 'vet_visit', now - 20 * DAY, { clinic: 'Town Vets', diagnosis: 'impacted sacs',
    treatment: 'expressed both sacs', diagnosis_ids: ['impaction'], recheck: date(now + 5 * DAY) });
  add(cat, 'assessment', now - 3 * DAY, assessment);
  const course = add(cat, 'medicine', now - 2 * DAY - HOUR,
    { name: 'Meloxicam', dose: '0.5 ml', times_per_day: 1, days: 7, start: date(now - 2 * DAY) });
  add(cat, 'dose', now - 2 * DAY, { course, given: true });
  add(cat, 'dose', now - DAY, { course, given: true });
  add(cat, 'episode', now - 5 * HOUR, { amount: 'smear', look: ['brown'] });
}
// days of daily entries (a day: stool, weight, two warm compresses, and every 'extra' a second
// stool), the sparse kinds on their own rhythms, then pain scores until n entries
function history(cat, days, n, extra, checkEvery) {
  const first = events.length;
  recent(cat);
  for (let d = days - 1; d >= 0; d--) {
    const day = now - d * DAY - 6 * HOUR;
    add(cat, 'stool', day, { score: 2 + (d % 4) });
    add(cat, 'weight', day + 10 * 60e3, { kg: 4.2 + (d % 7) / 20 });
    add(cat, 'care', day + 20 * 60e3, { care: 'warm_compress', minutes: 10, tolerated: 'well' });
    add(cat, 'care', day - 8 * HOUR, { care: 'warm_compress', minutes: 10 });
    if (extra && d % extra === 0) add(cat, 'stool', day - 9 * HOUR, { score: 3 });
    if (d % 10 === 7) add(cat, 'episode', day - HOUR, { amount: 'spot', context: d % 20 === 7 ? 'fright' : 'rest' });
    if (d % 30 === 11) add(cat, 'observation', day - 2 * HOUR, { finding: 'scooting', value: true });
    if (d % checkEvery === 15 % checkEvery) add(cat, 'assessment', day - 3 * HOUR, assessment);
    if (d % 14 === 5) add(cat, 'pain', day - 4 * HOUR, { ears: 0, eyes: 1, muzzle: 0, whiskers: 0, head: 0 });
    if (d % 180 === 40) add(cat, 'bcs', day - 5 * HOUR, { score: 5 });
    if (d % 90 === 45) add(cat, 'vet_visit', day - 7 * HOUR, d % 180 === 45
      ? { clinic: 'Town Vets', treatment: 'expressed both sacs', recheck: date(day + 14 * DAY) }
      : { clinic: 'Town Vets', diagnosis: 'vaccination' });
    if (d % 60 === 50) {
      const course = add(cat, 'medicine', day - 7 * HOUR, { name: 'Amoxicillin', dose: '50 mg', times_per_day: 2, days: 5 });
      for (let k = 0; k < 5 && d - k > 0; k++) add(cat, 'dose', day + k * DAY - 5 * HOUR, { course, given: true });
    }
  }
  for (let k = 0; events.length - first < n; k++)
    add(cat, 'pain', now - (days + 1 + k) * DAY, { ears: 0, eyes: 0, muzzle: 0, whiskers: 0, head: 0 });
  if (events.length - first !== n) throw new Error(`${cat}: ${events.length - first} entries, not ${n}`);
}
history('Small', 40, 200, 0, 4); // (a check every 4 days: a first page of checks as full as Big's)
history('Big', 3650, 20000, 2, 30);
const born = iso(now - 11 * 365 * DAY);
writeFileSync(join(dir, 'journal.json'), JSON.stringify({
  format: 'scoot-journal', version: 1, exported: iso(now),
  cats: [{ name: 'Small', created: born }, { name: 'Big', created: born }], events,
}));
execFileSync(SCOOT, ['--db', db, 'import', join(dir, 'journal.json')], { stdio: ['ignore', 'ignore', 'inherit'] });

const port = 30000 + (process.pid % 10000);
const server = spawn(SERVER, ['--listen', `127.0.0.1:${port}`, '--db', db, '--access-log', 'off',
  '--max-per-client', '0'], { stdio: ['ignore', 'ignore', 'inherit'] });
// (BENCH_KEEP=1 keeps the journal, to look at it after)
const stop = () => {
  server.kill();
  if (process.env.BENCH_KEEP) console.error(`bench_history: the journal is kept in ${db}`);
  else rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent,
      headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve({ ms, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

for (let i = 0; ; i++) {
  try { await request('GET', '/healthz'); break; } catch (e) {
    if (i > 100) throw e;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cats = ['Small', 'Big'];
const since = encodeURIComponent(date(now - 90 * DAY));
// the last page of events: found once, by walking the pages as a client would
const last = {};
for (const cat of cats) {
  let path = `/api/v1/cats/${cat}/events?limit=100`, page = null, prev = path, n = 0;
  for (;;) {
    page = (await request('GET', path)).json;
    n += page.events.length;
    if (page.next_cursor === undefined ? page.next_offset === null : page.next_cursor === null) break;
    prev = path;
    path = page.next_cursor !== undefined
      ? `/api/v1/cats/${cat}/events?limit=100&after=${encodeURIComponent(page.next_cursor)}`
      : `/api/v1/cats/${cat}/events?limit=100&offset=${page.next_offset}`;
  }
  last[cat] = path;
  if (n !== (cat === 'Big' ? 20000 : 200)) throw new Error(`${cat}: paging gave ${n} entries`);
  void prev;
}
const by = last.Big.includes('after=') ? 'cursor' : 'offset';
const reads = {
  summary: (c) => ['GET', `/api/v1/cats/${c}/summary`],
  due: (c) => ['GET', `/api/v1/due?cat=${c}`],
  history: (c) => ['GET', `/api/v1/cats/${c}/history`],
  events_first: (c) => ['GET', `/api/v1/cats/${c}/events`],
  events_last: (c) => ['GET', last[c]],
  events_90d: (c) => ['GET', `/api/v1/cats/${c}/events?since=${since}&limit=1000`],
  checks_first: (c) => ['GET', `/api/v1/cats/${c}/assessments?limit=10`],
};
const times = {};
async function measure(name, make) {
  for (const cat of cats) for (let i = 0; i < 3; i++) await request(...make(cat)); // warm
  for (let r = 0; r < RUNS; r++)
    for (const cat of (r % 2 ? cats : [...cats].reverse())) {
      const { ms } = await request(...make(cat));
      ((times[name] ||= {})[cat] ||= []).push(ms);
    }
}
for (const [name, make] of Object.entries(reads)) await measure(name, make);
const body = JSON.stringify({ findings: { discharge_seen: true } });
await measure('assess', (c) => ['POST', `/api/v1/cats/${c}/assess?texts=brief`, body]);

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
let worst = 0;
for (const name of Object.keys(times)) {
  const s = median(times[name].Small), b = median(times[name].Big);
  const note = name === 'events_last' ? ` (reached by ${by})` : '';
  console.log(`history.${name}.small ${s.toFixed(2)} ms`);
  console.log(`history.${name}.big ${b.toFixed(2)} ms`);
  console.log(`history.${name}.ratio ${(b / s).toFixed(1)} x${note}`);
  worst = Math.max(worst, b / s);
}
console.log(`history.worst_ratio ${worst.toFixed(1)} x (target: 3 at most)`);
agent.destroy();
process.exit(0);
