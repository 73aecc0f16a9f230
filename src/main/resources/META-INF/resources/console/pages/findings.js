// Findings: the API's filters, keyset pages, and each finding's state and label.
import { get } from '../api.js';
import { h, show, table, time, num, badge, select } from '../ui.js';
import { navigate } from '../app.js';

const FILTERS = ['agent', 'state', 'severity', 'category', 'rule', 'resource', 'label', 'from', 'to'];

export async function render(page, params) {
  const agents = (await get('/api/agents')).map(a => a.name);
  const query = Object.fromEntries(FILTERS.filter(f => params[f]).map(f => [f, params[f]]));
  const result = await get('/api/findings', { ...query, limit: params.limit || 50, cursor: params.cursor });

  const form = h('form', { class: 'filters', id: 'finding-filters' },
    h('label', null, 'Agent', select('agent', agents, params.agent)),
    h('label', null, 'State', select('state', ['open', 'resolved'], params.state)),
    h('label', null, 'Severity', select('severity', ['critical', 'high', 'medium', 'low', 'info'], params.severity)),
    h('label', null, 'Category', h('input', { name: 'category', value: params.category || '', size: 10 })),
    h('label', null, 'Rule', h('input', { name: 'rule', value: params.rule || '', size: 18 })),
    h('label', null, 'Resource', h('input', { name: 'resource', value: params.resource || '', size: 16 })),
    h('label', null, 'Label', select('label', ['useful', 'noise', 'expected', 'none'], params.label)),
    h('label', null, 'From', h('input', { name: 'from', value: params.from || '', placeholder: '2026-11-20T00:00:00Z', size: 20 })),
    h('label', null, 'To', h('input', { name: 'to', value: params.to || '', size: 20 })),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    navigate('/findings', Object.fromEntries(new FormData(form)));
  });

  show(page, h('h2', null, 'Findings'), form,
    table([
      ['Id', f => h('a', { href: `#/findings/${f.id}`, class: 'finding-link' }, `#${f.id}`)],
      ['State', f => badge(f.state)],
      ['Severity', f => badge(f.severity || '')],
      ['Category', f => f.category],
      ['Rule', f => f.rule],
      ['Resource', f => f.resource],
      ['Value / threshold', f => f.value === null ? '' : `${num(f.value)} / ${num(f.threshold)}`],
      ['Count', f => f.count],
      ['Last seen', f => time(f.lastSeen)],
      ['Label', f => (f.label ? badge(f.label) : '')],
      ['Message', f => f.message],
    ], result.items, { id: 'findings' }),
    h('div', { class: 'pager' },
      params.cursor ? h('button', { class: 'secondary', onclick: () => navigate('/findings', query) }, 'First page') : null,
      result.next ? h('button', { id: 'next-page', onclick: () => navigate('/findings', { ...query, cursor: result.next }) }, 'Next page') : null));
}
