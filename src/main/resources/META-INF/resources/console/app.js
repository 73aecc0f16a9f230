// The console: one page, views chosen by the address's hash (#/findings?state=open, #/findings/17, ...).
import { get } from './api.js';
import { h, problem } from './ui.js';
import * as overview from './pages/overview.js';
import * as findings from './pages/findings.js';
import * as finding from './pages/finding.js';
import * as rules from './pages/rules.js';
import * as proposals from './pages/proposals.js';
import * as audit from './pages/audit.js';
import * as insights from './pages/insights.js';
import * as data from './pages/data.js';
import * as notifications from './pages/notifications.js';

// [pattern, page]: the first whose pattern matches the hash's path renders; groups are passed as arguments.
const routes = [
  [/^\/overview$/, overview],
  [/^\/findings$/, findings],
  [/^\/findings\/(\d+)$/, finding],
  [/^\/rules$/, rules],
  [/^\/rules\/([\w.-]+)$/, rules],
  [/^\/proposals$/, proposals],
  [/^\/proposals\/([\w.-]+)\/(\d+)$/, proposals],
  [/^\/audit$/, audit],
  [/^\/runs\/([\w-]+)$/, audit],
  [/^\/insights$/, insights],
  [/^\/data$/, data],
  [/^\/notifications$/, notifications],
];

export const session = { user: null, roles: [] };
export const can = (...roles) => session.roles.includes('admin') || roles.some(r => session.roles.includes(r));

/** Changes the hash's query without adding to history noise: filters and cursors live in the address. */
export function navigate(path, params) {
  const q = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  location.hash = path + (q.toString() ? '?' + q : '');
}

async function render() {
  const [path, query] = (location.hash.slice(1) || '/overview').split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const page = document.getElementById('page');
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('active', path.startsWith(a.getAttribute('href').slice(1)));
  }
  const match = routes.map(([re, view]) => [path.match(re), view]).find(([m]) => m);
  if (!match) {
    page.replaceChildren(h('p', null, 'No such page. ', h('a', { href: '#/overview' }, 'Overview')));
    return;
  }
  const [m, view] = match;
  // each view draws into its own box: a slow view left behind draws into a box no longer in the page
  const box = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  page.replaceChildren(box);
  try {
    await view.render(box, params, ...m.slice(1));
  } catch (err) {
    box.replaceChildren(problem(err));
  }
}

async function start() {
  const me = await get('/api/me');
  Object.assign(session, { user: me.username, roles: me.roles });
  document.getElementById('user').textContent = `${me.username} (${me.roles.join(', ')})`;
  window.addEventListener('hashchange', render);
  await render();
}

start().catch(err => document.getElementById('page').replaceChildren(problem(err)));
