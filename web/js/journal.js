// journal.js: a cat's journal: log a leak in one tap (details optional), stool, weight, a pain
// score, what else was noticed, care done, a vet visit; each timed now or earlier; the timeline,
// newest first, with delete. An entry that calls for a vet (the
// server's "concerns": a pain score of 4 or more, blood or pus in a leak, a second leak...) says
// so at once; a weight far from the last one is questioned.

import { api, choices, clearErrors, decimalInput, el, enc, errorText, field, longDate, main, num, page, parseDecimal, plural, say, showError, todayIso, when } from './dom.js';
import { grimace } from './grimace.js';
import { editable, editForm } from './entryedit.js';
import { schedule, showResult, vetReport } from './result.js';

// The options of an entry's field, as [id, words] (the journal's entry kinds and fields come
// with the KB JSON: its "entries").
function options(kb, kind, field) {
  const k = (kb.entries || []).find((x) => x.kind === kind);
  const f = k && (k.fields || []).find((x) => x.name === field);
  return ((f && f.options) || []).map((o) => [o.id, o.text]);
}
// The words of option v of an entry's field (v itself when the field has no such option).
const word = (kb, kind, field, v) => (options(kb, kind, field).find((x) => x[0] === v) || [v, v])[1];

// The short name of a care item for the "What did you do?" list, so that each fits a phone's
// width (a closed select cannot wrap); the full title shows under the list.
const shortCare = (k) => k.short || k.title.split(/[:(,]/)[0].trim() || k.title;

// What an owner may notice between checks, in short words for the "Something else you noticed"
// card and the timeline: the signs the KB lists for it (its "notice", red flags first), logged
// as observations. [finding id, words, value] (value false: the sign has stopped).
const noticeList = (kb) => (kb.notice || []).map((n) => [n.fact, n.text, n.value !== false]);
const noticedWords = (kb, finding, value) => {
  const hit = noticeList(kb).find(([f, , v]) => f === finding && (v === false) === (value === false));
  return hit ? hit[1] : null;
};

// What the journal calls for from a vet, as a notice, or null: the "concerns" the server sends
// with a logged entry (what that entry brings) and with a cat's summary (what the entries since
// its last check or vet visit bring). They are the KB's own triage rules (a pain score of 4 or
// more, blood or pus in a leak, a second leak, diarrhoea...), in its words. open: what is still
// open besides (an entry's "open_concerns"). The parts come the more urgent first: an entry that
// calls for a vet in a day or two must not read as the headline while a "today" from earlier
// entries is still open.
// {level, parts: [{heading (null: none), level, title, items: [text], advice}]}
export function concernNotice(kb, concerns, open = []) {
  const levels = (kb && kb.levels) || [];
  const part = (heading, list) => {
    if (!Array.isArray(list) || !list.length) return null;
    const level = list.some((c) => c.level === 'urgent') ? 'urgent' : 'vet_soon';
    const l = levels.find((x) => x.id === level) || {};
    // (the urgent level's advice, "call your vet now...", holds anywhere; the vet_soon one
    // speaks of the care listed on an answer, which a journal entry has not got)
    return { heading, level, title: l.label || level, items: list.map((c) => c.text), advice: level === 'urgent' ? l.advice : null };
  };
  const mine = new Set((Array.isArray(concerns) ? concerns : []).map((c) => c.rule));
  const still = part('Still open from earlier entries', (Array.isArray(open) ? open : []).filter((c) => !mine.has(c.rule)));
  let own = part(null, concerns);
  let parts = [own, still].filter(Boolean);
  if (own && still && still.level === 'urgent' && own.level !== 'urgent') {
    own = { ...own, heading: 'This entry' };
    parts = [still, own];
  }
  return parts.length ? { level: parts[0].level, parts } : null;
}

// The cat's latest logged weight ({kg, t}) or null.
// before (an ISO time, optional): the latest weight logged before then.
export async function latestWeight(name, before = null) {
  let best = null;
  let after = null;
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams({ kind: 'weight', limit: '1000' });
    if (after) q.set('after', after);
    const r = await api('GET', `/cats/${enc(name)}/events?${q}`);
    for (const ev of r.events) {
      if (!ev.data || typeof ev.data.kg !== 'number' || (before && ev.t >= before)) continue;
      if (!best || ev.t > best.t || (ev.t === best.t && ev.id > best.id)) best = { kg: ev.data.kg, t: ev.t, id: ev.id };
    }
    after = r.next_cursor;
    if (!after) break;
  }
  return best;
}

// How far a new weight is from the last one, when that is more than 30 %: {pct, more}, else null.
export function weightChange(lastKg, kg) {
  if (typeof lastKg !== 'number' || !(lastKg > 0) || typeof kg !== 'number') return null;
  const d = (kg - lastKg) / lastKg;
  if (Math.abs(d) <= 0.3) return null;
  return { pct: Math.round(Math.abs(d) * 100), more: d > 0 };
}

// "Add reminders to your calendar" (GET /cats/{name}/plan.ics) and a line saying what the file
// holds, for a cat with something planned (due: its items of GET /due); [] when nothing is.
export function calendarLink(name, due) {
  if (!Array.isArray(due) || !due.length) return [];
  const titles = [...new Set(due.map((d) => d.title))];
  const list = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}` : titles[0];
  return [
    el('p', {}, el('a', { class: 'calendar', href: `/api/v1/cats/${enc(name)}/plan.ics`, download: '', text: 'Add reminders to your calendar' })),
    el('p', { class: 'muted calendar-what', text: `A calendar file for your phone or computer with a reminder for each time of ${name}'s plan: ${list}. Add it again after a change and it updates the reminders.` }),
  ];
}

