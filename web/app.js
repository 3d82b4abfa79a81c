// app.js: scoot's web app: check a cat, cats, journal, charts, today. No framework; the API
// is /api/v1 (docs/openapi.yaml). Every text a person reads comes from the knowledge base.

const main = document.getElementById('main');
const status = document.getElementById('status');
let kb = null;

// ---- helpers -------------------------------------------------------------------------

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

function svg(tag, attrs = {}, ...kids) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const r = await fetch('/api/v1' + path, opts);
  if (r.status === 204) return null;
  const data = await r.json();
  if (!r.ok) {
    const e = new Error(data.error ? data.error.message : 'HTTP ' + r.status);
    e.field = data.error && data.error.field;
    throw e;
  }
  return data;
}

function page(title, ...content) {
  main.replaceChildren(el('h1', { text: title }), ...content.flat(Infinity).filter((x) => x !== null && x !== undefined));
  delete main.dataset.fact;
  document.title = title + ' — scoot';
  main.focus();
}

function say(text) { status.textContent = text; }

function errorBox(e) { return el('p', { class: 'error', role: 'alert', text: e.message }); }

async function loadKb() {
  if (!kb) kb = await api('GET', '/kb');
  return kb;
}

const fact = (id) => kb.facts.find((f) => f.id === id);
const enc = encodeURIComponent;

// ---- three-valued evaluation of a question's ask_if (unknown counts as "ask") -------------

function evalCond(c, answers) {
  if (!c) return 2;
  if (c.always) return 2;
  if (c.not) return 2 - evalCond(c.not, answers);
  if (c.and) return Math.min(...c.and.map((x) => evalCond(x, answers)));
  if (c.or) return Math.max(...c.or.map((x) => evalCond(x, answers)));
  const v = answers[c.fact];
  if (c.known) return v === undefined ? 0 : 2;
  if (v === undefined) return 1;
  if (c.is) return v === true ? 2 : 0;
  const k = c.option !== undefined ? c.option : c.value;
  const ok = { '<': v < k, '<=': v <= k, '>': v > k, '>=': v >= k, '=': v === k, '!=': v !== k }[c.cmp];
  return ok ? 2 : 0;
}

// ---- check my cat --------------------------------------------------------------------

