// check.js: "Check my cat": the KB's questions one screen at a time, in the order the engine
// gives (next_questions of /assess: first what could change how urgent it is, then what
// sharpens the causes); the engine also says when the level is settled. A screen is one
// question with its help text, or a checklist of the KB (next_screen of /assess): yes/no
// questions on one theme, "tick each one that is true", which an owner unsure of one can answer
// one at a time instead.
// The answers go to /assess (or /cats/{name}/assess, which adds what the journal knows and
// stores the result).

import { api, choices, el, enc, errorBox, field, main, page, pageCount, say } from './dom.js';
import { grimace } from './grimace.js';
import { doNow, refersTo, showResult, withTexts } from './result.js';

const NOT_SURE = Symbol('not sure');
const NEED_PLAN = -2; // pos while the engine has not yet said which question comes next
// Said once, when the last answer that could change how urgent it is has been given.
const SETTLED = 'That was the last safety question: more answers will not change how urgent this is; they can sharpen what is behind it.';

// The steps of a check are steps of the browser's history too, so that the browser's (or the
// phone's) Back and Forward go from question to question instead of leaving the check. Each
// step adds an entry {scoot: {id, step, view}} at the same address (so no hashchange, no new
// route); view is 'question', 'urgent' (the "see a vet today" stop, with its reasons),
// 'answer' or 'start'. Only the check that drew the page shown answers a popstate.
let onPopstate = null;
window.addEventListener('popstate', (ev) => { if (onPopstate) onPopstate(ev); });

// A check left half-way (another page, a reload) is kept for this browser tab, so that the
// owner can carry on: {kbv, id, cat, known, path, redo, memory, pos, warned, warnedAt, t}.
const SAVED = 'scoot.check';
const LAST_CAT = 'scoot.lastCat'; // the cat of the last check started in this browser
function loadSaved(kb) {
  try {
    const s = JSON.parse(sessionStorage.getItem(SAVED) || 'null');
    if (!s || s.kbv !== kb.version || !s.path.length || Date.now() - s.t > 24 * 3600 * 1000) return null;
    return s;
  } catch (e) { return null; }
}
function forgetSaved() { try { sessionStorage.removeItem(SAVED); } catch (e) { /* private mode */ } }
// The answer of the last check in this tab, so that reloading its page shows it again (and
// does not store it in the journal a second time): {kbv, state, sent, brief, derived, t}.
const ANSWER = 'scoot.answer';
function loadAnswer(kb) {
  try {
    const s = JSON.parse(sessionStorage.getItem(ANSWER) || 'null');
    if (!s || s.kbv !== kb.version || !s.brief || Date.now() - s.t > 24 * 3600 * 1000) return null;
    return s;
  } catch (e) { return null; }
}

