// Audit: firings with the API's filters and keyset pages; a run with its findings and firings.
import { get } from '../api.js';
import { h, show, table, facts, time, num, badge } from '../ui.js';
import { navigate } from '../app.js';

const FILTERS = ['agent', 'rule', 'run', 'version', 'resource', 'from', 'to'];

const firingColumns = [
  ['Id', f => f.id], ['Fired', f => time(f.firedAt)],
  ['Run', f => h('a', { href: `#/runs/${f.runId}` }, f.runId.slice(0, 8))], ['#', f => f.seq],
  ['Rule', f => f.rule], ['Version', f => f.version], ['File / row', f => [f.file, f.row].filter(Boolean).join(' row ')],
  ['Resource', f => f.resource], ['Bound values', f => h('code', null, JSON.stringify(f.bindings))],
  ['Finding', f => (f.finding ? h('a', { href: `#/findings/${f.finding}` }, `#${f.finding}`) : '')],
  ['Label', f => (f.label ? badge(f.label) : '')], ['µs', f => num(f.durationNanos / 1000)], ['Error', f => f.error],
];

export async function render(page, params, runId) {
  if (runId) return run(page, runId, params);
  const query = Object.fromEntries(FILTERS.filter(f => params[f]).map(f => [f, params[f]]));
  const result = await get('/api/firings', { ...query, limit: params.limit || 50, cursor: params.cursor });
  const form = h('form', { class: 'filters', id: 'firing-filters' },
    FILTERS.map(f => h('label', null, f[0].toUpperCase() + f.slice(1), h('input', { name: f, value: params[f] || '', size: f === 'version' ? 4 : 14 }))),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    navigate('/audit', Object.fromEntries(new FormData(form)));
  });
  show(page, h('h2', null, 'Audit: firings'), form, table(firingColumns, result.items, { id: 'firings' }),
    h('div', { class: 'pager' },
      params.cursor ? h('button', { class: 'secondary', onclick: () => navigate('/audit', query) }, 'First page') : null,
      result.next ? h('button', { id: 'next-page', onclick: () => navigate('/audit', { ...query, cursor: result.next }) }, 'Next page') : null));
}

async function run(page, runId, params) {
  const r = await get(`/api/runs/${runId}`, { limit: 1000 });
  show(page, h('p', null, h('a', { href: '#/audit' }, '← Audit')),
    h('h2', null, `Run ${r.runId} `, badge(r.status)),
    h('section', { class: 'card' }, facts([['Agent', r.agent], ['Version', r.version], ['Started', time(r.startedAt)],
      ['Took', `${num(r.durationNanos / 1e6)} ms`], ['Facts', r.factCount], ['Firings', r.firingCount],
      ['Problems', r.problems.join('; ')]])),
    h('h3', null, 'Findings it touched'),
    table([['Finding', f => h('a', { href: `#/findings/${f.id}` }, `#${f.id}`)], ['Action', f => f.action], ['State', f => badge(f.state)],
      ['Severity', f => badge(f.severity || '')], ['Rule', f => f.rule], ['Resource', f => f.resource], ['Message', f => f.message]], r.findings),
    r.moreFindings ? h('p', null, 'More findings: ', h('code', null, r.moreFindings)) : null,
    h('h3', null, 'Its firings'), table(firingColumns, r.firings, { id: 'run-firings' }),
    r.moreFirings ? h('p', null, h('a', { href: `#/audit?run=${r.runId}` }, 'All its firings in the audit')) : null);
}
