// today.js: the care items and medicine doses due today (GET /due), each with a one-tap Done.

import { api, el, enc, errorText, longDate, main, page, say } from './dom.js';
import { calendarLink, concernNotice } from './journal.js';
import { careSteps } from './result.js';

const DAY = 86400 * 1000;

// What Today must say of a cat beyond its care: the level of its last check when that asked for
// a vet (in the last 14 days), and what the journal calls for from a vet that the last check did
// not find (the summary's "concerns": a pain score of 4+, blood or pus in a leak, a second
// leak...; for a cat never checked, all of it). The care planned at a check may no longer fit
// after such an entry.
// A vet visit logged after the check means its advice was followed: the check's level is then
// not repeated, and the check's home care has ended (the server no longer lists it: the vet's
// medicines and recheck are what is due). recheck: the open recheck ({date, clinic,
// days_until, ...}), a vet visit booked already; upcoming: the same while its day is still
// ahead (from its day on, it is a due item).
async function vetNews(kb, cat) {
  const s = await api('GET', `/cats/${enc(cat)}/summary`);
  const last = s.last_assessment; // {t, level} or none
  const visit = s.last_vet_visit; // {t} or none
  const seen = last && visit && new Date(visit.t).getTime() >= new Date(last.t).getTime();
  const level = last && !seen && last.level !== 'monitor' && Date.now() - new Date(last.t).getTime() < 14 * DAY ? last.level : null;
  // (the server's own day decides, as for the due items)
  const upcoming = s.recheck && s.recheck.days_until > 0 ? s.recheck : null;
  return { checked: last ? last.t : null, level, alarm: concernNotice(kb, s.concerns), recheck: s.recheck || null, upcoming, visited: seen ? visit.t : null };
}