async function check(catName) {
  await loadKb();
  const answers = {};
  const asked = [];   // the question indices shown, for Back
  let pos = 0;
  let cat = catName || '';
  const cats = await api('GET', '/cats').catch(() => []);

  const known = {}; // what the cat's journal already says: not asked again
  function nextIndex(from) {
    for (let i = from; i < kb.question_order.length; i++) {
      const f = fact(kb.question_order[i]);
      if (f.type === 'text' || f.id in known) continue;
      if (evalCond(f.ask_if, answers) === 0) continue;
      return i;
    }
    return -1;
  }

  function start() {
    const sel = el('select', { id: 'cat-pick' },
      el('option', { value: '', text: 'No cat from the journal' }),
      cats.map((c) => el('option', { value: c.name, text: c.name, selected: c.name === cat })));
    page('Check my cat',
      el('p', { text: 'A few questions, the important safety ones first. Answer what you can; "Not sure" is fine.' }),
      cats.length ? el('p', {}, el('label', { for: 'cat-pick', text: 'Which cat? (its journal adds what it knows)' }), sel) : null,
      el('button', { class: 'big', id: 'start', onclick: begin, text: 'Start' }));
  }

  async function begin() {
    cat = document.getElementById('cat-pick') ? document.getElementById('cat-pick').value : '';
    for (const k of Object.keys(known)) delete known[k];
    for (const k of Object.keys(answers)) delete answers[k];
    asked.length = 0;
    if (cat) {
      try {
        const h = await api('GET', `/cats/${enc(cat)}/history`);
        for (const sec of ['cat', 'findings', 'history'])
          for (const [id, v] of Object.entries(h.case[sec] || {})) { known[id] = v; answers[id] = v; }
        if (h.explain.length) say(`${cat}'s journal answered ${h.explain.length} questions`);
      } catch (e) { /* the check works without the journal */ }
    }
    pos = nextIndex(0);
    if (pos < 0) finish(); else show();
  }

  function answer(id, value) {
    if (value === undefined) delete answers[id]; else answers[id] = value;
    asked.push(pos);
    pos = nextIndex(pos + 1);
    if (pos < 0) finish(); else show();
  }

  function back() {
    if (!asked.length) { start(); return; }
    pos = asked.pop();
    delete answers[kb.question_order[pos]];
    show();
  }

  function numberInput(f) {
    const id = 'q-' + f.id;
    if (f.scale) return scaleInput(f);
    if (f.labels && f.labels.length >= f.max - f.min) {
      const fs = el('fieldset', {}, el('legend', { text: f.ask }),
        f.labels.map((l) => el('label', { class: 'choice' },
          el('input', { type: 'radio', name: id, value: l.value }), el('span', { text: `${l.value}: ${l.text}` }))));
      return { node: fs, read: () => { const c = fs.querySelector('input:checked'); return c ? Number(c.value) : null; } };
    }
    const input = el('input', { type: 'number', id, min: f.min, max: f.max, step: 'any', inputmode: 'decimal' });
    const node = el('p', {}, el('label', { for: id, text: `${f.ask} (${f.min} to ${f.max}${f.unit ? ' ' + f.unit : ''})` }), input);
    return { node, read: () => (input.value === '' ? null : Number(input.value)) };
  }

  function scaleInput(f) {
    const sc = kb.scales.find((s) => s.id === f.scale);
    const groups = sc.units.map((u, k) => el('fieldset', {}, el('legend', { text: u.name }),
      u.scores.map((t, v) => el('label', { class: 'choice' },
        el('input', { type: 'radio', name: `u-${k}`, value: v }), el('span', { text: `${v}: ${t}` }))),
      el('label', { class: 'choice' }, el('input', { type: 'radio', name: `u-${k}`, value: '-' }), el('span', { text: 'Cannot see it' }))));
    const out = el('p', { 'aria-live': 'polite', class: 'muted' });
    const node = el('div', {}, el('p', { text: sc.about || '' }), groups, out);
    const read = () => {
      let sum = 0, seen = 0;
      sc.units.forEach((u, k) => {
        const c = node.querySelector(`input[name="u-${k}"]:checked`);
        if (c && c.value !== '-') { sum += Number(c.value); seen++; }
      });
      if (!seen) return null;
      const top = sc.units[0].scores.length - 1;
      return Math.round((sum / (top * seen)) * sc.max * 10) / 10;
    };
    node.addEventListener('change', () => { const v = read(); out.textContent = v === null ? '' : `Score: ${v} out of ${sc.max}`; });
    return { node, read };
  }

  function show() {
    const f = fact(kb.question_order[pos]);
    const n = asked.length + 1;
    const remaining = kb.question_order.slice(pos)
      .filter((id) => !(id in known) && fact(id).type !== 'text' && evalCond(fact(id).ask_if, answers) !== 0).length;
    const help = f.help ? el('details', { class: 'help' }, el('summary', { text: 'How to check' }), el('p', { text: f.help })) : null;
    const err = el('p', { class: 'error', role: 'alert' });
    const nav = el('div', { class: 'nav-row' },
      el('button', { class: 'secondary', onclick: back, text: 'Back' }));
    const head = [el('p', { class: 'progress', text: `Question ${n} of about ${n + remaining - 1}` }),
      f.redflag ? el('p', { class: 'redflag', text: 'Safety question' }) : null];
    if (f.type === 'yesno') {
      page(f.ask, head, help, el('div', { class: 'answers', role: 'group', 'aria-label': 'Your answer' },
        el('button', { onclick: () => answer(f.id, true), text: 'Yes' }),
        el('button', { onclick: () => answer(f.id, false), text: 'No' }),
        el('button', { class: 'secondary', onclick: () => answer(f.id, undefined), text: 'Not sure' })), nav);
      main.dataset.fact = f.id;
      return;
    }
    let input;
    if (f.type === 'choice') {
      const fs = el('fieldset', {}, el('legend', { text: 'Choose one' }),
        f.options.map((o) => el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'opt', value: o.id }), el('span', { text: o.text || o.id }))));
      input = { node: fs, read: () => { const c = fs.querySelector('input:checked'); return c ? c.value : null; } };
    } else {
      input = numberInput(f);
    }
    const next = () => {
      const v = input.read();
      if (v === null) { answer(f.id, undefined); return; }
      if (typeof v === 'number' && (Number.isNaN(v) || v < f.min || v > f.max)) {
        err.textContent = `Please give a number from ${f.min} to ${f.max}.`;
        return;
      }
      answer(f.id, v);
    };
    nav.append(el('button', { class: 'secondary', onclick: () => answer(f.id, undefined), text: 'Not sure' }),
      el('button', { onclick: next, text: 'Next' }));
    page(f.ask, head, help, input.node, err, nav);
    main.dataset.fact = f.id;
  }

  async function finish() {
    const body = { cat: {}, findings: {}, history: {} };
    for (const [id, v] of Object.entries(answers)) body[fact(id).section][id] = v;
    page('Your answer', el('p', { text: 'Working it out…' }));
    try {
      const res = cat ? (await api('POST', `/cats/${enc(cat)}/assess`, body)).result : await api('POST', '/assess', body);
      showResult(res, cat);
    } catch (e) {
      page('Something went wrong', errorBox(e), el('button', { onclick: start, text: 'Start again' }));
    }
  }

  start();
}

