// cats.js: the cats: a list, adding a cat, editing (or removing) a profile.

import { api, clearErrors, decimalInput, el, enc, field, main, num, page, parseDecimal, plural, say, shortDate, errorText, showError } from './dom.js';
import { latestWeight, weightChange } from './journal.js';

function age(c) {
  if (typeof c.age_years !== 'number') return null;
  const y = c.age_years;
  const months = Math.round(y * 12);
  if (y < 1) return months < 1 ? 'under a month' : plural(Math.min(11, months), 'month');
  return plural(Math.floor(y), 'year');
}

const DAY_MS = 24 * 3600 * 1000;
// "Oct 22", with the year when it is not this year's
function weighDate(t) {
  const d = new Date(t);
  return d.getFullYear() === new Date().getFullYear() ? shortDate(t)
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

// The weight as a check reads it: the journal's latest weighing (weighed: {kg, t}, or null)
// when it is of the last 30 days, else the profile's figure; the other one beside it when it
// differs (the owner may just have typed the profile's).
// (no-break spaces: a phone does not split "4.9 kg" or "Dec 20, 2025")
const NB = '\u00a0';
function weightText(c, weighed) {
  const profile = typeof c.weight_kg === 'number' ? `${num(c.weight_kg, 2)}${NB}kg` : null;
  if (!weighed) return profile;
  const w = `${num(weighed.kg, 2)}${NB}kg on ${weighDate(weighed.t).replace(/ /g, NB)}`;
  if (!profile || Math.abs(c.weight_kg - weighed.kg) < 0.005) return w;
  return Date.now() - Date.parse(weighed.t) <= 30 * DAY_MS ? `${w} (profile: ${profile})` : `${profile} (last weighed: ${w})`;
}

function describeCat(c, weighed = null) {
  return [
    c.sex ? (c.neutered === false ? c.sex : c.neutered === true ? `${c.sex}, neutered` : c.sex) : null,
    age(c),
    c.coat ? `${c.coat} coat` : null,
    c.breed || null,
    weightText(c, weighed),
    c.body_condition_9pt ? `body condition ${c.body_condition_9pt}/9` : null,
  ].filter(Boolean).join(' · ');
}

// The profile form. cat: the cat to edit, or null to add one. onsave(body) may throw an
// ApiError, shown next to its field. lastKg: the cat's last known weight (see editPage), and
// lastWhen the day it was weighed (null: the profile's figure): a new
// weight more than 30 % away from it is saved only once the owner has confirmed it.
function catForm(kb, cat, onsave, submitText, lastKg = null, lastWhen = null) {
  const v = (k) => (cat && cat[k] !== undefined && cat[k] !== null ? cat[k] : undefined);
  const bcsFact = kb.facts.find((f) => f.id === 'body_condition_9pt');
  const bcsLabels = (bcsFact && bcsFact.labels) || [];
  const select = (id, opts, cur) => el('select', { id }, opts.map(([value, text]) => el('option', { value, text, selected: value === cur })));
  const yesno = (b) => (b === true ? 'yes' : b === false ? 'no' : '');

  const f = {
    name: field('Name (required)', el('input', { id: 'cat-name', type: 'text', autocomplete: 'off', maxlength: 100, required: true, value: v('name') }),
      { hint: 'Up to 100 characters.' }),
    birth_date: field('Birth date', el('input', { id: 'cat-birth', type: 'date', value: v('birth_date') }),
      { hint: 'Or give the age below if you do not know the date.' }),
    age_years: field('Age in years', decimalInput({ id: 'cat-age', value: cat && !cat.birth_date ? v('age_years') : undefined })),
    sex: field('Sex', select('cat-sex', [['', 'Not given'], ['female', 'Female'], ['male', 'Male']], v('sex') || '')),
    neutered: field('Neutered (castrated or spayed)', select('cat-neutered', [['', 'Not given'], ['yes', 'Yes'], ['no', 'No']], yesno(v('neutered')))),
    coat: field('Coat', select('cat-coat', [['', 'Not given'], ['short', 'Short'], ['long', 'Long']], v('coat') || '')),
    breed: field('Breed', el('input', { id: 'cat-breed', type: 'text', maxlength: 100, value: v('breed') })),
    weight_kg: field('Weight in kg', decimalInput({ id: 'cat-weight', value: v('weight_kg') }), { hint: 'For example 4.2' }),
    body_condition_9pt: field('Body condition (1 to 9, 5 is ideal)',
      select('cat-bcs', [['', 'Not given'], ...bcsLabels.map((l) => [String(l.value), `${l.value}: ${l.text.split(':')[0]}`])], v('body_condition_9pt') ? String(v('body_condition_9pt')) : ''),
      { hint: (bcsFact && bcsFact.help) || '' }),
  };
  // the chosen body condition's full description under the select
  const bcsText = el('p', { class: 'hint bcs-text', id: 'cat-bcs-text', 'aria-live': 'polite' });
  const bcsInput = f.body_condition_9pt.input;
  const showBcs = () => {
    const l = bcsLabels.find((x) => String(x.value) === bcsInput.value);
    bcsText.textContent = l ? l.text : '';
  };
  bcsInput.addEventListener('change', showBcs);
  bcsInput.setAttribute('aria-describedby', `${bcsInput.getAttribute('aria-describedby')} cat-bcs-text`);
  f.body_condition_9pt.node.insertBefore(bcsText, f.body_condition_9pt.error);
  showBcs();

  // "Is 42 kg right?" under the weight, before a big change is saved
  const weightField = f.weight_kg;
  const confirmBox = el('div', { class: 'confirm', id: 'cat-weight-confirm', role: 'alert', tabindex: '-1' });
  weightField.node.append(confirmBox);
  let confirmedKg = null;
  const hideConfirm = () => { confirmBox.replaceChildren(); };
  weightField.input.addEventListener('input', () => { confirmedKg = null; hideConfirm(); });

  const general = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { novalidate: true, class: 'cat-form' },
    el('div', { class: 'grid' }, Object.values(f).map((x) => x.node)),
    general,
    el('div', { class: 'nav-row' }, el('button', { type: 'submit', text: submitText })));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(f, general);
    const body = {};
    for (const [id, fl] of Object.entries(f)) {
      const raw = fl.input.value.trim();
      if (raw === '') {
        if (cat && cat[id] !== undefined && cat[id] !== null && id !== 'name') body[id] = null;
        continue;
      }
      if (id === 'neutered') body[id] = raw === 'yes';
      else if (id === 'age_years' || id === 'weight_kg') {
        const n = parseDecimal(raw);
        if (!Number.isFinite(n)) {
          fl.setError(id === 'weight_kg' ? 'Please give the weight as a number of kilograms, for example 4.2 or 4,2.'
            : 'Please give the age as a number of years, for example 3 or 0.5.');
          fl.input.focus();
          return;
        }
        body[id] = n;
      } else if (id === 'body_condition_9pt') body[id] = Number(raw);
      else body[id] = raw;
    }
    if (!body.name) { f.name.setError('Please give your cat a name.'); f.name.input.focus(); return; }
    // a birth date and an age typed beside it: one of them would be dropped unseen, so ask
    if (body.birth_date && typeof body.age_years === 'number') {
      f.age_years.setError('You gave both a birth date and an age: please leave one of them empty (a birth date keeps the age up to date).');
      f.age_years.input.focus();
      return;
    }
    if (cat) {
      // only what changed
      for (const k of Object.keys(body)) if (body[k] === cat[k]) delete body[k];
      if (cat.birth_date && body.age_years === null) delete body.age_years;
    }
    const kg = body.weight_kg;
    const change = typeof kg === 'number' && kg >= 0.2 && kg <= 20 ? weightChange(lastKg, kg) : null;
    if (change && confirmedKg !== kg) {
      const name = (cat && cat.name) || body.name;
      confirmBox.replaceChildren(
        el('p', { text: `${num(kg, 2)} kg is ${change.pct}% ${change.more ? 'more' : 'less'} than ${name}'s last weight, ${num(lastKg, 2)} kg${lastWhen ? ` (weighed on ${weighDate(lastWhen)})` : ''}. `
          + 'A change this big is unusual: please check the number before it is saved.' }),
        el('div', { class: 'confirm-actions' },
          el('button', { type: 'button', text: `Yes, ${num(kg, 2)} kg is right`, onclick: () => { confirmedKg = kg; hideConfirm(); form.requestSubmit(); } }),
          el('button', { type: 'button', class: 'secondary', text: 'No, change it', onclick: () => { hideConfirm(); weightField.input.focus(); weightField.input.select(); } })));
      confirmBox.focus();
      return;
    }
    hideConfirm();
    try {
      await onsave(body);
    } catch (e) {
      showError(e, f, general);
    }
  });
  return form;
}