// A reload, or the browser's Back from another page, carries on where the owner was (the
// history entry says where) instead of at the start page.
export async function check(kb, catName) {
  onPopstate = null; // (until this check has drawn its page: the one before is gone)
  const facts = new Map(kb.facts.map((f) => [f.id, f]));
  const order = kb.question_order.filter((id) => facts.has(id) && facts.get(id).type !== 'text' && facts.get(id).ask);
  const lists = new Map((kb.checklists || []).map((c) => [c.id, c]));
  const cats = await api('GET', '/cats').catch(() => []);
  const named = (n) => (n ? cats.find((c) => c.name.toLowerCase() === n.toLowerCase()) : null);
  // the cat asked for; else the one cat, or the cat of the last check in this browser: a check
  // of no cat (nothing saved, the profile asked again) is a choice, not the default
  let last = null;
  try { last = localStorage.getItem(LAST_CAT); } catch (e) { /* private mode */ }
  // (a cat asked for by name that is not there picks none: its answer must not go elsewhere)
  const chosen = catName ? named(catName) : cats.length === 1 ? cats[0] : named(last);
  const missing = catName && !chosen ? catName : null;
  let cat = chosen ? chosen.name : '';
  let known = {};      // what the cat's journal already says: not asked again
  let path = [];       // [{pos, id, value}] the screens answered, in order (Back pops); a
                       // checklist's: {pos, id, checklist, values: {id: true|false}}
  let oneByOne = [];   // the checklists the owner chose to answer one question at a time
  let memory = {};     // the last answer given to each question, shown again after Back
  let pos = -1;
  let warned = false;  // the owner has been told that the answers so far mean "urgent"
  let warnedAt = 0;    // ... after this many answers (going back before them un-tells it)
  let checkId = null;  // this check's id in the history entries it added
  let redo = [];       // the answers that the browser's Back took back, for its Forward
  let reopenedAt = -1; // "Answer the safety questions": path.length then (-1: not in that pass)
  const myHash = location.hash;
  let mine = -1;       // pageCount() when this check last drew the page
  const drew = () => { mine = pageCount(); };

  // The answers of a path entry: [[id, value]], value undefined for "not sure".
  const answersOf = (p) => (p.values ? Object.entries(p.values) : [[p.id, p.value]]);
  const idsOf = (p) => answersOf(p).map(([id]) => id);
  const current = () => {
    const a = { ...known };
    for (const p of path) for (const [id, v] of answersOf(p)) if (v !== undefined) a[id] = v;
    return a;
  };
  // What a question is shown as: its checklist (unless the owner answers that one question by
  // question, or the open safety questions are asked again), else itself. The counts of the
  // progress line count screens.
  const screenKey = (id) => {
    const c = facts.get(id) && facts.get(id).checklist;
    return c && lists.has(c) && !oneByOne.includes(c) && reopenedAt < 0 ? `list:${c}` : id;
  };
  const keyOf = (p) => (p.checklist ? `list:${p.checklist}` : p.id);
  // What the engine says of the answers so far: the questions still worth asking, in order
  // (the first levelQ could change how urgent it is), and whether the level is settled.
  let plan = { next: [], levelQ: 0, settled: false, level: 'monitor', reasons: [], screen: null };
  let reopenIds = [];  // "Answer the safety questions": the ones still open then, in order
  // The questions still to come, as indices of order: the engine's, or in the pass of
  // "Answer the safety questions" (only that pass goes back past answers given) those of it
  // not answered since.
  function toCome() {
    if (reopenedAt >= 0) {
      const since = new Set(path.slice(reopenedAt).flatMap(idsOf));
      return reopenIds.filter((id) => !since.has(id)).map((id) => order.indexOf(id)).filter((i) => i >= 0);
    }
    return plan.next.map((id) => order.indexOf(id)).filter((i) => i >= 0);
  }
  function nextIndex() {
    const next = toCome();
    return next.length ? next[0] : -1;
  }
  // Asks the engine about the answers so far (plan); the result, or throws.
  async function refresh() {
    const body = caseOf(true);
    const r = await api('POST', '/assess?texts=brief', body);
    const t = r.triage || {};
    const sc = r.next_screen || {};
    plan = { next: r.next_questions || [], levelQ: t.level_questions || 0, settled: Boolean(t.settled), level: t.level, reasons: t.reasons || [],
      screen: sc.checklist && lists.has(sc.checklist) ? { checklist: sc.checklist, ids: sc.questions || [] } : null,
      key: JSON.stringify(body) };
    return r;
  }

  function state() {
    const mem = {};
    for (const [k, v] of Object.entries(memory)) mem[k] = v === NOT_SURE ? '__not_sure__' : v;
    return { kbv: kb.version, id: checkId, cat, known, path, redo, memory: mem, pos, warned, warnedAt, reopenedAt, oneByOne, t: Date.now() };
  }
  function save() {
    try { sessionStorage.setItem(SAVED, JSON.stringify(state())); } catch (e) { /* private mode: nothing kept */ }
  }
  function restore(s) {
    const mem = { ...s.memory };
    for (const k of Object.keys(mem)) if (mem[k] === '__not_sure__') mem[k] = NOT_SURE;
    ({ cat, known, path, pos } = s);
    memory = mem;
    redo = s.redo || [];
    warned = Boolean(s.warned);
    warnedAt = s.warnedAt || 0;
    reopenedAt = typeof s.reopenedAt === 'number' ? s.reopenedAt : -1;
    oneByOne = Array.isArray(s.oneByOne) ? s.oneByOne : [];
    checkId = s.id || newCheckId();
  }

  // The history entry of what is on the page now. how: 'next' adds one above this check's
  // previous step (the page's Back may then use the browser's), 'push' adds one above anything
  // else, 'replace' puts it in place of the current one (which keeps its "below" while the step
  // stays the same), null leaves the history alone (the browser moved to it).
  function mark(view, how, extra) {
    if (!checkId || !how) return;
    const cur = ours(history.state);
    const below = how === 'next' || (how === 'replace' && Boolean(cur && cur.below && cur.step === path.length));
    const st = { scoot: { id: checkId, step: path.length, view, below, ...extra } };
    try {
      if (how === 'replace') history.replaceState(st, '', location.href);
      else history.pushState(st, '', location.href);
    } catch (e) { /* too many entries: Back leaves the check, as it used to */ }
  }
  const ours = (st) => (st && st.scoot && checkId && st.scoot.id === checkId ? st.scoot : null);

  // The urgent stop is said once, for the answers that made it: taking them back un-says it.
  const rewarn = () => { warned = warnedAt > 0 && path.length >= warnedAt; };

  // Takes back, or gives again, answers until step answers are given (as far as the answers
  // taken back allow); true when it got there.
  function moveTo(step) {
    while (path.length > step) {
      const p = path.pop();
      redo.push(p);
      pos = p.pos;
    }
    while (path.length < step && redo.length && redo[redo.length - 1].pos === pos) {
      const p = redo.pop();
      path.push(p);
      // (the same answers as before: the question that came next then; else ask the engine)
      pos = redo.length ? redo[redo.length - 1].pos : NEED_PLAN;
    }
    rewarn();
    save();
    return path.length === step;
  }

  // Shows history entry s of this check. Moving through the history never sends the answers:
  // an answer page comes from the answer kept for this tab.
  async function showEntry(s) {
    if (s.view === 'start') { start(); return; }
    if (s.view === 'answer' && storedAnswer(s.step)) return;
    const reached = moveTo(s.step);
    // (the plan must be of the answers before this step: which lines a checklist shows, and
    // the counts, come from it)
    if (pos === NEED_PLAN || !plan.next.length || plan.key !== JSON.stringify(caseOf(true))) {
      const at = pageCount();
      if (!(await replan(pos !== NEED_PLAN))) return;
      if (pageCount() !== at + 1) return; // (the owner moved on meanwhile)
    }
    if (s.view === 'urgent' && reached && s.reasons) { urgentStop(s.reasons, null); return; }
    if (pos < 0) {
      if (!storedAnswer(path.length)) allAnswered();
      return;
    }
    show(undefined, reached ? null : 'replace');
  }

  // The kept answer of this check after step answers, shown again (false if there is none).
  function storedAnswer(step) {
    const a = loadAnswer(kb);
    if (!a || a.state.id !== checkId || a.state.path.length !== step) return false;
    if (path.length !== step) restore(a.state); // (else the answers taken back stay, for Forward)
    forgetSaved();
    answerPage(a.brief, a.derived);
    return true;
  }

  // Takes over the check of history entry hs (a reload, Back from another page, Back to an
  // entry of another check of this tab): false when its answers are no longer kept.
  function adopt(hs) {
    const s = loadSaved(kb), a = loadAnswer(kb);
    const st = s && s.id === hs.id ? s : a && a.state.id === hs.id ? a.state : null;
    if (!st || (st.cat && !named(st.cat))) return false;
    restore(st);
    showEntry(hs);
    return true;
  }

  // The browser's Back or Forward while this check's page is shown.
  let pops = 0; // popstates this check answered
  function popped(ev) {
    if (location.hash !== myHash || pageCount() !== mine) return; // another page is shown: its route answers
    pops++;
    const st = ev.state && ev.state.scoot;
    if (!st) start();
    else if (ours(ev.state)) showEntry(st);
    else if (!adopt(st)) start();
  }

  // Every question asked is answered, and no answer is kept to show (the browser came back to
  // the step after the last one).
  function allAnswered() {
    page('Every question is answered', [
      el('p', { text: 'See the answer, or go back to change an answer.' }),
      el('div', { class: 'nav-row' },
        el('button', { type: 'button', class: 'secondary', onclick: () => stepBack(), text: 'Back' }),
        el('button', { type: 'button', id: 'see-answer', onclick: finish, text: 'See the answer' })),
    ]);
    main.dataset.view = 'all-answered';
    drew();
  }

  function start() {
    const saved = loadSaved(kb);
    const resume = saved ? el('p', {}, el('button', {
      type: 'button', class: 'big', id: 'resume',
      text: `Carry on where you left off (${saved.path.length} answered${saved.cat ? `, for ${saved.cat}` : ''})`,
      onclick: async () => {
        restore(saved);
        if (pos >= 0 && !(await replan(true))) return;
        if (pos < 0) finish(); else show(undefined, 'push');
      },
    })) : null;
    const sel = el('select', { id: 'cat-pick' },
      el('option', { value: '', text: 'No cat (this check is not saved)' }),
      cats.map((c) => el('option', { value: c.name, text: c.name, selected: c.name === cat })));
    const form = el('form', { class: 'start' },
      cats.length ? field('Which cat? Its journal fills in what it knows, and the answer is saved there.', sel).node
        : el('p', {}, 'To keep a journal and have the answer saved, first ', el('a', { href: '#/cats', text: 'add your cat' }), '.'),
      el('button', { type: 'submit', class: 'big', id: 'start', text: 'Start the questions' }));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); begin(); });
    page('Check my cat', [
      el('p', { class: 'lead', text: `${kb.title || 'Anal gland trouble in cats'}: is it serious, what is probably behind it, and what to do now.` }),
      el('p', { text: 'You get one question at a time, the safety questions first; some are short lists to tick. Each question has a "How to check" panel. Answer what you can: "Not sure" is always fine, and you can see the answer at any time.' }),
      missing ? el('p', { class: 'note', id: 'no-such-cat', text: `There is no cat called ${missing}. Choose the cat below, or add it first.` }) : null,
      resume,
      form,
      el('p', { class: 'muted disclaimer', text: kb.disclaimer || '' }),
    ]);
    main.dataset.view = 'check-start';
    drew();
  }

  async function begin() {
    const pick = document.getElementById('cat-pick');
    cat = pick ? pick.value : '';
    try { if (cat) localStorage.setItem(LAST_CAT, cat); } catch (e) { /* private mode */ }
    known = {};
    path = [];
    memory = {};
    reopenIds = [];
    warned = false;
    warnedAt = 0;
    redo = [];
    reopenedAt = -1;
    oneByOne = [];
    checkId = newCheckId();
    lookPending = false;
    forgetSaved();
    try { sessionStorage.removeItem(ANSWER); } catch (e) { /* private mode */ }
    let note = null;
    if (cat) {
      try {
        const h = await api('GET', `/cats/${enc(cat)}/history`);
        for (const sec of ['cat', 'findings', 'history'])
          for (const [id, v] of Object.entries((h.case && h.case[sec]) || {})) if (facts.has(id)) known[id] = v;
        const n = Object.keys(known).length;
        if (n) note = `${cat}'s journal answered ${n} question${n === 1 ? '' : 's'} already.`;
      } catch (e) { /* the check works without the journal */ }
    }
    if (!(await replan())) return;
    if (pos < 0) finish(); else show(note, 'next'); // (the step below is the start page)
  }

  // Asks the engine for the next question (pos); on failure the page says so, with a way to
  // try again, and false is returned.
  async function replan(keepPos = false) {
    page('One moment…', el('p', { text: 'Choosing the next question.' }), { focus: false });
    drew();
    const at = pageCount();
    try {
      await refresh();
      if (!keepPos) pos = nextIndex();
      return true;
    } catch (e) {
      if (pageCount() !== at) return false;
      page('The next question could not be chosen', [errorBox(e),
        el('div', { class: 'nav-row' },
          el('button', { type: 'button', class: 'secondary', onclick: () => { if (path.length) stepBack(); else start(); }, text: 'Back' }),
          el('button', { type: 'button', onclick: async () => { if (await replan()) { if (pos < 0) finish(); else show(undefined, 'replace'); } }, text: 'Try again' }))]);
      drew();
      return false;
    }
  }

  // The case of the answers so far (with what the journal knows), as /assess takes it.
  // The questions answered "not sure" (the last answer to each) go in not_sure: the engine
  // then no longer waits for them.
  function caseOf(withKnown) {
    const body = { cat: {}, findings: {}, history: {} };
    const a = withKnown ? current() : {};
    if (!withKnown) for (const p of path) for (const [id, v] of answersOf(p)) if (v !== undefined) a[id] = v;
    for (const [id, v] of Object.entries(a)) if (v !== undefined) body[facts.get(id).section][id] = v;
    const last = new Map(path.flatMap(answersOf));
    const unsure = [...last].filter(([id, v]) => v === undefined && !(id in a)).map(([id]) => id);
    if (unsure.length) body.not_sure = unsure;
    return body;
  }

  // One answer at a time, and only to the question on the page: a double tap must not answer
  // the next question (often a safety question) unseen. The second click of a double click
  // (detail 2) lands on the next question's button once the page has changed; answerClick
  // drops it, and busy drops a click while the look-ahead below is still out.
  let busy = false;
  const answerClick = (id, value) => (ev) => { if (!ev || !(ev.detail > 1)) answer(id, value); };
  // (a look-ahead that comes back after the owner moved on, to Back or another page, does
  // not draw over where they are now: every page drawn counts, pageCount)
  // A look-ahead put off until the follow-up question of an answer is answered too (straining,
  // then "little or no urine?"): a stop before the follow-up would take its unknown as the
  // answer.
  let lookPending = false;
  const LOOK_MS = 4000; // a look-ahead that takes longer is given up: the questions go on
  async function answer(id, value, list) {
    if (busy || pos < 0 || order[pos] !== id) return;
    busy = true;
    try { await answerNow(id, value, list); } finally { busy = false; }
  }
  // list: a checklist's answers, {checklist, values: {id: true|false}} (value is then true)
  async function answerNow(id, value, list) {
    const entry = list ? { pos, id, checklist: list.checklist, values: list.values } : { pos, id, value };
    for (const [k, v] of answersOf(entry)) memory[k] = v === undefined ? NOT_SURE : v;
    const wasLevel = idsOf(entry).some(isLevelQuestion);
    entry.level = wasLevel;
    path.push(entry);
    redo = [];
    if (!warned) warnedAt = 0; // (a stop said for answers since taken back no longer counts)
    save();
    // The engine chooses the next question, and says whether the answers already mean "see a
    // vet today": that stops the questions to say so at once (once; the owner may go on
    // answering). Nothing is stored by this look-ahead.
    // (a slow answer, or none: the page says it is choosing, and says so if it cannot)
    let at = pageCount();
    try {
      await Promise.race([refresh(),
        new Promise((resolve, reject) => setTimeout(() => reject(new Error('slow')), LOOK_MS))]);
    } catch (e) {
      if (pageCount() !== at) return; // the owner moved on (Back, another page)
      if (!(await replan())) return;
      at = pageCount();
    }
    if (pageCount() !== at) return;
    pos = nextIndex();
    // (the open safety questions asked again from the answer: once they are done, the answer)
    if (reopenedAt >= 0 && pos >= 0 && !reopenIds.includes(order[pos])) pos = -1;
    save();
    const next = pos >= 0 ? facts.get(order[pos]) : null;
    const wants = !warned && (value !== undefined || lookPending);
    if (wants && value !== undefined && next && !lookPending
        && (refersTo(next.ask_if, (f) => idsOf(entry).includes(f)) || (plan.level === 'urgent' && !plan.settled && isLevelQuestion(next.id)))) {
      // a follow-up of this answer comes first, or the one question that could still make it
      // less urgent (straining, then "little or no urine?"): a stop before it would take its
      // unknown as the answer
      lookPending = true;
    } else if (wants) {
      lookPending = false;
      if (plan.level === 'urgent') {
        warned = true;
        warnedAt = path.length;
        save();
        urgentStop(plan.reasons, 'next');
        return;
      }
    }
    if (pos < 0) { finish(); return; }
    // once more answers cannot change how urgent it is, the rest only sharpen the answer: say
    // so, once
    const done = wasLevel && plan.settled && reopenedAt < 0;
    show(done ? SETTLED : undefined, 'next');
  }

  // The checklist to show at question i ({checklist, ids}), or null: the engine's next screen,
  // unless the owner chose to answer that checklist one question at a time, or the open safety
  // questions are asked again (one by one).
  function listAt(i) {
    const sc = plan.screen;
    if (!sc || reopenedAt >= 0 || oneByOne.includes(sc.checklist) || !sc.ids.includes(order[i])) return null;
    return sc;
  }

  // 1 when question id could change how urgent it is (one of the first levelQ of the plan).
  function isLevelQuestion(id) {
    const i = plan.next.indexOf(id);
    return i >= 0 && i < plan.levelQ;
  }

  // how: as for mark() (null when the browser came back to it)
  function urgentStop(reasons, how) {
    const lvl = (kb.levels || []).find((l) => l.id === 'urgent') || {};
    const rules = new Map((kb.rules || []).map((x) => [x.id, x]));
    const why = reasons.map((x) => x.text || (rules.get(x.rule) || {}).reason).filter(Boolean);
    // the heading says that the questions stop; the banner, as on the answer page, says what to do
    page('Stop here: this cannot wait', [
      el('section', { class: 'banner level-urgent', 'data-level': 'urgent', role: 'alert' },
        el('p', { class: 'banner-kicker', text: 'Your answers so far mean' }),
        el('h2', { text: lvl.label || 'See a vet today' }),
        el('p', { text: lvl.advice || '' }),
        why.length ? el('ul', { class: 'reasons' }, why.map((w) => el('li', { text: w }))) : null),
      doNow(lvl.now),
      el('div', { class: 'nav-row' },
        el('button', { type: 'button', id: 'see-answer', onclick: finish, text: 'See the full answer' }),
        el('button', { type: 'button', class: 'secondary', id: 'keep-answering',
          onclick: () => { if (pos < 0) finish(); else show(undefined, 'replace'); }, text: 'Keep answering (once you have called the vet)' })),
    ], { docTitle: 'See a vet today' });
    main.dataset.view = 'urgent-stop';
    drew();
    mark('urgent', how, { reasons });
    say(`${lvl.label || 'See a vet today'}. ${lvl.advice || ''}`);
  }

  // Back to the first safety question still open (from the answer page).
  function answerSafety(open) {
    const ids = new Set(open.map((u) => u.id));
    // (in the KB's order of the safety questions, a follow-up after the question it follows)
    reopenIds = order.filter((id) => ids.has(id));
    if (!reopenIds.length) return;
    pos = order.indexOf(reopenIds[0]);
    redo = [];
    reopenedAt = path.length;
    save();
    show('Only the safety questions still open, then the answer again.', 'push');
  }

  // The page's Back button: the browser's Back where the entry below is this check's step
  // before (the two then agree, and Forward comes back), else the question before. The
  // browser keeps about 50 entries: when its Back finds none, the question before all the same.
  let backTimer = 0;
  function back() {
    const s = ours(history.state);
    if (reopenedAt >= 0 && path.length <= reopenedAt) {
      // the first of the open safety questions: back to the answer they came from (the entry
      // below), as the browser's Back does
      const at = pageCount();
      history.back();
      clearTimeout(backTimer);
      backTimer = setTimeout(() => { if (pageCount() === at) finish(); }, 500);
      return;
    }
    if (s && s.view === 'question' && s.step === path.length && s.below) {
      // (no popstate, and still this page: the browser had no entry left. A page drawn since
      // means the popstate came, and the owner may have answered already.)
      const seen = pops, at = pageCount();
      history.back();
      clearTimeout(backTimer);
      backTimer = setTimeout(() => {
        const now = ours(history.state);
        if (pops === seen && pageCount() === at && now && now.step === s.step) stepBack();
      }, 500);
      return;
    }
    stepBack();
  }
  async function stepBack() {
    if (!path.length) { forgetSaved(); start(); mark('start', 'replace'); return; }
    pos = path.pop().pos;
    rewarn();
    save();
    // (the counts and the safety mark of the question shown come from the engine's plan of
    // the answers before it)
    const at = pageCount();
    try { await refresh(); } catch (e) { /* the plan of before: the counts may be off by one */ }
    if (pageCount() !== at) return;
    show(undefined, 'replace');
  }

  // The input for a number, a labelled number (radio list), the grimace scale, or a choice.
  function input(f, prev) {
    if (f.scale) {
      const sc = kb.scales.find((s) => s.id === f.scale);
      const g = grimace(sc);
      return { node: g.node, read: () => g.score(), setError: () => {} , focus: () => g.node.querySelector('input').focus() };
    }
    if (f.type === 'choice') {
      const c = choices(f.ask, 'answer', f.options.map((o) => ({ value: o.id, text: o.text || o.id })), { checked: prev, hideLegend: true });
      return { node: c.node, read: () => c.value(), setError: c.setError, focus: () => c.node.querySelector('input').focus() };
    }
    if (f.labels && f.labels.length && f.labels.length >= f.max - f.min) {
      const c = choices(f.ask, 'answer', f.labels.map((l) => ({ value: l.value, strong: String(l.value), text: l.text })),
        { checked: prev === undefined ? undefined : prev, hideLegend: true });
      return { node: c.node, read: () => (c.value() === null ? null : Number(c.value())), setError: c.setError, focus: () => c.node.querySelector('input').focus() };
    }
    const inp = el('input', { type: 'number', id: 'answer', min: f.min, max: f.max, step: 'any', inputmode: 'decimal', value: prev === undefined ? null : String(prev) });
    const unit = f.unit ? ` ${f.unit}` : '';
    const fl = field(`Your answer${unit ? ' in' + unit : ''} (${f.min} to ${f.max})`, inp);
    return { node: fl.node, read: () => (inp.value.trim() === '' ? null : Number(inp.value)), setError: fl.setError, focus: () => inp.focus(), number: true };
  }

  // how: the history entry, as for mark()
  function show(note, how = null) {
    if (reopenedAt > path.length) reopenedAt = -1; // (gone back before that pass began)
    const f = facts.get(order[pos]);
    const list = listAt(pos);
    const curKey = list ? `list:${list.checklist}` : f.id;
    // the screens answered before this one (after "Answer the safety questions" on the answer
    // page, the answers given after it count when the questions pass them)
    const done = new Set(path.map(keyOf));
    done.delete(curKey);
    const n = done.size + 1;
    const later = new Set(toCome().map((i) => screenKey(order[i])));
    later.delete(curKey);
    const left = later.size;
    const total = n + left;
    // (asking the open safety questions again: only they count, and the answer comes after them)
    const reopenN = path.length - reopenedAt + 1, reopenTotal = reopenN + left;
    // the questions that could change how urgent it is (the safety questions) come first, and
    // they count on their own: the count tells the owner how soon the rest becomes optional
    const level = list ? list.ids.some(isLevelQuestion) : isLevelQuestion(f.id);
    const safeN = path.filter((p) => p.level).length + 1;
    const safeLater = new Set(plan.next.slice(0, plan.levelQ).map(screenKey));
    safeLater.delete(curKey);
    const safeLeft = safeLater.size;
    const prev = memory[f.id] === NOT_SURE ? undefined : memory[f.id];
    const before = [
      // (each part kept on one line: a phone breaks between them)
      reopenedAt >= 0
        ? el('p', { class: 'progress', id: 'progress' }, el('span', { class: 'redflag', text: `Open safety question ${reopenN} of ${reopenTotal}` }))
        : el('p', { class: 'progress', id: 'progress' }, el('span', { class: 'nowrap', text: `Question ${n} of ${total}` }),
          level ? [' ', el('span', { class: 'sep', text: '·' }), ' ', el('span', { class: 'redflag nowrap', text: `Safety question ${safeN} of ${safeN + safeLeft}` })] : null),
      el('progress', { max: reopenedAt >= 0 ? reopenTotal : total, value: reopenedAt >= 0 ? reopenN : n, 'aria-hidden': 'true' }),
      note === SETTLED
        // the level is settled: say so, and offer the answer now as the first thing to do
        ? el('div', { class: 'note settled', id: 'question-note' },
          el('p', { text: SETTLED }),
          el('p', {}, el('button', { type: 'button', id: 'see-answer-settled', onclick: finish, text: 'See the answer' }),
            el('span', { class: 'muted', text: ' or answer the question below.' })))
        : note ? el('p', { class: 'note', id: 'question-note', text: note }) : null,
    ];
    const help = f.help ? el('details', { class: 'help' }, el('summary', { text: 'How to check' }), el('p', { text: f.help })) : null;
    // (the second click of a double click would go back a second question)
    const backBtn = el('button', { type: 'button', class: 'secondary', onclick: (ev) => { if (!(ev.detail > 1)) back(); }, text: 'Back' });
    const finishBtn = el('button', { type: 'button', class: 'link', onclick: finish, text: 'See the answer now' });
    const tail = el('p', { class: 'finish-now' }, finishBtn, el('span', { class: 'muted', text: ' (questions left open count as "not sure")' }));

    if (list) {
      // a checklist: tick each one that is true; what is left unticked is answered no
      const cl = lists.get(list.checklist);
      const texts = new Map(cl.items.map((it) => [it.fact, it.text]));
      const c = choices(cl.ask, 'item', list.ids.map((id) => ({ value: id, text: texts.get(id) || facts.get(id).ask })),
        { type: 'checkbox', checked: list.ids.filter((id) => memory[id] === true), hideLegend: true });
      // (the second click of a double click would submit the next screen's form)
      const submit = el('button', { type: 'submit', id: 'checklist-next', onclick: (ev) => { if (ev.detail > 1) ev.preventDefault(); } });
      const label = () => { submit.textContent = c.values().length ? 'Next' : 'None of these'; };
      label();
      c.node.addEventListener('change', label);
      const oneAtATime = el('button', {
        type: 'button', class: 'link', id: 'one-at-a-time', text: 'Not sure about one? Answer them one at a time',
        onclick: () => { if (!oneByOne.includes(list.checklist)) oneByOne.push(list.checklist); save(); show(undefined, 'replace'); },
      });
      const form = el('form', { novalidate: true, class: 'question checklist' }, c.node,
        el('p', { class: 'muted', id: 'checklist-hint', text: 'Anything you leave unticked counts as "no".' }),
        el('div', { class: 'nav-row' }, backBtn, el('span', { class: 'nav-right' }, submit)),
        el('p', { class: 'one-at-a-time' }, oneAtATime));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const ticked = new Set(c.values());
        const values = {};
        for (const id of list.ids) values[id] = ticked.has(id);
        answer(f.id, true, { checklist: list.checklist, values });
      });
      page(cl.ask, [form, tail], { before, docTitle: `Question ${n}` });
    } else if (f.type === 'yesno') {
      const btn = (text, value, cls) => el('button', {
        type: 'button', class: cls, 'aria-pressed': memory[f.id] === undefined ? null : String(memory[f.id] === (value === undefined ? NOT_SURE : value)),
        onclick: answerClick(f.id, value), text,
      });
      page(f.ask, [
        help,
        el('div', { class: 'answers', role: 'group', 'aria-labelledby': 'page-title' },
          btn('Yes', true, 'answer'), btn('No', false, 'answer'), btn('Not sure', undefined, 'answer secondary')),
        el('div', { class: 'nav-row' }, backBtn),
        tail,
      ], { before, docTitle: `Question ${n}` });
    } else {
      const inp = input(f, prev);
      const form = el('form', { novalidate: true, class: 'question' }, inp.node,
        el('div', { class: 'nav-row' }, backBtn,
          el('span', { class: 'nav-right' },
            el('button', { type: 'button', class: 'secondary', onclick: answerClick(f.id, undefined), text: 'Not sure' }),
            // (the second click of a double click would submit the next question's form)
            el('button', { type: 'submit', text: 'Next', onclick: (ev) => { if (ev.detail > 1) ev.preventDefault(); } }))));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const v = inp.read();
        if (v === null) { answer(f.id, undefined); return; }
        if (typeof v === 'number' && (Number.isNaN(v) || v < f.min || v > f.max)) {
          inp.setError(`Please give a number from ${f.min} to ${f.max}, or choose "Not sure".`);
          inp.focus();
          return;
        }
        answer(f.id, v);
      });
      page(f.ask, [help, form, tail], { before, docTitle: `Question ${n}` });
    }
    main.dataset.fact = f.id;
    if (list) main.dataset.checklist = list.checklist;
    drew();
    mark('question', how);
    if (note) say(note);
  }

  // The answer of the answers given. The same answers as the answer kept for this check (Back
  // from the answer, then "See the answer now") give that answer again: it is not stored in the
  // journal a second time. For a cat, what its journal adds must be the same too (a leak logged
  // meanwhile makes a new answer).
  async function finish() {
    const body = caseOf(false);
    let journal = null;
    if (cat) journal = await api('GET', `/cats/${enc(cat)}/history`).then((h) => h.case, () => `not read ${Date.now()}`);
    const sent = JSON.stringify({ cat, body, journal });
    const snap = state();
    const prior = loadAnswer(kb);
    if (prior && prior.state.id === checkId && prior.sent === sent) {
      forgetSaved();
      if (await answerPage(prior.brief, prior.derived)) mark('answer', 'push');
      return;
    }
    page('Working it out…', el('p', { text: 'One moment.' }), { focus: false });
    drew();
    const at = pageCount();
    try {
      const r = cat ? await api('POST', `/cats/${enc(cat)}/assess?texts=brief`, body)
        : await api('POST', '/assess?texts=brief', body);
      const brief = cat ? r.result : r, derived = cat ? r.derived || [] : null;
      try {
        sessionStorage.setItem(ANSWER, JSON.stringify({ kbv: kb.version, state: snap, sent, brief, derived, t: Date.now() }));
      } catch (e) { /* private mode: a reload starts again */ }
      if (pageCount() !== at) return; // the owner moved on first (Back, another page); the answer is kept
      forgetSaved();
      if (await answerPage(brief, derived)) mark('answer', 'push');
    } catch (e) {
      if (pageCount() !== at) return;
      page('The answer could not be worked out', [errorBox(e),
        el('div', { class: 'nav-row' },
          el('button', { type: 'button', class: 'secondary', onclick: () => { if (path.length) back(); else start(); }, text: 'Back to the questions' }),
          el('button', { type: 'button', onclick: finish, text: 'Try again' }))]);
      drew();
    }
  }

  // the answer page of a brief result (derived: what the journal added, for a cat's check)
  async function answerPage(brief, derived) {
    const at = pageCount();
    const res = await withTexts(kb, brief);
    if (pageCount() !== at) return false;
    const sent = caseOf(false);
    const common = { answers: current(), notSure: sent.not_sure || [], answerSafety: (open) => answerSafety(open || res.unanswered_red_flags || []),
      // a no-cat check saved to a cat: the answer kept for this tab becomes that cat's, so that
      // a reload shows it (and does not offer to save it a second time)
      onSaved: (name, savedBrief, savedDerived) => {
        cat = name;
        try {
          const kept = loadAnswer(kb);
          if (kept && kept.state.id === checkId) {
            kept.state.cat = name;
            kept.brief = savedBrief;
            kept.derived = savedDerived;
            sessionStorage.setItem(ANSWER, JSON.stringify(kept));
          }
        } catch (e) { /* private mode: a reload starts again */ }
      } };
    const again = () => { known = {}; start(); mark('start', 'push'); };
    if (cat) showResult(kb, res, { ...common, cat, derived: derived || [], again });
    else showResult(kb, res, { ...common, again });
    drew();
    return true;
  }

  // A reload shows again what the tab showed, and so does the browser's Back to a step of a
  // check from another page: its history entry names the check and the step.
  onPopstate = popped;
  const hs = history.state && history.state.scoot;
  if (!hs || !adopt(hs)) start();
}

function newCheckId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
