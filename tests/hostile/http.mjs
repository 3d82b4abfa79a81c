// http.mjs SCOOT_SERVER CASES: the hostile requests of CASES (tests/hostile/http.txt) against a
// scoot-server on a fresh journal. Every case must get its status and a body holding its
// fragment; an error must be the API's JSON error ({"error": {"code", "message", "field"}})
// with a message, unless the case says libmicrohttpd answers it; the journal (sqlite3 .dump)
// must not change; and the server must go on serving (GET /healthz 200 after each case). At
// the end no answer may have been a 5xx but the 501 a case asks for (a transfer coding the
// server does not implement) and the database-error metric must still be 0 (what the cases
// expected to fail do is left out of both).
//
// The format of CASES is described at its top.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [bin, casesFile] = process.argv.slice(2);
if (!bin || !casesFile) {
    console.error('usage: node http.mjs SCOOT_SERVER CASES');
    process.exit(2);
}

// ---- the cases ----

// "\xHH" is the byte HH, "{{TEXT*N}}" TEXT N times; the rest is UTF-8.
function bytes(text) {
    const expanded = text.replace(/\{\{(.*?)\*(\d+)\}\}/g, (_, t, n) => t.repeat(Number(n)));
    const parts = [];
    let last = 0;
    for (const m of expanded.matchAll(/\\x([0-9a-fA-F]{2})/g)) {
        parts.push(Buffer.from(expanded.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1], 16)]));
        last = m.index + m[0].length;
    }
    parts.push(Buffer.from(expanded.slice(last), 'utf8'));
    return Buffer.concat(parts);
}

function parseCases(text) {
    const cases = [];
    let cur = null, pending = {};
    const lines = text.split('\n');
    const finish = () => {
        if (cur) cases.push(cur);
        cur = null;
    };
    lines.forEach((raw, i) => {
        const line = raw.replace(/\s+$/, '');
        const where = `${casesFile}:${i + 1}`;
        if (!line || line.startsWith('#')) {
            if (!line) finish();
            return;
        }
        let m;
        if ((m = line.match(/^xfail:\s*(.+)$/))) {
            finish();
            pending.xfail = m[1];
            return;
        }
        if (line === 'mhd') { // answered by libmicrohttpd itself (an HTML page, not the API's JSON)
            (cur || pending).mhd = true;
            return;
        }
        // one line: [+]NAME METHOD TARGET [BODY] => STATUS [FRAGMENT]
        if ((m = line.match(/^(\+?)([\w.-]+)\s+([A-Z]+)\s+(\S+)(?:\s+(.*?))?\s+=>\s+(\d{3})(?:\s+(.*))?$/))) {
            finish();
            cases.push({
                where, setup: m[1] === '+', name: m[2], head: [`${m[3]} ${m[4]}`], headers: [],
                body: m[5] === undefined ? null : m[5], status: Number(m[6]), fragment: m[7] || '', ...pending,
            });
            pending = {};
            return;
        }
        // a block: "= NAME", "> REQUEST LINE", "> Header: value"..., body lines, "< STATUS [FRAGMENT]"
        if ((m = line.match(/^(\+?)= ([\w.-]+)$/))) {
            finish();
            cur = { where, setup: m[1] === '+', name: m[2], head: [], headers: [], body: null, ...pending };
            pending = {};
            return;
        }
        if (!cur) throw new Error(`${where}: not a case: ${line}`);
        if ((m = line.match(/^> (.*)$/))) {
            if (!cur.head.length) cur.head.push(m[1]);
            else cur.headers.push(m[1]);
        } else if ((m = line.match(/^< (\d{3})(?:\s+(.*))?$/))) {
            cur.status = Number(m[1]);
            cur.fragment = m[2] || '';
        } else {
            cur.body = cur.body === null ? line : `${cur.body}\n${line}`;
        }
    });
    finish();
    for (const c of cases)
        if (!c.head.length || !c.status) throw new Error(`${c.where}: case ${c.name} needs a request and a status`);
    return cases;
}

// ---- the server ----

const T = mkdtempSync(path.join(tmpdir(), 'scoot-hostile-'));
const db = path.join(T, 'hostile.db');
const server = spawn(bin, ['--listen', '127.0.0.1:0', '--db', db, '--threads', '2', '--access-log', 'off'], {
    env: { ...process.env, SCOOT_NOW: '2026-11-20T12:00:00Z', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
});
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
let exited = null;
server.on('exit', (code, sig) => { exited = sig || code; });
const port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/serving http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) resolve(Number(m[1]));
    });
    server.on('exit', () => reject(new Error(`the server did not start: ${serverErr}`)));
});