export async function catsPage(kb) {
  const cats = await api('GET', '/cats');
  const about = cats.map((c) => el('p', { class: 'muted', text: describeCat(c), hidden: !describeCat(c) }));
  const shown = page('Cats', [
    cats.length
      ? el('ul', { class: 'cats' }, cats.map((c, i) => el('li', { class: 'card cat' },
        el('h2', { text: c.name }),
        about[i],
        el('p', { class: 'links' },
          el('a', { class: 'button', href: `#/check/${enc(c.name)}`, text: 'Check', 'aria-label': `Check ${c.name}` }),
          el('a', { href: `#/journal/${enc(c.name)}`, text: 'Journal', 'aria-label': `${c.name}'s journal` }),
          el('a', { href: `#/charts/${enc(c.name)}`, text: 'Charts', 'aria-label': `${c.name}'s charts` }),
          el('a', { href: `#/edit/${enc(c.name)}`, text: 'Edit', 'aria-label': `Edit ${c.name}` })))))
      : el('p', { text: 'No cats yet. Add your cat to keep a journal of leaks, stools, weight and pain, and to have each check saved.' }),
    // the form to add a cat: open on a first visit, folded under the cats once there are some
    (() => {
      const form = catForm(kb, null, async (body) => {
        const c = await api('POST', '/cats', body);
        say(`Added ${c.name}`);
        location.hash = `#/journal/${enc(c.name)}`;
      }, 'Add cat');
      return cats.length
        ? el('details', { class: 'card add-cat', id: 'add-cat-fold' }, el('summary', { id: 'add-cat', text: 'Add another cat' }), form)
        : el('section', { 'aria-labelledby': 'add-cat', class: 'part' }, el('h2', { id: 'add-cat', text: 'Add a cat' }), form);
    })(),
    copies(cats),
  ]);
  main.dataset.view = 'cats';
  // then each cat's latest weighing, a few cats at a time, without holding up the page (and
  // not on a page no longer shown)
  let next = 0;
  const worker = async () => {
    while (next < cats.length && shown.isConnected) {
      const i = next++;
      const w = await latestWeight(cats[i].name).catch(() => null);
      if (w && shown.isConnected) {
        about[i].textContent = describeCat(cats[i], w);
        about[i].hidden = false;
      }
    }
  };
  Promise.all([worker(), worker(), worker()]).then(() => { if (shown.isConnected) main.dataset.weights = 'shown'; });
}