function schedule(s) {
  if (!s) return '';
  const parts = [];
  if (s.times_per_day) parts.push(`${s.times_per_day}× a day`);
  if (s.minutes) parts.push(`${s.minutes} minutes`);
  if (s.days) parts.push(`for ${s.days} days`);
  return parts.join(', ');
}

function showResult(r, cat) {
  const t = r.triage;
  const banner = el('section', { class: `banner level-${t.level}`, 'data-level': t.level, 'aria-labelledby': 'level' },
    el('h2', { id: 'level', text: t.label }), el('p', { text: t.advice }));
  const causes = r.causes.filter((c, i) => i === 0 || c.score >= 0.05).slice(0, 5);
  page('Your answer', banner,
    el('h2', { text: 'Why' }), el('ul', {}, t.reasons.map((x) => el('li', { text: x.text }))),
    el('h2', { text: 'What is probably behind it' }),
    causes.map((c) => el('div', { class: 'cause' },
      el('p', {}, el('span', { class: 'score', text: `${Math.round(c.score * 100)}% ` }), el('strong', { text: c.name })),
      c.about ? el('p', { class: 'muted', text: c.about }) : null,
      c.for.length ? el('ul', { class: 'for', 'aria-label': 'For' }, c.for.map((e) => el('li', { text: '+ ' + e.text }))) : null,
      c.against.length ? el('ul', { class: 'against', 'aria-label': 'Against' }, c.against.map((e) => el('li', { text: '− ' + e.text }))) : null)),
    el('h2', { text: 'What to do now' }),
    r.care.map((k) => el('div', { class: 'card' }, el('h3', { text: k.title }),
      schedule(k.schedule) ? el('p', { class: 'muted', text: schedule(k.schedule) }) : null,
      el('ol', {}, k.steps.map((s) => el('li', { text: s }))),
      k.cautions.length ? el('ul', {}, k.cautions.map((s) => el('li', { text: '⚠ ' + s }))) : null)),
    r.withheld.length ? [el('h2', { text: 'Not now' }), el('ul', {}, r.withheld.map((w) => el('li', { text: `${w.title}: ${w.reason}` })))] : null,
    r.watch_for.length ? [el('h2', { text: 'Watch for' }), el('ul', {}, r.watch_for.map((w) => el('li', { text: w.text })))] : null,
    r.unanswered_red_flags.length ? [el('h2', { text: 'Safety questions not answered' }), el('ul', {}, r.unanswered_red_flags.map((w) => el('li', { text: w.question })))] : null,
    el('p', { class: 'muted', text: r.disclaimer }),
    el('div', { class: 'nav-row' },
      el('button', { class: 'secondary', onclick: () => window.print(), text: 'Print' }),
      cat ? el('a', { class: 'button', href: `#/journal/${enc(cat)}`, text: `${cat}'s journal` }) : null));
  say(t.label);
}

// ---- cats ----------------------------------------------------------------------------

