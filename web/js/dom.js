// dom.js: small helpers shared by every page: building elements, calling the API, showing a
// page, the live region, and errors shown next to the field they are about.

export const main = document.getElementById('main');
const status = document.getElementById('status');

// el('p', {class: 'x', text: 'hi', onclick: f}, child, [children]) -> an element.
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else if (k === 'value' && (tag === 'textarea' || tag === 'select')) e.value = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  append(e, kids);
  return e;
}

export function svg(tag, attrs = {}, ...kids) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  append(e, kids);
  return e;
}

function append(e, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.append(typeof k === 'number' ? String(k) : k);
  }
}

// An error from the API ({"error": {"code", "message", "field", "reason", "params"}}) or from
// the network. message is in plain words for the owner (see plainMessage); detail keeps the
// server's own text.
export class ApiError extends Error {
  constructor(message, { status = 0, code = null, field = null, reason = null, detail = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.reason = reason;
    this.detail = detail === null ? message : detail;
  }
}

// What a numbered field is, for the sentences below: [a noun phrase, the unit after a number].
const WHAT = {
  weight_kg: ['a weight', 'kg'], 'data.kg': ['a weight', 'kg'],
  age_years: ['an age', 'years'],
  'data.minutes': ['the minutes', ''],
  body_condition_9pt: ['a body condition score', ''], 'data.score': ['a score', ''],
  'data.times_per_day': ['the times a day', ''], 'data.days': ['the number of days', ''],
};
const upper = (t) => t.charAt(0).toUpperCase() + t.slice(1);

// An API error as a sentence an owner understands, by the field it names and its stable
// reason id (docs/vocabulary.md, "Error reasons"): {"reason": "out_of_range", "field":
// "weight_kg", "params": {"value": 0, "min": 0.2, "max": 20}} becomes "Please give a weight from
// 0.2 to 20 kg. 0 kg is outside that range." The English message is never read for its meaning:
// an error with no reason known here shows the server's own words (the field's name in front of
// them left out, since the form already shows which field it is).
const BY_REASON = {
  no_cat: (p) => p.name !== undefined ? `There is no cat called ${p.name}.` : 'There is no such cat.',
  name_taken: (p) => `There is already a cat called ${p.name}. Please choose another name.`,
  out_of_range: (p, what, u, field) => {
    const w = field === 'data.score' && p.max === 5 ? 'a Royal Canin score' : what;
    const head = `Please give ${w} from ${p.min} to ${p.max}${u}.`;
    return p.value !== undefined ? `${head} ${p.value}${u} is outside that range.` : head;
  },
  not_number: (p, what, u) => p.min !== undefined ? `Please give ${what} from ${p.min} to ${p.max}${u}.` : 'Please give a number.',
  not_whole: () => 'Please give a whole number.',
  in_future: () => 'The date cannot be in the future.',
  too_old: (p) => `Please check the birth date: it is more than ${p.max} years ago.`,
  not_date: () => 'Please give the full date: day, month and year.',
  too_long: (p) => `Please keep this to ${p.max} characters or fewer.`,
  required: (p, what, u, field) => field === 'name' ? 'Please give your cat a name.' : 'Please fill this in.',
  name_invisible: () => 'A name cannot contain tabs, line breaks or other invisible characters.',
  name_space: () => 'A name cannot start or end with a space.',
  pain_empty: () => 'Please score at least one part of the face.',
  not_option: () => 'Please choose one of the options given.',
  bad_text: () => 'Please use ordinary text here, without control characters.',
};

export function plainMessage({ status = 0, message = '', field = null, reason = null, params = null } = {}) {
  const [what, unit] = WHAT[field] || ['a number', ''];
  const u = unit ? ` ${unit}` : '';
  const say = reason && Object.prototype.hasOwnProperty.call(BY_REASON, reason) ? BY_REASON[reason] : null;
  if (say) return say(params || {}, what, u, field);
  if (status >= 500) return `scoot had a problem and could not do this (error ${status}). Please try again in a moment.`;
  const m = String(message || '').replace(/\s+$/, '');
  const bare = field && m.includes(': ') ? m.slice(m.indexOf(': ') + 2) : m;
  if (!bare) return status ? `scoot could not do this (error ${status}). Please try again.` : 'Something went wrong. Please try again.';
  return upper(bare) + (/[.?!]$/.test(bare) ? '' : '.');
}

// This device's offset from UTC now, as "+01:00": the server counts the owner's days (what is
// due today, "today 18:00") in it, wherever the server itself is.
export function utcOffset(d = new Date()) {
  const m = -d.getTimezoneOffset();
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

// What every page says when the server does not answer at all.
export const OFFLINE = 'scoot cannot reach its server. Check that it is still running, then try again.';

export async function api(method, path, body) {
  const opts = { method, headers: { Accept: 'application/json', 'Scoot-UTC-Offset': utcOffset() } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let r, text;
  try {
    r = await fetch('/api/v1' + path, opts);
    text = r.status === 204 ? '' : await r.text();
  } catch (e) {
    // (fetch fails with a TypeError, "Failed to fetch", when nothing answers: the owner reads why)
    throw new ApiError(OFFLINE, { code: 'offline', detail: String(e && e.message ? e.message : e) });
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!r.ok) {
    const err = data && data.error ? data.error : {};
    const raw = err.message || `The server answered ${r.status} ${r.statusText}`.trim();
    throw new ApiError(plainMessage({ status: r.status, message: err.message, field: err.field, reason: err.reason, params: err.params }),
      { status: r.status, code: err.code || null, field: err.field || null, reason: err.reason || null, detail: raw });
  }
  return data;
}

export const enc = encodeURIComponent;

// Replaces the page: an h1 (focused, so that a screen reader starts there) and the content.
// opts.before: nodes shown above the heading (a progress line).
let shown = false; // the first page after loading keeps the focus at the top (the skip link)
let pages = 0;
// How many pages have been drawn: a page that is still the one drawn compares equal.
export const pageCount = () => pages;
export function page(title, content, opts = {}) {
  const h1 = el('h1', { id: 'page-title', tabindex: '-1', text: title });
  pages++;
  main.replaceChildren(...[opts.before, h1, content].flat(Infinity).filter((x) => x !== null && x !== undefined && x !== false));
  oneDisclaimer();
  for (const k of Object.keys(main.dataset)) delete main.dataset[k];
  document.title = (opts.docTitle || title) + ' — scoot';
  if (opts.focus !== false && shown) h1.focus();
  if (opts.focus !== false) shown = true;
  window.scrollTo(0, 0);
  return h1;
}

// One disclaimer on a page: the footer's ("does not replace your vet") is hidden on a page
// that gives the KB's own (an answer, the check's start page). disclaimer: the KB's text.
const footer = document.querySelector('body > footer');
let kbDisclaimer = '';
export function setDisclaimer(text) { kbDisclaimer = text || ''; oneDisclaimer(); }
function oneDisclaimer() {
  if (!footer) return;
  const own = main.querySelector('.disclaimer')
    || (kbDisclaimer && [...main.querySelectorAll('p')].some((p) => p.textContent.trim() === kbDisclaimer));
  footer.hidden = Boolean(own);
}

// Says text in the polite live region (cleared first so that the same text is said again).
export function say(text) {
  status.textContent = '';
  window.setTimeout(() => { status.textContent = text; }, 30);
}

// An error in the owner's words: an API error's message is already plain (plainMessage), and
// so is the app's own (a plain Error); a failed fetch is the server out of reach; anything else
// (a bug: a TypeError, a RangeError) is not shown as programmer text.
export function errorText(e) {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError && /fetch|network/i.test(String(e.message))) return OFFLINE;
  // (a plain Error is the app's own sentence: "Please tick what you noticed.")
  if (e instanceof Error && e.constructor === Error && e.message) return e.message;
  return 'Something went wrong on this page. Please reload it and try again.';
}

export function errorBox(e) {
  return el('p', { class: 'error', role: 'alert', text: errorText(e) });
}

// "1 day", "2 days"; "1 entry", "3 entries" (many: the plural when it is not one + "s")
export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

let uid = 0;
export const newId = (prefix) => `${prefix}-${++uid}`;

// A labelled control with room for a hint and an error message right under it.
//   field('Weight in kg', input, {hint: 'text'}) -> {node, input, error, setError, clear}
export function field(label, input, opts = {}) {
  if (!input.id) input.id = newId('f');
  const error = el('p', { class: 'field-error', id: input.id + '-error', role: 'alert' });
  const hint = opts.hint ? el('p', { class: 'hint', id: input.id + '-hint', text: opts.hint }) : null;
  input.setAttribute('aria-describedby', [hint && hint.id, error.id].filter(Boolean).join(' '));
  const node = el('div', { class: 'field' + (opts.class ? ' ' + opts.class : '') },
    el('label', { for: input.id, text: label }), hint, input, error);
  return {
    node, input, error, hint,
    setError(msg) { error.textContent = msg; input.setAttribute('aria-invalid', 'true'); },
    clear() { error.textContent = ''; input.removeAttribute('aria-invalid'); },
  };
}

// A group of radio buttons (or checkboxes) in a fieldset with a legend and an error line.
//   choices(legend, name, [{value, text, hint}], {type, checked, hideLegend})
export function choices(legend, name, items, opts = {}) {
  const type = opts.type || 'radio';
  const error = el('p', { class: 'field-error', id: newId('err'), role: 'alert' });
  const fs = el('fieldset', { class: 'choices', 'aria-describedby': error.id },
    el('legend', { class: opts.hideLegend ? 'visually-hidden' : null, text: legend }),
    items.map((it) => {
      const id = newId(name);
      const chosen = Array.isArray(opts.checked) ? opts.checked.includes(it.value) : opts.checked === it.value;
      return el('div', { class: 'choice' },
        el('input', { type, id, name, value: String(it.value), checked: chosen }),
        el('label', { for: id }, it.strong ? el('strong', { text: it.strong }) : null, it.strong ? ' ' : null, it.text));
    }),
    error);
  return {
    node: fs,
    error,
    value() { const c = fs.querySelector('input:checked'); return c ? c.value : null; },
    values() { return [...fs.querySelectorAll('input:checked')].map((c) => c.value); },
    reset() { fs.querySelectorAll('input').forEach((c) => { c.checked = false; }); },
    setError(msg) { error.textContent = msg; fs.setAttribute('aria-invalid', 'true'); },
    clear() { error.textContent = ''; fs.removeAttribute('aria-invalid'); },
  };
}

// The message of an API error without a leading "cat.weight_kg: " when it is shown beside
// the field it names (the API's messages are already plain, see plainMessage).
export function fieldMessage(e) {
  return String(e.message).replace(/^[\w.[\]]+: /, '');
}

// A number typed by the owner: "4.2", "4,2" (a decimal comma: one comma and no dot), "12",
// ".5", "-1". Anything else ("1.234,5", "4 kg", "1e3", "") is NaN, for the caller to refuse.
export function parseDecimal(raw) {
  const s = String(raw === undefined || raw === null ? '' : raw).trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return NaN;
  return Number(s.replace(',', '.'));
}

// A box for a number that takes a decimal comma too (a type=number box in Chromium drops the
// comma of "1,5" and sends 15): a text input with the decimal keypad on phones.
export function decimalInput(attrs = {}) {
  return el('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

// Shows an API error next to its field (fields: {apiFieldName: field() or choices()}), else in
// the general error line; moves the focus to the field.
export function showError(e, fields, general) {
  const f = e.field && fields[e.field];
  if (f) {
    f.setError(fieldMessage(e));
    const target = f.input || f.node.querySelector('input');
    if (target) target.focus();
  } else if (general) {
    general.textContent = errorText(e);
  } else {
    say(errorText(e));
  }
}

export function clearErrors(fields, general) {
  for (const f of Object.values(fields)) f.clear();
  if (general) general.textContent = '';
}

// "Tue 24 Nov, 14:05" in the reader's own locale.
export function when(t) {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function shortDate(iso) {
  const d = new Date(iso.length === 10 ? iso + 'T12:00:00' : iso);
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

// "Tuesday 8 December" for a date YYYY-MM-DD (a day of the reader's calendar) or a time, in
// the reader's own locale; with the year when it is not this year's.
export function longDate(x) {
  const d = typeof x === 'string' && x.length === 10 ? new Date(`${x}T12:00:00`) : new Date(x);
  if (Number.isNaN(d.getTime())) return String(x);
  const year = d.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {};
  return d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', ...year });
}

// The reader's local date as YYYY-MM-DD, today or days from it.
export function todayIso(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// Rounds for display: 4.3, 12, 0.5.
export function num(v, digits = 1) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  return String(Math.round(v * 10 ** digits) / 10 ** digits);
}