export async function editPage(kb, name) {
  const cat = await api('GET', `/cats/${enc(name)}`);
  // the last weight as a check reads it (weightText): a weighing of the last 30 days, else the
  // profile's figure, else an older weighing
  const weighed = await latestWeight(cat.name).catch(() => null);
  const recent = weighed && Date.now() - Date.parse(weighed.t) <= 30 * DAY_MS;
  const lastKg = recent ? weighed.kg : typeof cat.weight_kg === 'number' ? cat.weight_kg : weighed ? weighed.kg : null;
  const lastWhen = weighed && lastKg === weighed.kg && (recent || typeof cat.weight_kg !== 'number') ? weighed.t : null;
  const removeErr = el('p', { class: 'error', role: 'alert' });
  page(`Edit ${cat.name}`, [
    catForm(kb, cat, async (body) => {
      const c = Object.keys(body).length ? await api('PATCH', `/cats/${enc(cat.name)}`, body) : cat;
      say(`Saved ${c.name}`);
      location.hash = '#/cats';
    }, 'Save', lastKg, lastWhen),
    el('p', { class: 'links' }, el('a', { href: '#/cats', text: 'Back to the cats without saving' })),
    el('section', { 'aria-labelledby': 'remove-cat', class: 'part danger' },
      el('h2', { id: 'remove-cat', text: `Remove ${cat.name}` }),
      el('p', { text: `This deletes ${cat.name}'s profile and whole journal. It cannot be undone.` }),
      removeErr,
      el('button', { type: 'button', class: 'danger', text: `Remove ${cat.name}`, onclick: async () => {
        if (!window.confirm(`Remove ${cat.name} and the whole journal?`)) return;
        try {
          await api('DELETE', `/cats/${enc(cat.name)}`);
          say(`Removed ${cat.name}`);
          location.hash = '#/cats';
        } catch (e) { removeErr.textContent = errorText(e); }
      } })),
  ]);
  main.dataset.view = 'edit';
}