const catFields = [
  ['name', 'Name', 'text'], ['birth_date', 'Birth date', 'date'], ['age_years', 'Age in years (if no birth date)', 'number'],
  ['sex', 'Sex', ['', 'female', 'male']], ['neutered', 'Neutered', ['', 'yes', 'no']], ['coat', 'Coat', ['', 'short', 'long']],
  ['breed', 'Breed', 'text'], ['weight_kg', 'Weight in kg', 'number'], ['body_condition_9pt', 'Body condition (1 to 9, 5 ideal)', 'number'],
];

function catForm(cat, onsave) {
  const inputs = {};
  const err = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { novalidate: true },
    catFields.map(([id, label, type]) => {
      const fid = 'cat-' + id;
      let input;
      const v = cat ? cat[id] : undefined;
      if (Array.isArray(type)) {
        const cur = v === true ? 'yes' : v === false ? 'no' : v;
        input = el('select', { id: fid }, type.map((o) => el('option', { value: o, text: o || '—', selected: o === (cur || '') })));
      } else {
        input = el('input', { id: fid, type, value: v === undefined ? '' : v, step: type === 'number' ? 'any' : undefined });
      }
      inputs[id] = input;
      return el('p', {}, el('label', { for: fid, text: label }), input);
    }),
    err, el('button', { type: 'submit', text: cat ? 'Save' : 'Add cat' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [id, , type] of catFields) {
      const raw = inputs[id].value.trim();
      if (raw === '') { if (cat && cat[id] !== undefined) body[id] = null; continue; }
      body[id] = id === 'neutered' ? raw === 'yes' : type === 'number' ? Number(raw) : raw;
    }
    try {
      await onsave(body);
    } catch (e) {
      err.textContent = e.message;
      if (e.field && inputs[e.field]) inputs[e.field].focus();
    }
  });
  return form;
}

async function catsPage() {
  const cats = await api('GET', '/cats');
  page('Cats',
    cats.length ? el('ul', {}, cats.map((c) => el('li', {},
      el('strong', { text: c.name }), ' — ',
      el('a', { href: `#/journal/${enc(c.name)}`, text: 'journal' }), ' · ',
      el('a', { href: `#/charts/${enc(c.name)}`, text: 'charts' }), ' · ',
      el('a', { href: `#/edit/${enc(c.name)}`, text: 'edit' })))) : el('p', { text: 'No cats yet.' }),
    el('h2', { text: 'Add a cat' }),
    catForm(null, async (body) => { await api('POST', '/cats', body); say(`Added ${body.name}`); location.hash = `#/journal/${enc(body.name)}`; }));
}

async function editPage(name) {
  const cat = await api('GET', `/cats/${enc(name)}`);
  page(`Edit ${cat.name}`, catForm(cat, async (body) => { await api('PATCH', `/cats/${enc(name)}`, body); location.hash = '#/cats'; }));
}

// ---- journal -------------------------------------------------------------------------

function describe(ev) {
  const d = ev.data;
  switch (ev.kind) {
    case 'episode': return 'Leak' + (d.amount ? `: ${d.amount}` : '') + (d.look ? `, ${[].concat(d.look).join(', ')}` : '');
    case 'stool': return `Stool score ${d.score}`;
    case 'weight': return `Weight ${d.kg} kg`;
    case 'pain': return `Pain score ${d.score} of 10`;
    case 'care': return `Care done: ${d.care}`;
    case 'assessment': return `Check: ${d.result && d.result.triage ? d.result.triage.label : ''}`;
    default: return ev.kind;
  }
}

