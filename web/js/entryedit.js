// entryedit.js: the form that edits one journal entry in place (its time, the fields of its
// kind, its note), made from the KB JSON's "entries" table (the kinds and their fields), and
// sent with PATCH /api/v1/events/{id}.

import { api, choices, clearErrors, decimalInput, el, errorText, field, newId, parseDecimal, showError } from './dom.js';

// The words of a field of a kind, for its label (the table has names, not words).
const LABELS = {
  'episode.amount': 'How much', 'episode.look': 'How it looked (tick all that fit)', 'episode.context': 'What happened just before',
  'episode.where': 'Where you found it',
  'stool.score': 'Stool score (1 very hard to 7 watery)', 'stool.chart': 'Chart',
  'weight.kg': 'Weight in kg', 'bcs.score': 'Body condition score (1 to 9)',
  'care.care': 'What you did', 'care.minutes': 'Minutes', 'care.tolerated': 'How your cat took it',
  'medicine.name': 'Medicine', 'medicine.dose': 'Dose', 'medicine.times_per_day': 'Times a day', 'medicine.days': 'For how many days',
  'medicine.start': 'Starting on', 'dose.given': 'Given',
  'vet_visit.clinic': 'Clinic or vet', 'vet_visit.found': 'What the vet found', 'vet_visit.diagnosis': 'Diagnosis',
  'vet_visit.treatment': 'Treatment', 'vet_visit.recheck': 'Recheck booked for', 'vet_visit.recheck_done': 'This visit was the recheck',
};
// The field types a form can show; the others (a fact, a cause list, an assessment's case) keep
// their values.
const EDITABLE = new Set(['choice', 'choices', 'integer', 'number', 'text', 'date', 'yesno', 'care']);

// Whether an entry has anything to edit besides its time and note (an assessment has not: it
// is the check as it was made).
export const editable = (ev) => ev.kind !== 'assessment';

const localTime = (iso) => {
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

// The form for ev; onDone(saved) after a save, onCancel() on "Cancel".
export function editForm(kb, ev, { label, onDone, onCancel }) {
  const kind = (kb.entries || []).find((k) => k.kind === ev.kind) || { fields: [] };
  const data = ev.data || {};
  const fgs = (kb.scales || []).find((s) => s.id === 'fgs');
  const wordsOf = (f) => {
    if (ev.kind === 'pain' && fgs) {
      const u = (fgs.units || []).find((x) => x.id === f.name);
      if (u) return `${u.name} (0 to 2)`;
    }
    return LABELS[`${ev.kind}.${f.name}`] || (f.name.charAt(0).toUpperCase() + f.name.slice(1).replace(/_/g, ' '));
  };
  const id = newId('edit');
  const parts = []; // [{name, type, get() -> value or undefined, ui}]
  for (const f of kind.fields || []) {
    if (!EDITABLE.has(f.type)) continue;
    const v = data[f.name];
    const words = wordsOf(f);
    let ui, get;
    if (f.type === 'choice' || f.type === 'choices') {
      ui = choices(words, `${id}-${f.name}`, (f.options || []).map((o) => ({ value: o.id, text: o.text })),
        { type: f.type === 'choices' ? 'checkbox' : 'radio', checked: f.type === 'choices' ? [].concat(v || []) : v });
      get = () => (f.type === 'choices' ? (ui.values().length ? ui.values() : undefined) : ui.value() || undefined);
    } else if (f.type === 'care') {
      const sel = el('select', { id: `${id}-${f.name}` }, (kb.care || []).map((k) => el('option', { value: k.id, text: k.short || k.title, selected: k.id === v })));
      ui = field(words, sel);
      get = () => sel.value;
    } else if (f.type === 'yesno') {
      const box = el('input', { type: 'checkbox', id: `${id}-${f.name}`, checked: v === true });
      ui = { node: el('div', { class: 'choice' }, box, el('label', { for: box.id, text: words })), clear() {}, setError() {}, input: box };
      get = () => (box.checked ? true : f.name === 'given' ? false : undefined);
    } else {
      const input = f.type === 'integer' || f.type === 'number' ? decimalInput({ id: `${id}-${f.name}`, value: v === undefined ? '' : String(v) })
        : el('input', { id: `${id}-${f.name}`, type: f.type === 'date' ? 'date' : 'text', maxlength: f.max || null, value: v === undefined || v === null ? '' : String(v) });
      ui = field(f.required ? words : `${words} (optional)`, input);
      get = () => {
        const s = input.value.trim();
        if (s === '') return undefined;
        if (f.type === 'integer' || f.type === 'number') {
          const n = parseDecimal(s);
          return Number.isFinite(n) ? n : s; // (the server words a value that is not a number)
        }
        return s;
      };
    }
    parts.push({ name: f.name, get, ui });
  }
  const when = field('When', el('input', { id: `${id}-t`, type: 'datetime-local', value: localTime(ev.t), max: localTime(new Date().toISOString()) }));
  const note = field('Note (optional)', el('input', { id: `${id}-note`, type: 'text', maxlength: 500, value: ev.note || '' }));
  const err = el('p', { class: 'error', role: 'alert' });
  const save = el('button', { type: 'submit', text: 'Save the changes' });
  const form = el('form', { class: 'edit-entry', 'aria-label': `Edit: ${label}`, novalidate: true },
    el('p', { class: 'edit-what' }, el('strong', { text: 'Editing: ' }), label),
    when.node, parts.map((p) => p.ui.node), note.node, err,
    el('div', { class: 'confirm-actions' }, save,
      el('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => onCancel() })));
  const fields = { t: when, note };
  for (const p of parts) fields[`data.${p.name}`] = p.ui;
  let busy = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors(fields, err);
    const body = { data: { ...data } };
    for (const p of parts) {
      const v = p.get();
      if (v === undefined) delete body.data[p.name];
      else body.data[p.name] = v;
    }
    if (ev.kind === 'pain') delete body.data.score; // (the journal scores the units again)
    const t = when.input.value;
    if (!t || Number.isNaN(new Date(t).getTime())) { when.setError('Please give the full date and time.'); when.input.focus(); return; }
    if (new Date(t).getTime() > Date.now() + 60000) { when.setError('The time cannot be in the future.'); when.input.focus(); return; }
    if (t !== localTime(ev.t)) body.t = new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
    const n = note.input.value.trim();
    if (n !== (ev.note || '')) body.note = n;
    busy = true;
    try {
      const saved = await api('PATCH', `/events/${ev.id}`, body);
      onDone(saved);
    } catch (x) {
      showError(x, fields, err);
      if (!err.textContent && !x.field) err.textContent = errorText(x);
    } finally {
      busy = false;
    }
  });
  return { form, focus: () => when.input.focus() };
}
