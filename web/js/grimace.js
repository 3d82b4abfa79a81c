// grimace.js: the Feline Grimace Scale as the KB gives it: each unit scored 0, 1 or 2 (or left
// out when it cannot be seen); the score is sum / (2 x units scored) x 10, one decimal.

import { el, newId } from './dom.js';

// scale: kb.scales entry. Returns {node, score() -> number|null, units() -> {id: 0..2|null},
// reset()}.
export function grimace(scale, opts = {}) {
  const top = Math.max(...scale.units.map((u) => u.scores.length - 1));
  const out = el('p', { class: 'score-line', 'aria-live': 'polite' });
  const groups = scale.units.map((u) => {
    const name = newId('fgs-' + u.id);
    return el('fieldset', { class: 'choices unit', 'data-unit': u.id },
      el('legend', { text: u.name }),
      u.scores.map((text, v) => {
        const id = newId(name);
        return el('div', { class: 'choice' },
          el('input', { type: 'radio', id, name, value: String(v), checked: opts.values && opts.values[u.id] === v }),
          el('label', { for: id }, el('strong', { text: String(v) }), ' ', text));
      }),
      (() => {
        const id = newId(name);
        return el('div', { class: 'choice' },
          el('input', { type: 'radio', id, name, value: '' }),
          el('label', { for: id, text: 'Cannot see it' }));
      })());
  });
  const node = el('div', { class: 'grimace' },
    opts.about === false ? null : el('p', { class: 'hint', text: scale.about || '' }), groups, out);

  function units() {
    const r = {};
    scale.units.forEach((u, k) => {
      const c = groups[k].querySelector('input:checked');
      r[u.id] = c && c.value !== '' ? Number(c.value) : null;
    });
    return r;
  }
  function score() {
    let sum = 0, seen = 0;
    for (const v of Object.values(units())) if (v !== null) { sum += v; seen++; }
    if (!seen) return null;
    return Math.round((sum / (top * seen)) * (scale.max || 10) * 10) / 10;
  }
  function update() {
    const s = score();
    const seen = Object.values(units()).filter((v) => v !== null).length;
    // (the score of the parts that could be seen, as the scale counts it; from one or two it is
    // a rough guide only)
    out.textContent = s === null ? 'Score: not yet scored'
      : `Score: ${s.toFixed(1)} out of ${scale.max || 10} (${seen} of ${scale.units.length} parts scored)`
        + (seen < Math.min(3, scale.units.length) ? `. From ${seen === 1 ? 'one part' : 'two parts'} it is only a rough guide: score the others too if you can see them.` : '');
  }
  node.addEventListener('change', update);
  update();
  return {
    node, score, units,
    reset() { node.querySelectorAll('input').forEach((i) => { i.checked = false; }); update(); },
  };
}