// "A copy of the journal": save it (GET /export, a file) and restore one (POST /import: all of
// it or nothing), the owner told first what it will add, then what it added.
function copies(cats) {
  const input = el('input', { type: 'file', id: 'restore-file', accept: '.json,application/json' });
  const box = el('div', { class: 'restore-box', id: 'restore-box', tabindex: '-1' });
  const err = el('p', { class: 'error', role: 'alert', id: 'restore-error' });
  const names = (list) => (list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0] || '');
  input.addEventListener('change', async () => {
    err.textContent = '';
    box.replaceChildren();
    const file = input.files && input.files[0];
    if (!file) return;
    let doc = null;
    try { doc = JSON.parse(await file.text()); } catch (e) { doc = null; }
    if (!doc || doc.format !== 'scoot-journal' || !Array.isArray(doc.cats) || !Array.isArray(doc.events)) {
      err.textContent = `${file.name} is not a copy of a scoot journal. Please choose the file that "Save a copy of the journal" made.`;
      return;
    }
    const catNames = doc.cats.map((c) => c && c.name).filter((n) => typeof n === 'string');
    const here = new Set(cats.map((c) => c.name.toLowerCase()));
    const taken = catNames.filter((n) => here.has(n.toLowerCase()));
    if (!catNames.length) {
      err.textContent = `${file.name} holds no cats: there is nothing to restore.`;
      return;
    }
    const made = doc.exported ? ` saved on ${shortDate(doc.exported)}` : '';
    const what = `${plural(catNames.length, 'cat')} (${names(catNames)}) with ${plural(doc.events.length, 'entry', 'entries')}`;
    const yes = el('button', { type: 'button', id: 'restore-yes', text: `Add ${catNames.length === 1 ? catNames[0] : `the ${catNames.length} cats`}` });
    const no = el('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => { box.replaceChildren(); input.value = ''; input.focus(); } });
    box.replaceChildren(el('div', { class: 'confirm', role: 'alert' },
      el('p', { text: `This copy${made} holds ${what}. Restoring adds them to this journal; nothing here is changed.` }),
      taken.length ? el('p', { class: 'warn', text: `${names(taken)} ${taken.length === 1 ? 'is' : 'are'} already here, so the copy cannot be added as it is: a copy only adds cats that are not in this journal.` }) : null,
      el('div', { class: 'confirm-actions' }, taken.length ? null : yes, no)));
    (taken.length ? no : yes).focus();
    let busy = false;
    yes.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      try {
        const r = await api('POST', '/import', doc);
        box.replaceChildren(el('p', { class: 'logged', role: 'status', text: `Restored ${plural(r.cats, 'cat')} (${names(catNames)}) and ${plural(r.events, 'entry', 'entries')}.` }),
          el('p', { class: 'links' }, catNames.map((n) => el('a', { href: `#/journal/${enc(n)}`, text: `${n}'s journal` }))));
        input.value = '';
        say(`Restored ${plural(r.cats, 'cat')} and ${plural(r.events, 'entry', 'entries')}`);
      } catch (e) {
        box.replaceChildren();
        err.textContent = restoreError(e, file.name);
      } finally {
        busy = false;
      }
    });
  });
  return el('section', { 'aria-labelledby': 'copy-title', class: 'part copies' },
    el('h2', { id: 'copy-title', text: 'A copy of the journal' }),
    el('p', { class: 'muted', text: 'Keep a copy of every cat and every entry somewhere safe (another computer, a USB stick), to restore if this one is lost or to move to a new one.' }),
    el('p', {}, el('a', { class: 'button secondary', id: 'save-copy', href: '/api/v1/export', download: '', text: 'Save a copy of the journal' })),
    field('Restore from a copy', input, { hint: 'Choose a file that "Save a copy of the journal" made. You will see what it holds before anything is added.' }).node,
    err, box);
}

// Why a copy was not restored, in an owner's words (nothing was added in any case).
function restoreError(e, file) {
  const none = 'Nothing was added.';
  if (e.status === 413) return `${file} is too large to restore here (more than 1 MB). ${none} Whoever set up scoot can restore it with the scoot import command.`;
  if (e.reason === 'name_taken') return `${e.message.replace(/ Please choose another name\.$/, '')} ${none} A copy only adds cats that are not in this journal.`;
  if (e.status === 422) return `Part of ${file} could not be read: it may have been changed or damaged since it was saved. ${none}`;
  return `${errorText(e)} ${none}`;
}
