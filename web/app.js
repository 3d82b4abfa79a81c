// app.js: scoot's web app: check a cat, cats, journal, charts, today. Plain ES modules, no
// framework; the API is /api/v1 (docs/openapi.yaml). The questions, help texts, scales, labels
// and advice all come from the knowledge base (GET /api/v1/kb).
//
// Routes: #/check[/cat]  #/cats  #/edit/cat  #/journal/cat  #/charts/cat  #/today

import { api, el, errorBox, page, setDisclaimer } from './js/dom.js';
import { check } from './js/check.js';
import { catsPage, editPage } from './js/cats.js';
import { journalPage } from './js/journal.js';
import { chartsPage } from './js/charts.js';
import { todayPage } from './js/today.js';

let kb = null;
async function loadKb() {
  if (!kb) {
    kb = await api('GET', '/kb');
    setDisclaimer(kb.disclaimer);
  }
  return kb;
}

function markNav(name) {
  const section = name === 'edit' || name === 'journal' || name === 'charts' ? 'cats' : name;
  for (const a of document.querySelectorAll('header nav a')) {
    if (a.getAttribute('href') === `#/${section}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// One page at a time: a route that starts while another is still loading waits for it, so the
// page shown is always the one of the address the owner went to last.
let routing = Promise.resolve();
function route() {
  routing = routing.then(routeNow, routeNow);
  return routing;
}

const PAGES = ['check', 'cats', 'edit', 'journal', 'charts', 'today'];
// The page of the address: its name and the rest of its path.
function pageOf(hash) {
  const parts = (hash || '#/check').replace(/^#\/?/, '').split('/');
  const name = parts[0] || 'check';
  return { name: PAGES.includes(name) ? name : 'check', parts };
}

async function routeNow() {
  if (location.hash === '#main') return; // the skip link (handled below) is not a route
  const where = pageOf(location.hash);
  const { parts } = where;
  let { name } = where;
  let arg;
  try {
    arg = parts[1] ? decodeURIComponent(parts.slice(1).join('/')) : undefined;
  } catch (e) {
    arg = parts[1];
  }
  if (['edit', 'journal', 'charts'].includes(name) && !arg) name = 'cats';
  markNav(name);
  try {
    const k = await loadKb();
    if (name === 'cats') await catsPage(k);
    else if (name === 'edit') await editPage(k, arg);
    else if (name === 'journal') await journalPage(k, arg);
    else if (name === 'charts') await chartsPage(k, arg);
    else if (name === 'today') await todayPage(k);
    else await check(k, arg);
  } catch (e) {
    if (e.status === 404 && arg) {
      page('No such cat', [errorBox(e), el('p', {}, el('a', { href: '#/cats', text: 'See the cats' }))]);
    } else {
      page(e.code === 'offline' ? 'No answer from scoot' : 'Something went wrong',
        // (a button of full tap size that asks again; a link to the same address would not)
        [errorBox(e), el('p', {}, el('button', { type: 'button', id: 'try-again', onclick: () => route(), text: 'Try again' }))]);
    }
  }
}

document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  const h1 = document.getElementById('page-title');
  (h1 || document.getElementById('main')).focus();
});
// on paper, every folded part (a cause's evidence, how to do each care, the less likely causes,
// the sources, the answers given) is shown too (style.css unfolds them as well)
let opened = [];
window.addEventListener('beforeprint', () => {
  opened = [...document.querySelectorAll('main details:not([open])')];
  opened.forEach((d) => { d.open = true; });
});
window.addEventListener('afterprint', () => {
  opened.forEach((d) => { d.open = false; });
  opened = [];
});
// a link to the page's own address (the nav's "Check my cat" on an answer, "Mimi's journal"
// on a stored answer shown in the journal) starts that page again: no hashchange comes for it.
// For the check it is a step in the browser's history all the same, so that Back comes back to
// the answer (the check answers the browser's Back and Forward; the other pages do not).
document.addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a[href^="#/"]') : null;
  if (a && a.getAttribute('href') === location.hash && !ev.defaultPrevented) {
    ev.preventDefault();
    if (pageOf(location.hash).name === 'check' && document.getElementById('main').dataset.view !== 'check-start') {
      try { history.pushState(null, '', location.href); } catch (e) { /* too many steps: no Back to it */ }
    }
    route();
  }
});
window.addEventListener('hashchange', route);
route();
