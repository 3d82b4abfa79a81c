// today.js: the care items and medicine doses due today (GET /due), each with a one-tap Done.

import { api, el, enc, main, page, say } from './dom.js';

export async function todayPage() {
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

  const items = await api('GET', '/due');
  page('Today', [
    el('p', { class: 'lead', text: new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' }) }),
    err, region,
  ]);
  render(items);
  main.dataset.view = 'today';
}
