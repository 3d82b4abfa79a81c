// today.js: the care items and medicine doses due today (GET /due), each with a one-tap Done.

import { api, el, enc, main, page, say } from './dom.js';
import { alarm } from './journal.js';

// What the cat's journal holds since its last check that calls for a vet (a pain score of
// 4+, blood or pus in a leak): the care planned at that check may no longer fit.
async function sinceLastCheck(kb, cat) {
  const checks = await api('GET', `/cats/${enc(cat)}/assessments`);
  if (!checks.length) return [];
  const r = await api('GET', `/cats/${enc(cat)}/events?since=${encodeURIComponent(checks[0].t)}&limit=1000`);
  return r.events.map((ev) => alarm(kb, ev)).filter(Boolean);
}

export async function todayPage(kb) {
  const region = el('div', { id: 'due' });
  const err = el('p', { class: 'error', role: 'alert' });

  function render(items, focusAfter) {
    if (!items.length) {
      region.replaceChildren(el('p', { text: 'Nothing is due today.' }),
        el('p', { class: 'muted', text: 'A care plan appears here after a check of a cat from the journal.' }),
        el('p', { class: 'links' }, el('a', { href: '#/check', text: 'Check a cat' })));
      return;
    }
    const byCat = new Map();
    for (const d of items) {
      if (!byCat.has(d.cat)) byCat.set(d.cat, []);
      byCat.get(d.cat).push(d);
    }
    // (the heading ids are numbered: a cat's name may hold any character)
    region.replaceChildren(...[...byCat].map(([cat, list], i) => el('section', { class: 'part', 'aria-labelledby': `due-cat-${i}` },
      el('h2', { id: `due-cat-${i}`, class: 'due-cat' }, el('a', { href: `#/journal/${enc(cat)}`, text: cat })),
      warning(cat),
      el('ul', { class: 'due' }, list.map((d) => {
        const left = d.remaining_today || 0;
        const bits = [`${d.done_today} of ${d.planned_today} done today`];
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
              await api('POST', `/cats/${enc(cat)}/done`, { item: d.item });
              err.textContent = '';
              const next = await api('GET', '/due');
              say(`Recorded: ${d.title} for ${cat}`);
              render(next, `${cat}|${d.item}`);
            } catch (e) {
              err.textContent = e.message;
              delete btn.dataset.busy;
            }
          });
        }
        const li = el('li', { class: 'due-item' + (left ? '' : ' complete'), 'data-item': d.item },
          el('div', {}, el('strong', { text: d.title }), el('span', { class: 'kind', text: d.kind === 'medicine' ? ' · medicine' : '' }),
            el('p', { class: 'muted', text: bits.join(' · ') })),
          btn || el('span', { class: 'check', text: 'Done for today' }));
        if (focusAfter === `${cat}|${d.item}`) li.dataset.focus = '1';
        return li;
      })))));
    if (focusAfter) {
      // keep the focus near where it was: the same item's button if more are due, else the next
      const same = region.querySelector('li[data-focus] button.done');
      (same || region.querySelector('button.done') || document.getElementById('page-title')).focus();
    }
  }

  // the most serious entry since each cat's last check, shown above its care
  const alarms = new Map();
  function warning(cat) {
    const list = alarms.get(cat) || [];
    if (!list.length) return null;
    const a = list.find((x) => x.level === 'urgent') || list[0];
    return el('div', { class: `notice vet-alert level-${a.level}`, role: 'alert', 'data-warning': a.level },
      el('p', { class: 'vet-alert-title', text: `Since the last check: ${a.title}` }),
      el('p', { text: `${a.text} The care below was planned before this entry: check again before doing it.` }),
      el('p', {}, el('a', { class: 'check-again', href: `#/check/${enc(cat)}`, text: `Check ${cat} again` })));
  }

  const items = await api('GET', '/due');
  if (kb)
    await Promise.all([...new Set(items.map((d) => d.cat))].map(async (cat) => {
      alarms.set(cat, await sinceLastCheck(kb, cat).catch(() => []));
    }));
  page('Today', [
    el('p', { class: 'lead', text: new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' }) }),
    err, region,
  ]);
  render(items);
  main.dataset.view = 'today';
}