export function describe(kb, ev) {
  const d = ev.data || {};
  const care = (id) => (kb.care.find((k) => k.id === id) || { title: id }).title;
  switch (ev.kind) {
    case 'episode': {
      const bits = [d.amount ? word(kb, 'episode', 'amount', d.amount).toLowerCase() : null,
        d.look ? [].concat(d.look).map((l) => word(kb, 'episode', 'look', l).toLowerCase()).join(', ') : null,
        d.context ? word(kb, 'episode', 'context', d.context).toLowerCase() : null, d.where || null].filter(Boolean);
      return 'Leak' + (bits.length ? ': ' + bits.join('; ') : '');
    }
    case 'observation': {
      const f = kb.facts.find((x) => x.id === d.finding);
      const words = noticedWords(kb, d.finding, d.value);
      if (words) return `Noticed: ${words}`;
      // (no value means "yes, seen", as the journal reads it)
      const v = d.value === true || d.value === undefined || d.value === null ? 'yes' : d.value === false ? 'no' : d.value;
      return `Seen: ${f && f.ask ? f.ask : d.finding} ${v}`;
    }
    case 'stool': {
      if (d.chart === 'royal_canin') return `Stool ${d.score} (Royal Canin chart)`;
      const f = kb.facts.find((x) => x.id === 'fecal_score');
      const l = f && f.labels ? f.labels.find((x) => x.value === d.score) : null;
      return `Stool ${d.score}${l ? ': ' + l.text : ''}`;
    }
    case 'weight': return `Weight ${num(d.kg, 2)} kg`;
    case 'bcs': return `Body condition ${d.score} of 9`;
    case 'pain': {
      const sc = kb.scales.find((s) => s.id === 'fgs');
      const parts = sc ? sc.units.filter((u) => d[u.id] !== undefined && d[u.id] !== null).map((u) => `${u.name.toLowerCase()} ${d[u.id]}`) : [];
      const score = typeof d.score === 'number' ? d.score : null; // stored by the journal
      return `Pain (grimace) score${score === null ? '' : ' ' + score.toFixed(1)} of ${(sc && sc.max) || 10}${parts.length ? ' (' + parts.join(', ') + ')' : ''}`;
    }
    case 'care': {
      const bits = [d.minutes ? plural(d.minutes, 'minute') : null, d.tolerated ? `taken ${word(kb, 'care', 'tolerated', d.tolerated).toLowerCase()}` : null].filter(Boolean);
      return `Done: ${care(d.care)}${bits.length ? ' (' + bits.join(', ') + ')' : ''}`;
    }
    case 'medicine': return `Medicine: ${d.name}${d.dose ? ' ' + d.dose : ''}, ${schedule({ times_per_day: d.times_per_day, days: d.days }).toLowerCase()}`;
    case 'dose': return d.given === false ? 'Dose missed' : 'Dose given';
    case 'vet_visit': {
      const bits = [d.clinic, d.found, d.diagnosis, d.treatment, d.recheck ? `recheck booked for ${longDate(d.recheck)}` : null].filter(Boolean);
      return (d.recheck_done ? 'Vet visit (the recheck)' : 'Vet visit') + (bits.length ? ': ' + bits.join('; ') : '');
    }
    case 'assessment': {
      const t = d.result && d.result.triage;
      return `Check: ${t ? t.label || t.level : 'done'}`;
    }
    default: return ev.kind;
  }
}

async function events(name, since) {
  const all = [];
  let after = null;
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams({ limit: '1000' });
    if (since) q.set('since', since);
    if (after) q.set('after', after);
    const r = await api('GET', `/cats/${enc(name)}/events?${q}`);
    all.push(...r.events);
    after = r.next_cursor;
    if (!after) break;
  }
  return all;
}