async function journalPage(name) {
  await loadKb();
  const list = el('ul', { class: 'timeline' });
  const err = el('p', { class: 'error', role: 'alert' });
  async function refresh() {
    const r = await api('GET', `/cats/${enc(name)}/events?limit=1000`);
    list.replaceChildren(...r.events.reverse().map((ev) => el('li', {},
      el('span', {}, el('span', { class: 'muted', text: new Date(ev.t).toLocaleString() + ' ' }), describe(ev)),
      el('button', { class: 'secondary', 'aria-label': `Delete ${describe(ev)}`, onclick: async () => { await api('DELETE', `/events/${ev.id}`); say('Deleted'); refresh(); }, text: 'Delete' }))));
  }
  async function log(kind, data, what) {
    try { await api('POST', `/cats/${enc(name)}/events`, { kind, data }); say(`Logged ${what}`); err.textContent = ''; refresh(); }
    catch (e) { err.textContent = e.message; }
  }
  const amount = el('select', { id: 'ep-amount' }, ['', 'spot', 'smear', 'puddle'].map((o) => el('option', { value: o, text: o || '—' })));
  const look = el('select', { id: 'ep-look' }, ['', 'brown', 'grey', 'yellow', 'bloody', 'pus'].map((o) => el('option', { value: o, text: o || '—' })));
  const context = el('select', { id: 'ep-context' }, ['', 'fright', 'rest', 'after_stool', 'other'].map((o) => el('option', { value: o, text: o ? o.replace('_', ' ') : '—' })));
  const stoolF = fact('fecal_score');
  const stool = el('select', { id: 'stool' }, (stoolF.labels || []).map((l) => el('option', { value: l.value, text: `${l.value}: ${l.text}` })));
  const weight = el('input', { id: 'weight', type: 'number', step: '0.01', min: '0.2', max: '20' });
  const care = el('select', { id: 'care' }, kb.care.map((k) => el('option', { value: k.id, text: k.title })));
  const fgs = kb.scales[0];
  const units = fgs.units.map((u) => el('select', { id: `pain-${u.id}` }, el('option', { value: '', text: 'not visible' }), u.scores.map((s, v) => el('option', { value: v, text: `${v}: ${s}` }))));
  page(`${name}'s journal`,
    el('button', { class: 'big', id: 'log-leak', onclick: () => {
      const d = {};
      if (amount.value) d.amount = amount.value;
      if (look.value) d.look = [look.value];
      if (context.value) d.context = context.value;
      log('episode', d, 'a leak');
    }, text: 'Log a leak now' }),
    el('details', {}, el('summary', { text: 'Details of the leak (optional)' }),
      el('p', {}, el('label', { for: 'ep-amount', text: 'How much' }), amount),
      el('p', {}, el('label', { for: 'ep-look', text: 'How it looked' }), look),
      el('p', {}, el('label', { for: 'ep-context', text: 'What happened just before' }), context)),
    err,
    el('h2', { text: 'Log something else' }),
    el('div', { class: 'card' }, el('label', { for: 'stool', text: 'Stool (Purina chart)' }), stool,
      el('button', { onclick: () => log('stool', { score: Number(stool.value) }, 'stool'), text: 'Log stool' })),
    el('div', { class: 'card' }, el('label', { for: 'weight', text: 'Weight in kg' }), weight,
      el('button', { onclick: () => log('weight', { kg: Number(weight.value) }, 'weight'), text: 'Log weight' })),
    el('div', { class: 'card' }, el('p', { text: fgs.title }),
      fgs.units.map((u, k) => el('p', {}, el('label', { for: `pain-${u.id}`, text: u.name }), units[k])),
      el('button', { onclick: () => {
        const d = {};
        fgs.units.forEach((u, k) => { if (units[k].value !== '') d[u.id] = Number(units[k].value); });
        log('pain', d, 'a pain score');
      }, text: 'Log pain score' })),
    el('div', { class: 'card' }, el('label', { for: 'care', text: 'Care done' }), care,
      el('button', { onclick: () => log('care', { care: care.value }, 'care'), text: 'Log care' })),
    el('p', {}, el('a', { href: `#/check/${enc(name)}`, text: `Check ${name} now` }), ' · ',
      el('a', { href: `#/charts/${enc(name)}`, text: 'Charts' })),
    el('h2', { text: 'Timeline' }), list);
  refresh();
}

// ---- charts --------------------------------------------------------------------------

function barChart(title, items) {
  const w = 400, h = 160, top = 16, max = Math.max(1, ...items.map((x) => x.v));
  const bw = w / items.length, bh = (v) => (v / max) * (h - top);
  return svg('svg', { class: 'chart', viewBox: `0 0 ${w} ${h + 30}`, role: 'img', 'aria-label': title },
    svg('title', {}, title),
    items.map((x, i) => [
      svg('rect', { class: 'bar', x: i * bw + 4, y: h - bh(x.v), width: bw - 8, height: bh(x.v) }),
      svg('text', { x: i * bw + bw / 2, y: h + 14, 'text-anchor': 'middle' }, x.label),
      svg('text', { x: i * bw + bw / 2, y: h - bh(x.v) - 4, 'text-anchor': 'middle' }, String(x.v))]),
    svg('line', { class: 'axis', x1: 0, y1: h, x2: w, y2: h }));
}