// Sends one request on a new connection; resolves {status, headers, body} (body a Buffer), or
// {error} when the connection fails or nothing complete comes back within 5 s.
function send(c) {
    const [line] = c.head;
    const reqLine = /\sHTTP\/\S+$/.test(line) ? line : `${line} HTTP/1.1`;
    const method = line.split(' ')[0];
    const given = (name) => c.headers.some((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`) ||
        h.toLowerCase() === `-${name.toLowerCase()}`);
    const headers = c.headers.filter((h) => !h.startsWith('-'));
    const body = c.body === null ? null : bytes(c.body);
    if (!given('Host')) headers.push(`Host: 127.0.0.1:${port}`);
    if (body && !given('Content-Type')) headers.push('Content-Type: application/json');
    if (body && !given('Content-Length') && !given('Transfer-Encoding')) headers.push(`Content-Length: ${body.length}`);
    if (!given('Connection')) headers.push('Connection: close');
    const head = bytes(`${reqLine}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`);
    const data = body ? Buffer.concat([head, body]) : head;
    return new Promise((resolve) => {
        const chunks = [];
        let done = false;
        // A big body waits for an early answer first (a 413 on its declared length), as curl
        // does: libmicrohttpd closes with the body unread, and the reset that sends can take
        // the answer with it (the client sees EPIPE or ECONNRESET instead of the 413).
        const s = net.connect(port, '127.0.0.1', () => {
            if (!body || body.length < 65536) return s.write(data);
            s.write(head);
            setTimeout(() => { if (!chunks.length && !done) s.write(body); }, 300);
        });
        const finish = (r) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            s.destroy();
            resolve(r);
        };
        // a whole answer: its head, then Content-Length bytes (none for HEAD, 204, 304)
        const parse = (final) => {
            const all = Buffer.concat(chunks);
            const end = all.indexOf('\r\n\r\n');
            if (end < 0) return final ? finish({ error: `no complete answer (${all.length} bytes)` }) : null;
            const lines = all.subarray(0, end).toString('latin1').split('\r\n');
            const m = lines[0].match(/^HTTP\/1\.[01] (\d{3})/);
            if (!m) return finish({ error: `not an HTTP answer: ${lines[0]}` });
            const hs = {};
            for (const l of lines.slice(1)) {
                const k = l.indexOf(':');
                if (k > 0) hs[l.slice(0, k).toLowerCase()] = l.slice(k + 1).trim();
            }
            const status = Number(m[1]);
            const len = method === 'HEAD' || status === 204 || status === 304 ? 0
                : hs['content-length'] !== undefined ? Number(hs['content-length']) : null;
            const got = all.length - end - 4;
            if (len !== null && got >= len) return finish({ status, headers: hs, body: all.subarray(end + 4, end + 4 + len) });
            if (final) return finish({ status, headers: hs, body: all.subarray(end + 4) });
            return null;
        };
        s.on('data', (d) => { chunks.push(d); parse(false); });
        s.on('end', () => parse(true));
        s.on('close', () => parse(true));
        // (a server that answers before the whole body is sent, a 413, may close first: the
        // write fails, and the answer read so far counts)
        s.on('error', (e) => (chunks.length ? parse(true) : finish({ error: e.message })));
        const timer = setTimeout(() => finish({ error: 'no answer within 5 s' }), 5000);
    });
}

const dump = () => {
    const r = spawnSync('sqlite3', [db, '.dump'], { encoding: 'latin1' });
    if (r.status !== 0) throw new Error(`sqlite3 .dump: ${r.stderr}`);
    return r.stdout;
};

// ---- the run ----

const cases = parseCases(readFileSync(casesFile, 'utf8'));
let fails = 0, xfails = 0, hostile = 0, fivexx = 0;
const fail = (c, why, r) => {
    fails++;
    console.log(`FAIL ${c.name} (${c.where}): ${why}`);
    if (r && r.body) console.log(`  | ${r.body.toString('utf8').slice(0, 400)}`);
};
const dbErrors = async () => {
    const m = await send({ head: ['GET /metrics'], headers: [], body: null });
    return m.body ? Number((m.body.toString().match(/^scoot_db_errors_total (\d+)/m) || [])[1]) : NaN;
};
let before = null, xfailDbErrors = 0;
for (const c of cases) {
    if (!c.setup && before === null) before = dump();
    const db0 = c.xfail ? await dbErrors() : 0;
    const r = await send(c);
    if (c.xfail) xfailDbErrors += (await dbErrors()) - db0;
    const problems = [];
    if (r.error) problems.push(r.error);
    else {
        if (r.status >= 500 && !(r.status === 501 && c.status === 501) && !c.xfail) fivexx++;
        if (r.status !== c.status) problems.push(`status ${r.status}, want ${c.status}`);
        const text = r.body.toString('utf8');
        if (c.fragment && !text.includes(c.fragment)) problems.push(`the answer lacks ${JSON.stringify(c.fragment)}`);
        // an error is the API's JSON error with a message, but for libmicrohttpd's own answers
        if (!c.setup && r.status >= 400 && !c.mhd && c.head[0].split(' ')[0] !== 'HEAD') {
            let e = null;
            try { e = JSON.parse(text).error; } catch { /* below */ }
            if (!/^application\/json/.test(r.headers['content-type'] || '') || !e || typeof e.code !== 'string' ||
                typeof e.message !== 'string' || e.message.length < 8 || !('field' in e))
                problems.push('not a JSON error {"error": {"code", "message", "field"}} with a message');
        }
    }
    if (!c.setup) {
        hostile++;
        const after = dump();
        if (after !== before) problems.push('the journal changed');
        before = after;
        const h = await send({ head: ['GET /healthz'], headers: [], body: null });
        if (h.error || h.status !== 200) problems.push(`GET /healthz after it: ${h.error || h.status}`);
    } else {
        before = null;
    }
    if (exited !== null) problems.push(`the server exited (${exited})`);
    if (c.xfail) {
        xfails++;
        if (!problems.length) console.log(`XPASS ${c.name} (${c.where}): passes now; remove its xfail (${c.xfail})`);
        continue;
    }
    if (problems.length) fail(c, problems.join('; '), r);
    if (exited !== null) break;
}
// (what the cases expected to fail added is left out)
const dbErr = (await dbErrors()) - xfailDbErrors;
if (dbErr !== 0) { fails++; console.log(`FAIL metrics: scoot_db_errors_total grew by ${dbErr}, want 0`); }
if (fivexx) { fails++; console.log(`FAIL 5xx: ${fivexx} answers were 5xx`); }
server.kill('SIGTERM');
await new Promise((r) => (exited !== null ? r() : server.on('exit', r)));
rmSync(T, { recursive: true, force: true });
console.log(`hostile http: ${hostile} hostile requests (${xfails} expected to fail), ${fails} failed`);
process.exit(fails ? 1 : 0);