export async function todayPage(kb) {
  const region = el('div', { id: 'due' });
  const err = el('p', { class: 'error', role: 'alert' });

  function render(items, focusAfter) {
    // (a "How" the owner opened stays open: the list is drawn again after each Done)
    const openHow = new Set([...region.querySelectorAll('li.due-item details.how[open]')]
      .map((x) => { const li = x.closest('li'); return `${li.dataset.cat}|${li.dataset.item}`; }));
    const byCat = new Map();
    // a cat whose last check or journal asks for a vet is listed even with nothing due
    for (const [cat, n] of news) if (n.level || n.alarm || n.upcoming) byCat.set(cat, []);
    for (const d of items) {
      if (!byCat.has(d.cat)) byCat.set(d.cat, []);
      byCat.get(d.cat).push(d);
    }
    if (!byCat.size) {
      region.replaceChildren(el('p', { text: 'Nothing is due today.' }),
        el('p', { class: 'muted', text: 'A care plan appears here after a check of a cat from the journal.' }),
        el('p', { class: 'links' }, el('a', { href: '#/check', text: 'Check a cat' })));
      return;
    }
    // the cats that need a vet today first, then those that need one soon, then the rest (in
    // the order of the server's lists)
    const rank = (cat) => {
      const n = news.get(cat) || {};
      const lv = [n.level, n.alarm && n.alarm.level];
      return lv.includes('urgent') ? 0 : lv.includes('vet_soon') ? 1 : 2;
    };
    const cats = [...byCat].map((x, k) => [x, k]).sort((a, b) => rank(a[0][0]) - rank(b[0][0]) || a[1] - b[1]).map((x) => x[0]);
    // (the heading ids are numbered: a cat's name may hold any character)
    region.replaceChildren(...cats.map(([cat, list], i) => el('section', { class: 'part', 'aria-labelledby': `due-cat-${i}` },
      el('h2', { id: `due-cat-${i}`, class: 'due-cat' }, el('a', { href: `#/journal/${enc(cat)}`, text: cat })),
      warning(cat),
      upcomingLine(cat),
      afterVisit(cat, list),
      list.length ? el('ul', { class: 'due' }, list.map((d) => {
        const left = d.remaining_today || 0;
        const bits = [`${d.done_today} of ${d.planned_today} done today`];
        if (d.kind === 'recheck') {
          bits.splice(0, 1, `booked for ${longDate(d.recheck)}`,
            d.days_late ? `${d.days_late} day${d.days_late === 1 ? '' : 's'} late: call the clinic if it has not happened` : 'today');
          bits.push('press Done once the visit has happened');
        }
        if (d.day) bits.push(`day ${d.day} of the plan`);
        if (d.overdue) bits.push(`${d.overdue} missed on earlier days`);
        if (typeof d.adherence === 'number' && d.day > 1) bits.push(`${Math.round(d.adherence * 100)}% done so far`);
        const btn = left
          ? el('button', { type: 'button', class: 'done', 'aria-label': `Done: ${d.title} for ${cat}`, text: 'Done' })
          : null;
        if (btn) {
          btn.addEventListener('click', async () => {
            if (btn.dataset.busy) return; // (not disabled: that would lose the keyboard focus)
            btn.dataset.busy = '1';
            try {
              const next = await markDone(cat, d.item, d.kind === 'recheck');
              say(`Recorded: ${d.title} for ${cat}`);
              render(next, `${cat}|${d.item}`);
            } catch (e) {
              err.textContent = errorText(e);
              delete btn.dataset.busy;
            }
          });
        }
        // (a care item's steps and cautions, from the KB, at hand while doing it)
        const care = d.kind === 'care' && kb ? (kb.care || []).find((k) => k.id === d.item) : null;
        const how = care && (care.steps || []).length ? el('details', { class: 'more how', open: openHow.has(`${cat}|${d.item}`) },
          el('summary', { text: 'How' }), careSteps(care, 'h3')) : null;
        const li = el('li', { class: 'due-item' + (left ? '' : ' complete'), 'data-item': d.item, 'data-cat': cat },
          el('div', {}, el('strong', { text: d.title }), el('span', { class: 'kind', text: d.kind === 'medicine' ? ' · medicine' : d.kind === 'recheck' ? ' · vet' : '' }),
            el('p', { class: 'muted', text: bits.join(' · ') }), how),
          btn || el('span', { class: 'check', text: 'Done for today' }));
        if (focusAfter === `${cat}|${d.item}`) li.dataset.focus = '1';
        return li;
      })) : null,
      calendarLink(cat, list))));
    if (focusAfter) {
      // keep the focus near where it was: the same item's button if more are due, else the next
      const same = region.querySelector('li[data-focus] button.done');
      (same || region.querySelector('button.done') || document.getElementById('page-title')).focus();
    }
  }

  // Records item as done for cat and gives the items due now. A recheck done is a vet visit:
  // the cat's news are read again (what its last check asked for is seen to).
  async function markDone(cat, item, isRecheck) {
    await api('POST', `/cats/${enc(cat)}/done`, { item });
    err.textContent = '';
    if (isRecheck && kb) {
      const n = await vetNews(kb, cat).catch(() => null);
      if (n) news.set(cat, n);
    }
    return api('GET', '/due');
  }

  // A vet visit after the last check: the vet's word comes first. The check's care ends on the
  // visit's day (a visit timed later today or tomorrow leaves it listed until then).
  function afterVisit(cat, list) {
    const n = news.get(cat);
    if (!n || !n.visited) return null;
    if (list.some((d) => d.kind === 'care'))
      return el('p', { class: 'muted plan-before-visit', text: `This care was planned at the check of ${longDate(n.checked)}, before the vet visit of ${longDate(n.visited)}: where the vet said otherwise, do as the vet said.` });
    return el('p', { class: 'muted plan-before-visit', text: `The vet visit of ${longDate(n.visited)} came after the check of ${longDate(n.checked)}: do what the vet said; the check's home care is no longer listed.` });
  }

  // a recheck booked for a later day, with a way to say it happened early
  function upcomingLine(cat) {
    const n = news.get(cat);
    if (!n || !n.upcoming) return null;
    const btn = el('button', { type: 'button', class: 'secondary small', text: 'Already went',
      'aria-label': `Already went: the recheck of ${cat} is done` });
    btn.addEventListener('click', async () => {
      if (btn.dataset.busy) return;
      btn.dataset.busy = '1';
      try {
        const next = await markDone(cat, 'recheck', true);
        say(`Recorded the recheck of ${cat}`);
        render(next);
        document.getElementById('page-title').focus();
      } catch (e) {
        err.textContent = errorText(e);
        delete btn.dataset.busy;
      }
    });
    return el('p', { class: 'upcoming' }, el('strong', { text: 'Coming up: ' }),
      `a recheck with the vet${n.upcoming.clinic ? ' at ' + n.upcoming.clinic : ''} on ${longDate(n.upcoming.date)}. `, btn);
  }

  // above each cat's care: what the journal calls for since its last check, else the vet visit
  // its last check asked for
  const news = new Map();
  const levels = new Map(((kb && kb.levels) || []).map((l) => [l.id, l]));
  function warning(cat) {
    const n = news.get(cat);
    if (!n) return null;
    const link = el('p', {}, el('a', { class: 'check-again', href: `#/check/${enc(cat)}`, text: n.checked ? `Check ${cat} again` : `Check ${cat} now` }));
    // the journal's warning, unless the last check asked for more (a check that said "today"
    // is not taken back by an entry since that calls for a vet in a day or two)
    const a = n.alarm && !(n.level === 'urgent' && n.alarm.level !== 'urgent') ? n.alarm.parts[0] : null;
    if (a)
      return el('div', { class: `notice vet-alert level-${a.level}`, role: 'alert', 'data-warning': a.level },
        el('p', { class: 'vet-alert-title', text: `${n.checked ? 'Since the last check' : 'In the journal'}: ${a.title}` }),
        a.items.length > 1 ? el('ul', {}, a.items.map((t) => el('li', { text: t }))) : el('p', { text: a.items[0] }),
        a.advice ? el('p', { text: a.advice }) : null,
        n.checked ? el('p', { text: 'The care below was planned before this: check again before doing it.' }) : null,
        link);
    if (!n.level) return null;
    const l = levels.get(n.level) || {};
    const when = longDate(n.checked);
    // (a check after a visit that booked a recheck: the visit is booked, not to be booked)
    const re = n.recheck;
    const soon = !re ? 'Book the vet visit if you have not yet: in the next day or two after the check.'
      : re.days_until > 2 ? `A recheck is booked for ${longDate(re.date)}: call ${re.clinic || 'the clinic'} and ask whether to come sooner, as this check asks for a vet in the next day or two.`
        : `The recheck booked for ${longDate(re.date)} is that visit.`;
    return el('div', { class: `notice vet-alert level-${n.level}`, role: n.level === 'urgent' ? 'alert' : null, 'data-warning': n.level },
      el('p', { class: 'vet-alert-title', text: `The check of ${when}: ${l.label || n.level}` }),
      el('p', { text: n.level === 'urgent'
        ? `${l.advice || ''} If your cat has seen a vet since, follow the vet's advice.`
        : `${soon} The care below is what to do until then.` }),
      link);
  }

  const [items, cats] = await Promise.all([api('GET', '/due'), api('GET', '/cats').catch(() => [])]);
  if (kb)
    await Promise.all(cats.map(async (c) => {
      const n = await vetNews(kb, c.name).catch(() => null);
      if (n) news.set(c.name, n);
    }));
  page('Today', [
    el('p', { class: 'lead', text: longDate(Date.now()) }),
    err, region,
  ]);
  render(items);
  main.dataset.view = 'today';
}