function lineChart(title, pts, lo, hi) {
  const w = 400, h = 160;
  if (pts.length === 0) return el('p', { class: 'muted', text: `${title}: nothing logged yet.` });
  const t0 = pts[0].t, t1 = Math.max(pts[pts.length - 1].t, t0 + 1);
  const x = (t) => 10 + ((t - t0) / (t1 - t0)) * (w - 20);
  const y = (v) => h - ((v - lo) / (hi - lo || 1)) * (h - 10);
  return svg('svg', { class: 'chart', viewBox: `0 0 ${w} ${h + 20}`, role: 'img', 'aria-label': title },
    svg('title', {}, title),
    svg('polyline', { class: 'line', points: pts.map((p) => `${x(p.t)},${y(p.v)}`).join(' ') }),
    pts.map((p) => svg('circle', { cx: x(p.t), cy: y(p.v), r: 3 })),
    svg('text', { x: 4, y: 12 }, String(hi)), svg('text', { x: 4, y: h }, String(lo)),
    svg('line', { class: 'axis', x1: 0, y1: h, x2: w, y2: h }));
}

async function chartsPage(name) {
  const s = await api('GET', `/cats/${enc(name)}/summary`);
  const ev = (await api('GET', `/cats/${enc(name)}/events?limit=1000`)).events;
  const pts = (kind, f) => ev.filter((e) => e.kind === kind).map((e) => ({ t: Date.parse(e.t), v: f(e.data) }));
  const weights = pts('weight', (d) => d.kg);
  const wlo = Math.floor(Math.min(...weights.map((p) => p.v), 99)), whi = Math.ceil(Math.max(...weights.map((p) => p.v), 0));
  page(`${name}: charts`,
    el('h2', { text: 'Leaks per week (last 8 weeks)' }),
    barChart('Leaks per week', s.episodes_per_week.map((w) => ({ label: w.from.slice(5), v: w.episodes }))),
    el('h2', { text: 'Stool score (1 hard … 7 watery)' }),
    lineChart('Stool score over time', pts('stool', (d) => d.score), 1, 7),
    el('h2', { text: 'Weight (kg)' }),
    lineChart('Weight over time', weights, wlo, whi));
}

// ---- today ---------------------------------------------------------------------------

async function todayPage() {
  const items = await api('GET', '/due');
  const list = el('ul', { class: 'timeline' });
  const render = (arr) => list.replaceChildren(...arr.map((d) => el('li', {},
    el('span', {}, el('strong', { text: `${d.cat}: ${d.title}` }),
      el('span', { class: 'muted', text: ` — ${d.done_today} of ${d.planned_today} done today${d.overdue ? `, ${d.overdue} missed before` : ''}` })),
    d.remaining_today ? el('button', { 'aria-label': `Done: ${d.title} for ${d.cat}`, onclick: async () => {
      await api('POST', `/cats/${enc(d.cat)}/done`, { item: d.item });
      say(`Done: ${d.title}`);
      render(await api('GET', '/due'));
    }, text: 'Done' }) : el('span', { text: '✓ done for today' }))));
  render(items);
  page('Today', items.length ? list : el('p', { text: 'Nothing is due today.' }));
}

// ---- router --------------------------------------------------------------------------

async function route() {
  const [, name, arg] = (location.hash || '#/check').split('/');
  const cat = arg ? decodeURIComponent(arg) : undefined;
  try {
    if (name === 'cats') await catsPage();
    else if (name === 'edit') await editPage(cat);
    else if (name === 'journal') await journalPage(cat);
    else if (name === 'charts') await chartsPage(cat);
    else if (name === 'today') await todayPage();
    else await check(cat);
  } catch (e) {
    page('Something went wrong', errorBox(e));
  }
}

window.addEventListener('hashchange', route);
route();
