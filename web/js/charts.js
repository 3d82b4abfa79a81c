// charts.js: a cat's charts as inline SVG: leaks per week (the summary's episodes_per_week),
// stool score, weight and pain score over time (the journal's events). Each chart has a text
// summary and its numbers as a table.

import { api, el, enc, main, num, page, plural, shortDate, svg } from './dom.js';

const W = 360, H = 200;
const M = { l: 34, r: 10, t: 18, b: 34 };

function niceStep(range, want) {
  const raw = range / Math.max(1, want);
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function frame(id, title, desc, yTicks, y, yLabel) {
  return [
    svg('title', { id: `${id}-t` }, title),
    svg('desc', { id: `${id}-d` }, desc),
    yTicks.map((v) => [
      svg('line', { class: 'grid', x1: M.l, x2: W - M.r, y1: y(v), y2: y(v) }),
      svg('text', { class: 'tick', x: M.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, yLabel(v))]),
    svg('line', { class: 'axis', x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }),
  ];
}

function table(caption, head, rows) {
  return el('details', { class: 'numbers' }, el('summary', { text: 'Show the numbers' }),
    el('table', {}, el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', { text: String(c) })))))));
}

export function barChart(id, title, items, marks = []) {
  const max = Math.max(1, ...items.map((x) => x.v));
  const step = niceStep(max, 4) < 1 ? 1 : Math.ceil(niceStep(max, 4));
  const top = Math.ceil(max / step) * step;
  const y = (v) => H - M.b - (v / top) * (H - M.t - M.b);
  const bw = (W - M.l - M.r) / items.length;
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  const total = items.reduce((s, x) => s + x.v, 0);
  const last = items[items.length - 1];
  // (the weeks are the last 7 days and the 7 before each: the last bar is not a calendar week)
  // (a vet visit or medicine in a week: marked at its day within that week's bar)
  const from = (x) => Date.parse(x.label + 'T00:00:00');
  const inWeeks = marks.filter((m) => items.length && m.t >= from(items[0]) && m.t <= Math.max(from(items[items.length - 1]) + 7 * 864e5, Date.now()));
  const mx = (t) => {
    const i = Math.max(0, items.findIndex((x, k) => t >= from(x) && (k === items.length - 1 || t < from(items[k + 1]))));
    return M.l + i * bw + (0.1 + 0.8 * Math.min(1, (t - from(items[i])) / (7 * 864e5))) * bw;
  };
  const mw = marksWords(inWeeks);
  const desc = `${total} in the last ${plural(items.length, 'week')}, ${last ? last.v : 0} of them in the last 7 days (since ${last ? last.long : ''}).${mw ? ` ${mw}` : ''}`;
  return el('figure', { class: 'chart-box' },
    svg('svg', { class: 'chart', id, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
      frame(id, title, desc, ticks, y, (v) => String(v)),
      items.map((x, i) => {
        const h = Math.max(0, H - M.b - y(x.v));
        const cx = M.l + i * bw + bw / 2;
        return [
          svg('rect', { class: 'bar' + (x.v ? '' : ' zero'), x: M.l + i * bw + 4, y: y(x.v) - (x.v ? 0 : 1), width: bw - 8, height: x.v ? h : 1 },
            svg('title', {}, `week from ${x.long}: ${x.v}`)),
          x.v ? svg('text', { class: 'value', x: cx, y: y(x.v) - 4, 'text-anchor': 'middle' }, String(x.v)) : null,
          svg('text', { class: 'tick', x: cx, y: H - M.b + 15, 'text-anchor': 'middle' }, x.day),
          x.month ? svg('text', { class: 'tick', x: cx, y: H - M.b + 29, 'text-anchor': 'middle' }, x.month) : null,
        ];
      }),
      markLines(inWeeks, mx)),
    el('figcaption', { class: 'muted', text: `Each bar is a week, labelled with the day it starts. ${desc}` }),
    table(title, ['Week starting', 'Leaks'], items.map((x) => [x.long, x.v])));
}

// The vet visits and medicines of marks ([{t, kind: 'vet'|'medicine', label}]) as dashed
// upright lines at x(t), each with a short word at the top (its full words in its title).
function markLines(marks, x) {
  let prev = -1e9, row = 0;
  return marks.map((m) => {
    const at = x(m.t);
    // (a word that would touch the one before goes a row lower; one at the right edge ends there)
    row = at - prev < 28 ? (row + 1) % 3 : 0;
    prev = at;
    const right = at > W - M.r - 14;
    return svg('g', { class: `mark mark-${m.kind}` },
      svg('line', { x1: at.toFixed(1), x2: at.toFixed(1), y1: M.t - 4, y2: H - M.b }),
      svg('text', { class: 'mark-word', x: (right ? at - 3 : at).toFixed(1), y: M.t - 4 + row * 13, 'text-anchor': right ? 'end' : 'middle' }, m.kind === 'vet' ? 'Vet' : 'Med'),
      svg('title', {}, m.label));
  });
}

// The marks in words for a chart's caption: "Vet visits: 3 Dec. Medicines: Clavamox from 4 Dec."
function marksWords(marks) {
  const vets = marks.filter((m) => m.kind === 'vet');
  const meds = marks.filter((m) => m.kind === 'medicine');
  const day = (t) => shortDate(new Date(t).toISOString());
  return [vets.length ? `${vets.length === 1 ? 'Vet visit' : 'Vet visits'} (dashed line, "Vet"): ${vets.map((m) => day(m.t)).join(', ')}.` : '',
    meds.length ? `${meds.length === 1 ? 'Medicine' : 'Medicines'} started (dashed line, "Med"): ${meds.map((m) => `${m.name} on ${day(m.t)}`).join(', ')}.` : '']
    .filter(Boolean).join(' ');
}

// pts: [{t (ms), v, label}] oldest first. lo/hi: the y range; fmt: a value as text.
// opts: {noun: ['weighing', 'weighings'] (what one point is), band: {lo, hi, label} (a range
// shaded), baseline: {v, label} (a level drawn across), marks (vet visits and medicines)}
export function lineChart(id, title, pts, lo, hi, fmt, unit, fixedTicks, opts = {}) {
  if (!pts.length) return el('p', { class: 'empty-chart', text: 'Nothing logged yet. Log it in the journal and it appears here.' });
  const [one, many] = opts.noun || ['entry', 'entries'];
  const marks = opts.marks || [];
  const t0 = Math.min(pts[0].t, ...marks.map((m) => m.t)), t1 = Math.max(pts[pts.length - 1].t, ...marks.map((m) => m.t));
  const span = t1 - t0;
  const x = (t) => (span > 0 ? M.l + 10 + ((t - t0) / span) * (W - M.l - M.r - 20) : (M.l + W - M.r) / 2);
  const y = (v) => H - M.b - ((v - lo) / (hi - lo || 1)) * (H - M.t - M.b);
  let ticks = fixedTicks;
  if (!ticks) {
    const step = niceStep(hi - lo, 5);
    ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v * 100) / 100);
  }
  const last = pts[pts.length - 1];
  const day = (t) => shortDate(new Date(t).toISOString());
  const upper = (w) => w.charAt(0).toUpperCase() + w.slice(1);
  const extra = [opts.band ? opts.band.label : '', opts.baseline ? opts.baseline.label : '', marksWords(marks)].filter(Boolean).join(' ');
  const desc = (pts.length === 1 ? `One ${one} so far, on ${day(pts[0].t)}: ${fmt(last.v)}${unit}.`
    : `${pts.length} ${many} from ${day(pts[0].t)} to ${day(last.t)}; the latest ${fmt(last.v)}${unit}.`) + (extra ? ` ${extra}` : '');
  const xTicks = span < 864e5 ? [t0] : span < 3 * 864e5 ? [t0, t1] : [t0, (t0 + t1) / 2, t1];
  const b = opts.band, base = opts.baseline;
  return el('figure', { class: 'chart-box' },
    pts.length === 1 ? el('p', { class: 'one-point', text: `One ${one} so far: the line appears with the next one.` }) : null,
    svg('svg', { class: 'chart', id, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
      frame(id, title, desc, ticks, y, (v) => fmt(v)),
      b ? svg('g', { class: 'band' },
        svg('rect', { x: M.l, width: W - M.r - M.l, y: y(b.hi), height: y(b.lo) - y(b.hi) }),
        svg('text', { class: 'band-word', x: M.l + 4, y: y(b.lo) - 4 }, b.short)) : null,
      base ? svg('g', { class: 'baseline' },
        svg('line', { x1: M.l, x2: W - M.r, y1: y(base.v), y2: y(base.v) }),
        svg('text', { class: 'baseline-word', x: M.l + 4, y: y(base.v) - 5 }, base.short)) : null,
      markLines(marks, x),
      xTicks.map((t, i) => svg('text', { class: 'tick', x: x(t), y: H - M.b + 16,
        'text-anchor': xTicks.length === 1 || (i > 0 && i < xTicks.length - 1) ? 'middle' : i === 0 ? 'start' : 'end' }, day(t))),
      pts.length > 1 ? svg('polyline', { class: 'line', points: pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }) : null,
      pts.map((p) => svg('circle', { class: 'dot', cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: pts.length === 1 ? 6 : 4 },
        svg('title', {}, `${p.label}: ${fmt(p.v)}${unit}`)))),
    el('figcaption', { class: 'muted', text: upper(desc) }),
    table(title, ['When', title.replace(/ over time$/, '')], [...pts].reverse().map((p) => [p.label, fmt(p.v) + unit])));
}

export async function chartsPage(kb, name) {
  const s = await api('GET', `/cats/${enc(name)}/summary`);
  name = (s.cat && s.cat.name) || name;
  const evs = [];
  let after = null;
  for (let i = 0; i < 50; i++) {
    const r = await api('GET', `/cats/${enc(name)}/events?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    evs.push(...r.events);
    after = r.next_cursor;
    if (!after) break;
  }
  const pts = (kind, f) => evs.filter((e) => e.kind === kind && typeof f(e.data) === 'number')
    .map((e) => ({ t: Date.parse(e.t), v: f(e.data), label: new Date(e.t).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) }))
    .sort((a, b) => a.t - b.t);
  const cat = await api('GET', `/cats/${enc(name)}`).catch(() => ({}));
  const day = (t) => new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  // the vet visits and medicines, marked on every chart
  const marks = evs.filter((e) => e.kind === 'vet_visit' || e.kind === 'medicine')
    .map((e) => ({ t: Date.parse(e.t), kind: e.kind === 'vet_visit' ? 'vet' : 'medicine', name: (e.data && e.data.name) || 'a medicine',
      label: e.kind === 'vet_visit' ? `Vet visit, ${day(e.t)}` : `Medicine started: ${(e.data && e.data.name) || ''}, ${day(e.t)}` }))
    .sort((a, b) => a.t - b.t);
    const stool = pts('stool', (d) => (d.chart === 'royal_canin' ? undefined : d.score));
  const weights = pts('weight', (d) => d.kg);
  const pains = pts('pain', (d) => d.score); // the journal's score of 0..10 (the scale's units scaled)
  // the cat's own baseline: its profile's weight, else its first weighing
  const baseline = typeof cat.weight_kg === 'number'
    ? { v: cat.weight_kg, short: `Usual ${num(cat.weight_kg, 2)} kg`, label: `The flat line is ${name}'s usual weight from the profile, ${num(cat.weight_kg, 2)} kg.` }
    : weights.length > 1 ? { v: weights[0].v, short: `First ${num(weights[0].v, 2)} kg`, label: `The flat line is ${name}'s first weighing, ${num(weights[0].v, 2)} kg.` } : null;
  let wlo = 0, whi = 1;
  if (weights.length) {
    const all = weights.map((p) => p.v).concat(baseline ? [baseline.v] : []);
    const lo = Math.min(...all), hi = Math.max(...all);
    const pad = Math.max(0.2, (hi - lo) * 0.15);
    wlo = Math.max(0, Math.floor((lo - pad) * 2) / 2);
    whi = Math.ceil((hi + pad) * 2) / 2;
  }
  let month = '';
  const weeks = (s.episodes_per_week || []).map((w) => {
    const d = new Date(w.from + 'T12:00:00');
    const m = d.toLocaleDateString(undefined, { month: 'short' });
    const item = { label: w.from, long: shortDate(w.from), day: String(d.getDate()), month: m !== month ? m : '', v: w.episodes };
    month = m;
    return item;
  });

  const trendWords = { looser: 'looser than the week before', firmer: 'firmer than the week before', steady: 'about the same as the week before' };
  const stoolText = s.stool && s.stool.latest
    ? `Latest stool score ${s.stool.latest}${s.stool.trend && trendWords[s.stool.trend] ? `; this week ${trendWords[s.stool.trend]} (average ${num(s.stool.average_last_7_days)} against ${num(s.stool.average_days_8_to_14)})` : ''}.`
    : null;
  const weightText = s.weight && typeof s.weight.latest_kg === 'number'
    ? `Latest weight ${num(s.weight.latest_kg, 2)} kg${typeof s.weight.change_90_days_percent === 'number' ? `; ${s.weight.change_90_days_percent > 0 ? '+' : ''}${num(s.weight.change_90_days_percent)}% over 90 days (${s.weight.trend})` : ''}.`
    : null;

  const painMax = ((kb.scales || []).find((x) => x.id === 'fgs') || {}).max || 10;
  const painText = pains.length
    ? `Latest pain score ${num(pains[pains.length - 1].v)} of ${painMax}. A score of 4 or more means pain that needs the vet's relief.`
    : null;

  page(`${name}: charts`, [
    el('p', { class: 'links' },
      el('a', { href: `#/journal/${enc(name)}`, text: `${name}'s journal` }),
      el('a', { href: `#/check/${enc(name)}`, text: `Check ${name}` })),
    el('section', { class: 'part', 'aria-labelledby': 'c-leaks' },
      el('h2', { id: 'c-leaks', text: 'Leaks per week (last 8 weeks)' }),
      weeks.length ? barChart('chart-leaks', 'Leaks per week', weeks, marks) : el('p', { text: 'No weeks to show.' })),
    el('section', { class: 'part', 'aria-labelledby': 'c-stool' },
      el('h2', { id: 'c-stool', text: 'Stool score (1 hard to 7 watery)' }),
      stoolText ? el('p', { text: stoolText }) : null,
      lineChart('chart-stool', 'Stool score over time', stool, 1, 7, (v) => String(Math.round(v * 10) / 10), '', [1, 2, 3, 4, 5, 6, 7],
        { noun: ['stool score', 'stool scores'], marks, band: { lo: 2, hi: 3, short: 'Ideal 2 to 3', label: 'The shaded band is the ideal, 2 to 3 on the Purina chart.' } })),
    el('section', { class: 'part', 'aria-labelledby': 'c-weight' },
      el('h2', { id: 'c-weight', text: 'Weight (kg)' }),
      weightText ? el('p', { text: weightText }) : null,
      lineChart('chart-weight', 'Weight over time', weights, wlo, whi, (v) => num(v, 2), ' kg', null,
        { noun: ['weighing', 'weighings'], marks, baseline })),
    el('section', { class: 'part', 'aria-labelledby': 'c-pain' },
      el('h2', { id: 'c-pain', text: `Pain score (Feline Grimace Scale, 0 to ${painMax})` }),
      painText ? el('p', { text: painText }) : null,
      lineChart('chart-pain', 'Pain score over time', pains, 0, painMax, (v) => num(v), '', [0, 2, 4, 6, 8, 10].filter((v) => v <= painMax),
        { noun: ['pain score', 'pain scores'], marks })),
  ]);
  main.dataset.view = 'charts';
}
