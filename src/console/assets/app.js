// The console's entry point: hash routing (#/cases, #/case/<id>, #/tasks, #/dashboard), the sign-in gate, and the shared context (carrier names) the views use.
import { api, forgetKey, storedKey, whenUnauthenticated } from './api.js';
import { bi, errorBox, h } from './dom.js';
import { renderDashboard } from './view-dashboard.js';
import { renderDetail } from './view-detail.js';
import { renderList } from './view-list.js';
import { renderLogin } from './view-login.js';
import { renderTasks } from './view-tasks.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

/** Shared between views, loaded once after sign-in: carrier names and the reason table (code → zh/en). */
const context = { carriers: [], carrierName: (id) => id, reasons: {}, navigate };

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function loadShared() {
  if (context.carriers.length) return;
  try {
    const response = await fetch('/console/reasons.json');
    if (response.ok) context.reasons = await response.json();
  } catch {
    context.reasons = {};
  }
  try {
    const answer = await api('GET', '/v1/carriers');
    context.carriers = answer.carriers.filter((c) => c.kind === 'carrier').map((c) => ({ id: c.id, name: c.name }));
    const names = new Map(answer.carriers.map((c) => [c.id, c.name]));
    context.carrierName = (id) => names.get(id) ?? id;
  } catch {
    context.carriers = [];
  }
}

function signOut() {
  forgetKey();
  navigate('#/cases');
}

function showChrome(signedIn) {
  nav.hidden = !signedIn;
  who.replaceChildren(signedIn ? h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, '退出 Sign out') : '');
}

/** Increases with every navigation: a slower earlier render never replaces a later one. */
let routeSeq = 0;

/** Renders the view the hash names. */
async function route() {
  if (!storedKey()) {
    routeSeq += 1;
    delete main.dataset.rendered;
    showChrome(false);
    renderLogin(main, () => navigate(location.hash && location.hash !== '#/' ? location.hash : '#/cases'));
    return;
  }
  const seq = ++routeSeq;
  showChrome(true);
  await loadShared();
  const hash = location.hash || '#/cases';
  const [path, search = ''] = hash.slice(1).split('?');
  const params = Object.fromEntries(new URLSearchParams(search));
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', path.startsWith(`/${link.dataset.nav}`));
  // Views render into a detached element that replaces the page only if no later navigation started meanwhile.
  const target = h('div', { class: 'view' });
  try {
    if (path.startsWith('/case/')) await renderDetail(target, decodeURIComponent(path.slice('/case/'.length)), context);
    else if (path === '/tasks') await renderTasks(target, params, context);
    else if (path === '/dashboard') await renderDashboard(target, params, context);
    else await renderList(target, params, context);
  } catch (error) {
    if (error?.status === 401) return; // the sign-in form is already shown
    target.replaceChildren(h('section', { class: 'card' }, h('h2', null, bi('无法加载', 'Could not load')), errorBox(error)));
  }
  if (seq !== routeSeq) return;
  main.replaceChildren(target);
  main.dataset.rendered = hash;
}

whenUnauthenticated(() => {
  routeSeq += 1;
  delete main.dataset.rendered;
  forgetKey();
  showChrome(false);
  renderLogin(main, () => route(), {
    code: 'UNAUTHENTICATED',
    message: 'API 密钥无效或已吊销,请重新输入 The API key is not valid or was revoked: enter it again',
  });
});
window.addEventListener('hashchange', route);
route();