export async function journalPage(kb, name) {
  const cat = await api('GET', `/cats/${enc(name)}`);
  name = cat.name;
  const base = `/cats/${enc(name)}`;

  // "This needs a vet": in plain words, in an alert, with the way to the check (which adds what
  // the journal knows). level: 'urgent' or 'vet_soon'. One such notice is on the page: the
  // newest entry's, which also says what is still open from earlier ones (the notice of a card
  // logged before would repeat that).
  let vetBox = null;
  function vetAdvice(box, a) {
    if (vetBox && vetBox !== box) clearNotice(vetBox);
    vetBox = box;
    const reasons = (items) => (items.length > 1 ? el('ul', {}, items.map((t) => el('li', { text: t }))) : el('p', { text: items[0] }));
    box.className = `notice vet-alert level-${a.level}`;
    box.replaceChildren(...a.parts.flatMap((p, i) => [
      el('p', { class: i ? 'vet-alert-still' : 'vet-alert-title', text: p.heading ? `${p.heading}: ${p.title}` : p.title }),
      reasons(p.items),
      p.advice ? el('p', { text: p.advice }) : null,
    ]).filter(Boolean), el('p', {}, el('a', { class: 'check-again', href: `#/check/${enc(name)}`, text: `Check ${name} in full` })));
  }
  // (a box cleared, then used for something else, such as the weight's "is it right?", is no
  // longer the vet notice: the next one must not clear it)
  const clearNotice = (box) => { if (box === vetBox) vetBox = null; box.className = 'notice'; box.replaceChildren(); };

  // ---- log a leak: one tap, details optional
  const choicesOf = (kind, field) => options(kb, kind, field).map(([value, text]) => ({ value, text }));
  const amount = choices('How much', 'ep-amount', choicesOf('episode', 'amount'));
  const look = choices('How it looked (tick all that fit)', 'ep-look', choicesOf('episode', 'look'), { type: 'checkbox' });
  const context = choices('What happened just before', 'ep-context', choicesOf('episode', 'context'));
  const where = field('Where you found it (optional)', el('input', { id: 'ep-where', type: 'text', maxlength: 200 }));
  const epNote = field('Note (optional)', el('input', { id: 'ep-note', type: 'text', maxlength: 500 }));
  const epWhen = whenField('ep-when', 'When you found it (leave empty for now)');
  const leakMsg = el('p', { class: 'logged', id: 'leak-msg', tabindex: '-1' });
  const leakNotice = el('div', { class: 'notice', id: 'leak-notice', role: 'alert' });
  const leakErr = el('p', { class: 'error', role: 'alert' });
  const leakBtn = el('button', { type: 'button', class: 'big', id: 'log-leak', text: 'Log a leak now' });
  const detailBtn = el('button', { type: 'button', text: 'Log a leak with these details' });
  // "this leak or another one?", when the details' time is far from the leak the one tap logged
  const which = el('div', { class: 'confirm', id: 'leak-which', role: 'alert', tabindex: '-1' });
  const details = el('details', { class: 'ep-details' }, el('summary', { text: 'Add details: amount, look, what happened (optional)' }),
    amount.node, look.node, context.node, where.node, epNote.node, epWhen.node, which, detailBtn);
  let busy = false; // (not disabled: a disabled button would lose the keyboard focus)
  // A leak logged with the one tap can get its details next: for a quarter of an hour the
  // details' button adds them to that leak, named by its time, which stays one leak (two
  // entries would read as leaking twice). Later, or once the one tap logs another, the details
  // are a leak of their own: a second leak must never vanish into the first.
  const TAPPED_MS = 15 * 60 * 1000;
  let tapped = null; // {id, data, at} of the leak the one tap logged last on this page
  let tappedTimer = 0;
  // The details' time further than this from the one-tap leak's: they may be about another leak
  // (found earlier, or days ago), so the owner is asked which.
  const FAR_MS = 60 * 60 * 1000;
  const setTapped = (ev) => {
    clearTimeout(tappedTimer);
    which.replaceChildren();
    tapped = ev ? { id: ev.id, data: ev.data || {}, at: Date.now(), t: ev.t } : null;
    const time = ev ? new Date(ev.t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '';
    detailBtn.textContent = ev ? `Add these details to the leak logged at ${time}` : 'Log a leak with these details';
    // (the timer puts the label back; the time is checked again on the click, as a hidden
    // tab may run its timers late)
    if (ev) tappedTimer = setTimeout(() => setTapped(null), TAPPED_MS);
  };
  // choice (after the question): 'same' adds the details to the one-tap leak, 'other' logs them
  // as a leak of their own
  async function logLeak(withDetails, choice = null) {
    const data = {};
    if (amount.value()) data.amount = amount.value();
    if (look.values().length) data.look = look.values();
    if (context.value()) data.context = context.value();
    if (where.input.value.trim()) data.where = where.input.value.trim();
    const body = { kind: 'episode', data };
    if (epNote.input.value.trim()) body.note = epNote.input.value.trim();
    if (busy) return;
    busy = true;
    const leakFields = { 'data.amount': amount, 'data.look': look, 'data.context': context, 'data.where': where, note: epNote, t: epWhen };
    clearErrors(leakFields, leakErr);
    clearNotice(leakNotice);
    try {
      // (the one-tap button logs now; the details' time counts for the details' button only)
      const t = withDetails ? epWhen.iso() : null;
      if (t) body.t = t;
      let ev = null;
      const recent = withDetails && tapped && Date.now() - tapped.at < TAPPED_MS;
      if (recent && t && !choice && Math.abs(Date.parse(t) - Date.parse(tapped.t)) > FAR_MS) {
        const tapTime = new Date(tapped.t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
        const answer = (c) => () => { which.replaceChildren(); logLeak(true, c); };
        which.replaceChildren(
          el('p', { text: `You logged a leak at ${tapTime} with one tap. Are these details about that leak, or about another one found on ${when(t)}?` }),
          el('div', { class: 'confirm-actions' },
            el('button', { type: 'button', id: 'leak-same', text: `That leak: move it to ${when(t)}`, onclick: answer('same') }),
            el('button', { type: 'button', class: 'secondary', id: 'leak-other', text: 'Another leak: log it as well', onclick: answer('other') })));
        which.focus();
        return;
      }
      which.replaceChildren();
      if (recent && choice !== 'other') {
        // (an edit keeps the kind, and what the one tap took from the fields stays)
        const edit = { data: { ...tapped.data, ...data } };
        if (body.note) edit.note = body.note;
        if (body.t) edit.t = body.t;
        ev = await api('PATCH', `/events/${tapped.id}`, edit).catch((e) => {
          if (e.status === 404) return null; // deleted meanwhile: the details make a leak of their own
          throw e;
        });
      }
      const added = ev !== null;
      if (!ev) ev = await api('POST', `${base}/events`, body);
      setTapped(withDetails ? null : ev);
      const at = new Date(ev.t);
      const time = at.toDateString() === new Date().toDateString()
        ? `at ${at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : `for ${when(ev.t)}`;
      leakMsg.textContent = added && choice === 'same' ? `Details added to the leak, which is now timed ${when(ev.t)}.`
        : added ? `Details added to the leak logged ${time}.` : `Leak logged ${time}.`;
      say(added ? 'Added the details to the leak' : 'Logged a leak');
      const a = concernNotice(kb, ev.concerns, ev.open_concerns);
      if (a) vetAdvice(leakNotice, a);
      amount.reset(); look.reset(); context.reset(); where.input.value = ''; epNote.input.value = ''; epWhen.input.value = '';
      // the details close: a focus inside them goes to the message instead of being lost
      const inside = details.contains(document.activeElement);
      details.open = false;
      if (inside) leakMsg.focus();
      refresh();
    } catch (e) {
      showError(e, leakFields, leakErr);
    } finally {
      busy = false;
    }
  }
  leakBtn.addEventListener('click', () => logLeak(false));
  detailBtn.addEventListener('click', () => logLeak(true));

  // ---- the other logs: each a form in a card that opens, with a time ("When") of its own.
  // make(t) gives the body or bodies (or throws a local error for a field); t is the card's
  // time (null: now), given to each body that has none. opts: after() runs after a log;
  // notice(event, box) may fill the card's alert box (vet advice, a weight to confirm);
  // logged(saved) adds words to the "Logged." line; partial(saved) hears which bodies were
  // logged before one was refused; whenLabel, whenAt: the time's label and place.
  function logCard(id, title, controls, button, make, opts = {}) {
    // every card's entries may be timed earlier than now
    const whenCtl = whenField(`when-${id}`, opts.whenLabel);
    controls = opts.whenAt === undefined ? [...controls, whenCtl]
      : [...controls.slice(0, opts.whenAt), whenCtl, ...controls.slice(opts.whenAt)];
    const general = el('p', { class: 'error', role: 'alert' });
    const done = el('p', { class: 'logged' });
    const notice = el('div', { class: 'notice', id: `notice-${id}`, role: 'alert' });
    const form = el('form', { novalidate: true, id: `form-${id}` }, controls.map((c) => c.node), general, done,
      el('button', { type: 'submit', text: button }), notice);
    let busy = false;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (busy) return;
      // (a group of controls, in a fieldset, lists them as parts)
      const map = Object.fromEntries(controls.flatMap((c) => c.parts || [c]).filter((c) => c.key).map((c) => [c.key, c]));
      clearErrors(map, general);
      done.textContent = '';
      clearNotice(notice);
      busy = true;
      try {
        let body;
        try {
          const t = whenCtl.iso();
          body = await make(t);
          // (an entry that make() timed itself keeps its time; null: the server's now)
          if (body && t) for (const b of [].concat(body)) if (b.t === undefined) b.t = t;
        } catch (e) { showError(e, map, general); return; }
        if (!body) return;
        try {
          // (several entries at once: each is logged; what they bring together is shown, with
          // what is open after the last)
          const bodies = Array.isArray(body) ? body : [body];
          const savedAll = [];
          try {
            for (const b of bodies) savedAll.push(await api('POST', `${base}/events`, b));
          } catch (e) {
            // some were logged before one was refused: say which, and let the card leave them
            // out when it is sent again (opts.partial)
            if (savedAll.length) {
              done.textContent = `Logged: ${savedAll.map((x) => describe(kb, x)).join('; ')}. The rest is not logged yet: see below.`;
              if (opts.partial) opts.partial(savedAll);
              refresh();
            }
            throw e;
          }
          const brought = new Map(savedAll.flatMap((x) => (x && x.concerns) || []).map((c) => [c.rule, c]));
          const top = [...brought.values()].some((c) => c.level === 'urgent') ? 'urgent' : 'vet_soon';
          const last = savedAll[savedAll.length - 1];
          const saved = savedAll.length === 1 ? last
            : { ...last, concerns: [...brought.values()].filter((c) => c.level === top) };
          // the server's event: it carries what the server works out (the pain score)
          const extra = opts.logged ? opts.logged(savedAll) : '';
          done.textContent = `Logged. ${[...new Set(savedAll.map((x) => describe(kb, x)))].join('; ')}.${extra ? ' ' + extra : ''}`;
          say(`Logged ${title.toLowerCase()}.${extra ? ' ' + extra : ''}`);
          form.reset();
          if (opts.after) opts.after();
          if (opts.notice) opts.notice(saved || body, notice);
          // what the entry calls for from a vet, unless the card asks something first
          const a = notice.childElementCount ? null : concernNotice(kb, saved && saved.concerns, saved && saved.open_concerns);
          if (a) vetAdvice(notice, a);
          refresh();
        } catch (e) {
          showError(e, map, general);
        }
      } finally {
        busy = false;
      }
    });
    return el('details', { class: 'card log', id: `log-${id}` }, el('summary', { text: title }), form);
  }
  const localError = (message, fieldName) => Object.assign(new Error(message), { field: fieldName });
  // The time of an entry: empty for now, or an earlier time of the reader's clock (a leak found
  // in the morning and logged at night, a visit logged the day after). .iso(): the time as the
  // API takes it, or null for now; throws a local error for a bad or future time.
  // back: how many days back it may go (the journal reads a year; "not eating since", two weeks).
  function whenField(id, label = 'When (leave empty for now)', key = 't', hint = null, back = 365) {
    const local = (ms) => { const d = new Date(ms); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };
    const f = Object.assign(field(label, el('input', { id, type: 'datetime-local', min: local(Date.now() - back * 864e5), max: local(Date.now()) }),
      hint ? { hint } : {}), { key });
    // (the page may stay open for hours: the picker's latest time is now, not when it opened)
    f.input.addEventListener('focus', () => { f.input.max = local(Date.now()); });
    f.iso = () => {
      const v = f.input.value;
      if (f.input.validity && f.input.validity.badInput) throw localError('Please give the full date and time, or leave it empty for now.', key);
      if (!v) return null;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw localError('Please give the full date and time, or leave it empty for now.', key);
      if (d.getTime() > Date.now() + 60000) throw localError('The time cannot be in the future.', key);
      if (d.getTime() < Date.now() - back * 864e5)
        throw localError(back >= 365 ? 'Please give a time within the last year.' : `Please give a time within the last ${back} days.`, key);
      return d.toISOString().replace(/\.\d+Z$/, 'Z');
    };
    return f;
  }

  const stoolFact = kb.facts.find((f) => f.id === 'fecal_score');
  const stool = Object.assign(choices('Which description fits the stool best? (1 is very hard, 7 is watery)', 'stool',
    ((stoolFact && stoolFact.labels) || []).map((l) => ({ value: l.value, strong: String(l.value), text: l.text }))), { key: 'data.score' });
  const weight = Object.assign(field('Weight in kg', decimalInput({ id: 'weight' }),
    { hint: 'Weigh yourself holding the cat, then yourself alone, and take the difference. For example 4.2' }), { key: 'data.kg' });
  let lastKg = null; // the last weight before the one being logged: {kg, t} or null
  let pendingWeight = null; // {id, box}: a logged weight the owner is asked about
  const fgs = kb.scales.find((s) => s.id === 'fgs') || kb.scales[0];
  const pain = fgs ? grimace(fgs) : null;
  const careItems = [...kb.care].sort((a, b) => (Object.keys(b.schedule || {}).length > 0) - (Object.keys(a.schedule || {}).length > 0));
  const careSel = el('select', { id: 'care-item' }, careItems.map((k) => el('option', { value: k.id, text: shortCare(k) })));
  const care = Object.assign(field('What did you do?', careSel), { key: 'data.care' });
  // the chosen item's full title under the list, when its short name leaves something out
  const careFull = el('p', { class: 'hint care-full', id: 'care-item-full', 'aria-live': 'polite' });
  const showCareFull = () => {
    const k = careItems.find((x) => x.id === careSel.value);
    careFull.textContent = k && shortCare(k) !== k.title ? k.title : '';
  };
  careSel.addEventListener('change', showCareFull);
  careSel.setAttribute('aria-describedby', `${careSel.getAttribute('aria-describedby')} care-item-full`);
  care.node.insertBefore(careFull, care.error);
  showCareFull();
  const minutes = Object.assign(field('Minutes (optional)', decimalInput({ id: 'care-minutes', inputmode: 'numeric' })), { key: 'data.minutes' });
  const tolerated = Object.assign(choices('How did your cat take it? (optional)', 'care-tolerated', choicesOf('care', 'tolerated')), { key: 'data.tolerated' });

  // a vet visit, with the recheck it booked and a medicine to give at home (both optional)
  const textField = (label, id, key, max, hint) => Object.assign(field(label, el('input', { id, type: 'text', maxlength: max }), hint ? { hint } : {}), { key });
  const clinic = textField('Clinic or vet (optional)', 'vet-clinic', 'data.clinic', 200);
  const found = textField('What the vet found (optional)', 'vet-found', 'data.found', 2000, 'For example: both glands full, the right one inflamed.');
  const treatment = textField('What the vet did (optional)', 'vet-treatment', 'data.treatment', 2000, 'For example: emptied the glands, flushed them.');
  const recheck = Object.assign(field('Recheck booked for (optional)', el('input', { id: 'vet-recheck', type: 'date' }),
    { hint: 'The Today page reminds you on that day. A visit logged before then keeps the reminder.' }), { key: 'data.recheck' });
  // when a recheck is open: was this visit that recheck? (then its reminder ends, early too)
  const wasRecheck = el('input', { type: 'checkbox', id: 'vet-was-recheck' });
  const wasRecheckBox = el('div', { class: 'choice was-recheck', hidden: true }, wasRecheck, el('label', { for: 'vet-was-recheck' }));
  let openRecheck = null; // the summary's "recheck" of this cat, or null
  const bookedHere = new Set(); // the visits this card logged: the next is not their recheck
  async function loadRecheck() {
    const sm = await api('GET', `${base}/summary`).catch(() => null);
    openRecheck = sm && sm.recheck && !bookedHere.has(sm.recheck.visit) ? sm.recheck : null;
    wasRecheckBox.hidden = !openRecheck;
    wasRecheck.checked = false;
    if (openRecheck) wasRecheckBox.querySelector('label').textContent = `This visit was the recheck booked for ${longDate(openRecheck.date)}`;
  }
  const medName = textField('Name (needed to add a medicine)', 'med-name', 'data.name', 100, 'As on the label.');
  const medDose = textField('How much each time (optional)', 'med-dose', 'data.dose', 100, 'For example: 0.5 ml, or half a tablet.');
  const medTimes = Object.assign(field('Times a day', decimalInput({ id: 'med-times', inputmode: 'numeric' })), { key: 'data.times_per_day' });
  const medDays = Object.assign(field('For how many days', decimalInput({ id: 'med-days', inputmode: 'numeric' })), { key: 'data.days' });
  const medHint = el('p', { class: 'hint', id: 'med-group-hint', text: 'The Today page lists each dose, from today.' });
  const medicine = {
    node: el('fieldset', { class: 'med-group', 'aria-describedby': 'med-group-hint' }, el('legend', { text: 'Medicine to give at home (optional)' }),
      medHint, [medName, medDose, medTimes, medDays].map((f) => f.node)),
    parts: [medName, medDose, medTimes, medDays],
  };
  let visitLogged = null; // the visit of a send whose medicine was refused: not sent again
  const wholeIn = (f, lo, hi, what) => {
    const v = f.input.value.trim();
    const n = parseDecimal(v);
    if (v === '') throw localError(`Please give ${what}, as on the vet's instructions.`, f.key);
    if (!Number.isInteger(n) || n < lo || n > hi) throw localError(`Please give ${what} as a whole number from ${lo} to ${hi}.`, f.key);
    return n;
  };

  const NOTICED = noticeList(kb);
  const noticed = choices('What did you notice? Tick all that fit.', 'seen-what',
    NOTICED.map(([f, text], k) => ({ f, value: String(k), text })), { type: 'checkbox' });
  // "not eating" since when: a day or more without food is what makes it urgent
  const noEatK = String(NOTICED.findIndex(([f, , v]) => f === 'not_eating' && v !== false));
  let sentSince = false; // the last send began with the "not eating since" entry
  const noEatSince = whenField('seen-noeat-since', 'Not eating since (optional)', 'since',
    'When you first saw your cat leave its food. A day or more without food needs a vet today.', 14);
  noEatSince.node.hidden = true;
  noEatSince.node.classList.add('since');
  const noEatBox = noticed.node.querySelector(`input[value="${noEatK}"]`);
  if (noEatBox) {
    // (right under its box, where it appears: not 17 boxes further down)
    noEatBox.closest('.choice').after(noEatSince.node);
    noEatBox.setAttribute('aria-controls', noEatSince.input.id);
    noEatBox.addEventListener('change', () => { noEatSince.node.hidden = !noEatBox.checked; });
  }
  const cards = [
    logCard('stool', 'Stool (score 1 to 7)', [stool], 'Log stool', () => {
      if (stool.value() === null) throw localError('Please choose the description that fits best.', 'data.score');
      return { kind: 'stool', data: { score: Number(stool.value()) } };
    }),
    logCard('weight', 'Weight', [weight], 'Log weight', async (t) => {
      const v = weight.input.value.trim();
      const kg = parseDecimal(v);
      if (v === '') throw localError('Please give the weight in kilograms, for example 4.2.', 'data.kg');
      if (!Number.isFinite(kg)) throw localError('Please give the weight as a number of kilograms, for example 4.2 or 4,2.', 'data.kg');
      // (a weight logged for an earlier time is compared with the one before it)
      const w = await latestWeight(name, t).catch(() => null);
      lastKg = w || (typeof cat.weight_kg === 'number' ? { kg: cat.weight_kg, t: null } : null);
      return { kind: 'weight', data: { kg } };
    }, {
      // A weight more than 30 % from the last one is most often a slip of the finger: ask.
      notice: (ev, box) => {
        const kg = ev.data && ev.data.kg;
        const change = lastKg ? weightChange(lastKg.kg, kg) : null;
        if (!change) return;
        pendingWeight = { id: ev.id, box };
        box.className = 'notice confirm';
        const shown = `${num(kg, 2)} kg`;
        box.replaceChildren(
          el('p', { text: `${shown} is ${change.pct}% ${change.more ? 'more' : 'less'} than ${name}'s last weight, ${num(lastKg.kg, 2)} kg${lastKg.t ? ` (${when(lastKg.t)})` : ''}. `
            + `A change this big is unusual: is ${shown} right?` }),
          el('div', { class: 'confirm-actions' },
            el('button', { type: 'button', text: `Yes, ${shown} is right`, onclick: () => {
              pendingWeight = null;
              clearNotice(box);
              say(`Kept ${shown}`);
              // (a weight kept may call for a vet: a loss, say)
              const a = concernNotice(kb, ev.concerns, ev.open_concerns);
              if (a) vetAdvice(box, a);
              weight.input.focus();
            } }),
            el('button', { type: 'button', class: 'secondary', text: 'No, remove it', onclick: async () => {
              try {
                if (ev.id !== undefined) await api('DELETE', `/events/${ev.id}`);
                pendingWeight = null;
                clearNotice(box);
                box.closest('form').querySelector('.logged').textContent = `Removed the weight of ${shown}. Please type the weight again.`;
                say(`Removed the weight of ${shown}`);
                await refresh();
                weight.input.focus();
              } catch (e) {
                box.append(el('p', { class: 'error', text: errorText(e) }));
              }
            } })));
      },
    }),
    pain ? logCard('pain', 'Pain score (Feline Grimace Scale)', [{ node: pain.node }], 'Log pain score', () => {
      const u = pain.units();
      if (Object.values(u).every((x) => x === null)) throw localError('Please score at least one part of the face.');
      return { kind: 'pain', data: u };
    }, { after: () => pain.reset() }) : null,
    logCard('seen', 'Something else you noticed', [{ node: noticed.node, parts: [noEatSince] }], 'Log what you noticed', (t) => {
      const picked = noticed.values();
      if (!picked.length) throw localError('Please tick what you noticed.');
      if (new Set(picked.map((k) => NOTICED[Number(k)][0])).size < picked.length)
        throw localError('"Not eating" and "Eating normally again" cannot both be true: please tick one.');
      const bodies = picked.map((k) => {
        const [finding, , value] = NOTICED[Number(k)];
        return { kind: 'observation', data: { finding, value: value !== false } };
      });
      // not eating since an earlier time: seen then, and still now (or at the card's time)
      const since = picked.includes(noEatK) ? noEatSince.iso() : null;
      if (since && new Date(since).getTime() >= (t ? new Date(t).getTime() : Date.now()))
        throw localError('Please give a time before the one under "When".', 'since');
      if (since) bodies.unshift({ kind: 'observation', t: since, data: { finding: 'not_eating', value: true } });
      sentSince = !!since;
      return bodies;
    }, {
      after: () => { noEatSince.node.hidden = true; },
      // some were logged before one was refused: they are taken off the card, so that a second
      // press sends only the rest
      partial: (saved) => {
        saved.forEach((x, i) => {
          if (i === 0 && sentSince) { noEatSince.input.value = ''; return; }
          const k = NOTICED.findIndex(([f, , v]) => f === x.data.finding && (v === false) === (x.data.value === false));
          const box = noticed.node.querySelector(`input[value="${k}"]`);
          if (box) box.checked = false;
        });
        if (noEatBox) noEatSince.node.hidden = !noEatBox.checked;
      },
      logged: (saved) => {
        const first = saved.find((x) => x.data && x.data.finding === 'not_eating' && x.data.value !== false);
        return first && saved.filter((x) => x === first || (x.data && x.data.finding === 'not_eating')).length > 1
          ? `Not eating since ${when(first.t)}.` : '';
      },
    }),
    logCard('care', 'Care done', [care, minutes, tolerated], 'Log care', () => {
      const data = { care: careSel.value };
      const m = minutes.input.value.trim();
      if (m !== '') {
        data.minutes = parseDecimal(m);
        if (!Number.isFinite(data.minutes)) throw localError('Please give the minutes as a number, for example 10.', 'data.minutes');
      }
      if (tolerated.value()) data.tolerated = tolerated.value();
      return { kind: 'care', data };
    }, { after: showCareFull }),
    logCard('vet', 'Vet visit', [
      { node: el('p', { class: 'hint', text: 'Logging a visit tells scoot that a vet has seen what you logged before it, so the Today page stops warning about those entries.' }) },
      clinic, found, treatment, recheck, { node: wasRecheckBox }, medicine], 'Log the vet visit', () => {
      // everything is checked before anything is sent
      const data = {};
      for (const [k, f] of [['clinic', clinic], ['found', found], ['treatment', treatment]])
        if (f.input.value.trim()) data[k] = f.input.value.trim();
      const re = recheck.input.value;
      if (recheck.input.validity && recheck.input.validity.badInput) throw localError('Please give the full date: day, month and year.', 'data.recheck');
      if (re && re < todayIso()) throw localError('That date has passed: please give the date the recheck is booked for.', 'data.recheck');
      // (the server's limit: 366 days after the visit's day)
      if (re && re > todayIso(366)) throw localError('Please give a date within a year from today.', 'data.recheck');
      if (re) data.recheck = re;
      if (openRecheck && wasRecheck.checked) data.recheck_done = true;
      const name = medName.input.value.trim();
      if (!name && [medDose, medTimes, medDays].some((f) => f.input.value.trim()))
        throw localError('Please give the medicine\'s name, or leave the medicine empty.', 'data.name');
      let med = null;
      if (name) {
        // (no start: the server counts the course from the day it is logged, its own day)
        med = { name, times_per_day: wholeIn(medTimes, 1, 12, 'the times a day'), days: wholeIn(medDays, 1, 365, 'the number of days') };
        if (medDose.input.value.trim()) med.dose = medDose.input.value.trim();
      }
      // the visit was logged by the last send, and nothing of it was typed again: only the medicine
      const bodies = visitLogged && !Object.keys(data).length ? [] : [{ kind: 'vet_visit', data }];
      // (the course starts when it is logged, on the server's day, whenever the visit was: its
      // doses from today)
      if (med) bodies.push({ kind: 'medicine', t: null, data: med });
      if (!bodies.length) throw localError('The vet visit is logged already. Please give the medicine, or close this card.', 'data.name');
      return bodies;
    }, {
      partial: (saved) => {
        visitLogged = saved.find((x) => x.kind === 'vet_visit') || visitLogged;
        if (visitLogged) bookedHere.add(visitLogged.id);
        for (const f of [clinic, found, treatment, recheck]) f.input.value = '';
        loadRecheck(); // (the visit logged may have closed or booked a recheck)
      },
      after: () => { visitLogged = null; loadRecheck(); },
      whenLabel: 'When was the visit? (leave empty for now)',
      whenAt: 1, // (after the card's first words)
      logged: (saved) => {
        // (logged before after() reads the open recheck again)
        for (const x of saved) if (x.kind === 'vet_visit') bookedHere.add(x.id);
        const v = saved.find((x) => x.kind === 'vet_visit');
        const m = saved.find((x) => x.kind === 'medicine');
        const bits = [v && v.data && v.data.recheck ? `of the recheck on ${longDate(v.data.recheck)}` : null,
          m ? `of each dose of ${m.data.name} for ${m.data.days} day${m.data.days === 1 ? '' : 's'}` : null].filter(Boolean);
        return bits.length ? `The Today page will remind you ${bits.join(' and ')}.` : '';
      },
    }),
  ];

  // ---- the timeline
  const list = el('ol', { class: 'timeline', id: 'timeline' });
  const listErr = el('p', { class: 'error', role: 'alert' });
  const more = el('p', { class: 'more-events' });
  const heading = el('h2', { id: 'timeline-title', tabindex: '-1', text: 'Timeline' });
  let sinceDays = 90;
  async function refresh() {
    let evs;
    try {
      const since = sinceDays ? new Date(Date.now() - sinceDays * 864e5).toISOString().slice(0, 10) : null;
      evs = await events(name, since);
      listErr.textContent = '';
    } catch (e) {
      listErr.textContent = errorText(e);
      return;
    }
    evs.sort((a, b) => (a.t < b.t ? 1 : a.t > b.t ? -1 : b.id - a.id));
    // a weight asked about and deleted from the timeline meanwhile: the question goes
    if (pendingWeight && !evs.some((e) => e.id === pendingWeight.id)) { clearNotice(pendingWeight.box); pendingWeight = null; }
    list.replaceChildren(...evs.map((ev) => {
      const text = describe(kb, ev);
      return el('li', { class: `event kind-${ev.kind}`, 'data-id': ev.id },
        el('div', { class: 'event-text' },
          el('time', { datetime: ev.t, class: 'muted', text: when(ev.t) }),
          el('span', { class: 'what', text }),
          ev.note ? el('span', { class: 'note', text: ev.note }) : null),
        el('div', { class: 'event-actions' },
          ev.kind === 'assessment' && ev.data && ev.data.result
            ? el('button', { type: 'button', class: 'secondary small', 'aria-label': `Show the answer of the check on ${when(ev.t)}`, text: 'Show',
              // (shown in place: its "<cat>'s journal" link, to this same address, is routed
              // again by app.js; t: the answer says when the check was made, not now)
              onclick: () => showResult(kb, ev.data.result, { cat: name, t: ev.t }) }) : null,
          editable(ev) ? el('button', { type: 'button', class: 'secondary small edit', 'aria-label': `Edit: ${text}, ${when(ev.t)}`, text: 'Edit',
            onclick: (e) => {
              const li = e.target.closest('li');
              const kids = [...li.childNodes];
              const back = () => { li.replaceChildren(...kids); li.querySelector('button.edit').focus(); };
              const f = editForm(kb, ev, {
                label: `${when(ev.t)}, ${text}`,
                onCancel: back,
                onDone: async (saved) => {
                  if (tapped && tapped.id === ev.id) setTapped(null);
                  say(`Saved: ${describe(kb, saved)}`);
                  await refresh();
                  const again = list.querySelector(`li[data-id="${ev.id}"] button.edit`);
                  (again || heading).focus();
                },
              });
              li.replaceChildren(f.form);
              f.focus();
            } }) : null,
          el('button', { type: 'button', class: 'secondary small', 'aria-label': `Delete: ${text}, ${when(ev.t)}`, text: 'Delete',
            onclick: async () => {
              if (!window.confirm(`Delete this entry?\n\n${when(ev.t)}: ${text}`)) return;
              try {
                await api('DELETE', `/events/${ev.id}`);
                if (tapped && tapped.id === ev.id) setTapped(null);
                say(`Deleted: ${text}`);
                await refresh();
                heading.focus();
              } catch (e) { listErr.textContent = errorText(e); }
            } })));
    }));
    if (!evs.length) list.replaceChildren(el('li', { class: 'empty', text: sinceDays ? `Nothing logged in the last ${sinceDays} days.` : 'Nothing logged yet.' }));
    more.replaceChildren(...(sinceDays
      ? [el('span', { class: 'muted', text: `Showing the last ${sinceDays} days. ` }),
        el('button', { type: 'button', class: 'link', text: 'Show everything', onclick: () => { sinceDays = 0; refresh(); } })]
      : [el('span', { class: 'muted', text: 'Showing everything.' })]));
  }

  // what is planned (GET /due for this cat): the calendar link when there is something to remind of
  const calendar = el('div', { class: 'calendar-link' });
  api('GET', `/due?cat=${enc(name)}`).then((due) => calendar.replaceChildren(...calendarLink(name, due))).catch(() => {});

  page(`${name}'s journal`, [
    el('p', { class: 'links' },
      el('a', { class: 'button', href: `#/check/${enc(name)}`, text: `Check ${name} now` }),
      el('a', { href: `#/charts/${enc(name)}`, text: 'Charts' }),
      el('a', { href: `#/edit/${enc(name)}`, text: 'Edit profile' })),
    el('section', { 'aria-labelledby': 'leak-title', class: 'part leak' },
      el('h2', { id: 'leak-title', text: 'A leak or smell' }),
      el('p', { class: 'muted', text: 'Found a spot or smelled it? One tap is enough; details help but are optional.' }),
      leakBtn, leakErr, leakMsg, leakNotice, details),
    el('section', { 'aria-labelledby': 'log-title', class: 'part' },
      el('h2', { id: 'log-title', text: 'Log something else' }), cards),
    el('section', { 'aria-labelledby': 'vet-title', class: 'part for-vet' },
      el('h2', { id: 'vet-title', text: 'For the vet' }),
      el('p', { class: 'muted', text: `A report of ${name}'s last 12 weeks (leaks, stool, weight, pain, care, medicines and checks) to print or send before a visit.` }),
      el('p', { class: 'links' }, vetReport(name)),
      calendar),
    el('section', { 'aria-labelledby': 'timeline-title', class: 'part' }, heading, listErr, list, more),
  ]);
  main.dataset.view = 'journal';
  await Promise.all([refresh(), loadRecheck()]);
}
