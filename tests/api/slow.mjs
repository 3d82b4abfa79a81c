// slow.mjs SCOOT_SERVER: the guard on connections, with short deadlines. A client that sends its
// headers (or its body) a little at a time is answered 408 and closed at its deadline, although
// it is never idle for long; one that sends nothing is closed too; a keep-alive connection may
// wait between requests; one address cannot hold more than --max-per-client connections; past
// --max-connections a client gets a quick 503, not a wait. (Timing targets under load are in
// bench/bench_slow.sh, not here.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'scoot-slow-'));
const port = 30000 + (process.pid % 10000);
const server = spawn(bin, ['--listen', `127.0.0.1:${port}`, '--db', join(dir, 'slow.db'), '--threads', '2',
    '--access-log', 'off', '--timeout', '30', '--header-timeout', '2', '--body-timeout', '3',
    '--max-per-client', '4', '--max-connections', '10'], { stdio: ['ignore', 'ignore', 'inherit'] });
let fails = 0, checks = 0;
const check = (ok, what) => {
    checks++;
    if (!ok) {
        fails++;
        console.log(`FAIL ${what}`);
    }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A connection from localAddress that sends the chunks, one every `every` ms (a string may hold
// "|" for CRLF). Resolves when the server closes it: {ms, out, reset}.
function conn(chunks, { every = 300, localAddress = '127.0.0.1', keep = false } = {}) {
    return new Promise((resolve) => {
        const t0 = Date.now();
        const s = net.connect({ port, host: '127.0.0.1', localAddress });
        let out = '', reset = false, timer = null, i = 0;
        s.on('connect', () => {
            const next = () => {
                if (i < chunks.length) s.write(chunks[i++].replaceAll('|', '\r\n'));
                else if (!keep) clearInterval(timer);
            };
            next();
            timer = setInterval(next, every);
        });
        s.on('data', (d) => { out += d.toString('latin1'); });
        s.on('error', () => { reset = true; });
        s.on('close', () => {
            clearInterval(timer);
            resolve({ ms: Date.now() - t0, out, reset, socket: s });
        });
        s.setTimeout(15000, () => s.destroy());
        conn.last = s;
    });
}
const status = (out) => (out.match(/^HTTP\/1\.1 (\d{3})/) || [])[1];
async function get(path, localAddress = '127.0.0.1') {
    const r = await conn([`GET ${path} HTTP/1.1|Host: localhost|Connection: close||`], { localAddress });
    return { status: status(r.out), body: r.out.slice(r.out.indexOf('\r\n\r\n') + 4) };
}

try {
    for (let i = 0; i < 50; i++) {
        const up = await new Promise((r) => {
            const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
            s.on('error', () => r(false));
        });
        if (up) break;
        await sleep(100);
    }
    check((await get('/healthz')).status === '200', 'healthz before');

    // headers that trickle in (a line every 300 ms, never idle): 408 at the 2 s deadline
    const drips = Array.from({ length: 40 }, (_, i) => (i ? `X-Drip-${i}: x|` : 'GET /healthz HTTP/1.1|Host: localhost|'));
    const [h, b, nothing] = await Promise.all([
        conn(drips),
        // a body that trickles in: 408 at the 3 s deadline
        conn(['POST /api/v1/assess HTTP/1.1|Host: localhost|Content-Type: application/json|Content-Length: 100||{',
            ...Array.from({ length: 40 }, () => ' ')]),
        // a connection that sends nothing: closed at the header deadline too
        conn([]),
    ]);
    check(status(h.out) === '408' && /"code":"timeout","message":"the request's headers did not arrive in time/.test(h.out),
        `dripping headers: want a 408 that says so, got ${JSON.stringify(h.out.slice(0, 200))}`);
    check(h.ms >= 1800 && h.ms < 3500, `dripping headers: closed after ${h.ms} ms, want about 2000`);
    check(status(b.out) === '408' && /the request's body did not arrive in time/.test(b.out),
        `dripping body: want a 408 that says so, got ${JSON.stringify(b.out.slice(0, 200))}`);
    check(b.ms >= 2800 && b.ms < 4500, `dripping body: closed after ${b.ms} ms, want about 3000`);
    check(nothing.ms >= 1800 && nothing.ms < 3500, `silent connection: closed after ${nothing.ms} ms, want about 2000`);

    // keep-alive: a second request after a wait longer than the header deadline is answered
    const ka = await conn(['GET /healthz HTTP/1.1|Host: localhost||', '', '', '', '', '', '', '',
        'GET /healthz HTTP/1.1|Host: localhost|Connection: close||'], { every: 350 });
    check((ka.out.match(/HTTP\/1\.1 200/g) || []).length === 2, `keep-alive after 2.8 s: ${JSON.stringify(ka.out.slice(0, 100))}`);

    // A kept-alive connection from localAddress, once its first request has been answered (so
    // the server has taken it and counts it): {socket, status}.
    const hold = (localAddress) => new Promise((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1', localAddress });
        let out = '';
        s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'));
        s.on('data', (d) => {
            out += d;
            if (/\r\n\r\n[^]*\}/.test(out)) resolve({ socket: s, status: status(out) });
        });
        s.on('error', () => {});
        s.on('close', () => resolve({ socket: s, status: status(out) }));
    });
    // one address holds at most 4 connections: a 5th is closed at once; another address is served
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await hold('127.0.0.5'));
    check(held.every((r) => r.status === '200'), 'four connections from one address');
    const fifth = await conn(['GET /healthz HTTP/1.1|Host: localhost|Connection: close||'], { localAddress: '127.0.0.5' });
    check(!status(fifth.out) && fifth.ms < 1000, `5th connection from one address: want it closed at once, got ${fifth.ms} ms ${JSON.stringify(fifth.out.slice(0, 80))}`);
    check((await get('/healthz', '127.0.0.6')).status === '200', 'another address while one is at its cap');
    await sleep(300); // (until the server has closed those two)

    // 10 connections in all: an 11th gets a quick 503 that names the problem
    for (let i = 0; i < 6; i++) held.push(await hold(`127.0.0.${7 + (i % 2)}`));
    check(held.every((r) => r.status === '200'), `ten connections: ${held.map((r) => r.status)}`);
    const t0 = Date.now();
    const over = await get('/healthz', '127.0.0.9');
    check(over.status === '503' && /"code":"unavailable","message":"the server has too many connections open/.test(over.body),
        `past --max-connections: want a 503, got ${over.status} ${over.body.slice(0, 120)}`);
    check(Date.now() - t0 < 1000, `the 503 took ${Date.now() - t0} ms`);
    for (const r of held) r.socket.destroy();
    await sleep(300);

    // served again once they are gone; the metrics count them
    const after = await get('/healthz', '127.0.0.9');
    check(after.status === '200', `healthz after: ${after.status}`);
    const m = (await get('/metrics')).body;
    const metric = (name) => Number((m.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1]);
    check(metric('scoot_http_connections_timed_out_total') >= 3, `timed-out metric: ${metric('scoot_http_connections_timed_out_total')}`);
    check(metric('scoot_http_connections_refused_total') >= 1, `refused metric: ${metric('scoot_http_connections_refused_total')}`);
    check(metric('scoot_http_connections_open') >= 1 && metric('scoot_http_connections_open') <= 2,
        `open metric: ${metric('scoot_http_connections_open')}`);
    check(/scoot_http_requests_total\{method="any",route="unknown",status="408"\} [1-9]/.test(m), 'the 408s are in the request metrics');
} finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
}
console.log(`api_slow: ${checks} checks, ${fails} failed`);
process.exit(fails ? 1 : 0);
