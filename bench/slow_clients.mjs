// slow_clients.mjs: the slow-client ("slowloris") load of bench_slow.sh, in two roles.
//
//   node slow_clients.mjs drip PORT N ADDRESSES SECONDS_BETWEEN_LINES
//     Holds N connections to 127.0.0.1:PORT open from ADDRESSES loopback source addresses
//     (127.0.0.2, 127.0.0.3, ...; Linux answers the whole 127/8 without setup), each sending
//     a request line and then one header line every SECONDS_BETWEEN_LINES, never ending its
//     headers. A connection the server closes is opened again at once, as an attacker would.
//     Prints "open=... refused=... closed=..." every second on standard output.
//
//   node slow_clients.mjs probe PORT REQUESTS TIMEOUT_MS
//     GET /healthz from 127.0.0.1, one request at a time, each on a new connection (a new
//     client), and prints "p50=.. p99=.. max=.. failed=.." (milliseconds; a request that
//     fails or times out counts as TIMEOUT_MS).
import net from 'node:net';

const [role, port, a, b, c] = process.argv.slice(2);

if (role === 'drip') {
    const n = Number(a), addresses = Number(b), every = Number(c) * 1000;
    let open = 0, refused = 0, closed = 0;
    const start = (i) => {
        const localAddress = `127.0.${Math.floor((2 + (i % addresses)) / 256)}.${(2 + (i % addresses)) % 256}`;
        const s = net.connect({ port: Number(port), host: '127.0.0.1', localAddress });
        let up = false, timer = null, line = 0;
        s.on('connect', () => {
            up = true;
            open++;
            s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
            timer = setInterval(() => s.write(`X-Drip-${line++}: x\r\n`), every);
        });
        s.on('error', () => {});
        s.on('data', () => {});
        s.on('close', () => {
            clearInterval(timer);
            if (up) { open--; closed++; } else refused++;
            setTimeout(() => start(i), up ? 10 : 200);
        });
    };
    // open them over about a second, not all in one burst
    for (let i = 0; i < n; i++) setTimeout(() => start(i), Math.floor(i / 10));
    setInterval(() => console.log(`open=${open} refused=${refused} closed=${closed}`), 1000);
} else if (role === 'probe') {
    const total = Number(a), timeout = Number(b);
    const times = [];
    let failed = 0;
    const one = () => new Promise((resolve) => {
        const t0 = process.hrtime.bigint();
        const s = net.connect(Number(port), '127.0.0.1');
        let out = '', done = false;
        const finish = (ok) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            s.destroy();
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            if (!ok) failed++;
            times.push(ok ? ms : Math.max(ms, timeout));
            resolve();
        };
        const timer = setTimeout(() => finish(false), timeout);
        s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
        s.on('data', (d) => {
            out += d;
            if (out.includes('{"status":"ok"}')) finish(out.startsWith('HTTP/1.1 200'));
        });
        s.on('error', () => finish(false));
        s.on('close', () => finish(out.startsWith('HTTP/1.1 200') && out.includes('{"status":"ok"}')));
    });
    for (let i = 0; i < total; i++) {
        await one();
        await new Promise((r) => setTimeout(r, 20));
    }
    times.sort((x, y) => x - y);
    const at = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
    console.log(`p50=${at(0.5)} p99=${at(0.99)} max=${times[times.length - 1].toFixed(1)} failed=${failed}`);
} else {
    console.error('usage: slow_clients.mjs drip PORT N ADDRESSES SECONDS | probe PORT REQUESTS TIMEOUT_MS');
    process.exit(2);
}
