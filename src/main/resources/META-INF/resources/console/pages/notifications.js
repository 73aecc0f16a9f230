// Notifications: the route table (edited in place by an admin), silences (created and expired by an admin) and the
// delivery log with its filters and pages.
import { get, post, putJson, del } from '../api.js';
import { h, show, table, time, badge, problem } from '../ui.js';
import { can, navigate } from '../app.js';

const COLUMNS = [['id', 'Id'], ['agent', 'Agent'], ['severity', 'Severity'], ['category', 'Category'], ['rule', 'Rule'],
  ['channel', 'Channel'], ['groupBy', 'Group by'], ['quietFrom', 'Quiet from'], ['quietTo', 'Quiet to'], ['timeZone', 'Time zone']];
const LABELS = ['agent', 'rule', 'resource', 'category', 'severity'];

export async function render(page, params) {
  const [routes, silences, channels, deliveries] = await Promise.all([
    get('/api/notifications/routes'), get('/api/notifications/silences', { all: params.all }),
    get('/api/notifications/channels'),
    get('/api/notifications/deliveries', { channel: params.channel, status: params.status, limit: params.limit || 50, cursor: params.cursor })]);
  const again = () => render(page, params);
  show(page, h('h2', null, 'Notifications'),
    h('p', { class: 'muted' }, `Channels: ${channels.map(c => `${c.name} (${c.type})`).join(', ') || 'none yet'}`),
    routeTable(routes, again),
    silenceList(silences, params, again),
    deliveryLog(deliveries, params));
}

function routeTable(routes, again) {
  const admin = can('admin');
  const outcome = h('div', { id: 'routes-outcome' });
  const body = h('tbody');
  const addRow = r => body.append(h('tr', null, COLUMNS.map(([key]) => h('td', null, admin
    ? h('input', { 'data-key': key, value: r[key] ?? '', size: key === 'id' || key === 'groupBy' ? 14 : 8 })
    : (r[key] ?? ''))), admin ? h('td', null, h('button', { class: 'secondary', onclick: e => e.target.closest('tr').remove() }, '×')) : null));
  routes.forEach(addRow);
  const save = async () => {
    const rows = [...body.querySelectorAll('tr')].map(tr => Object.fromEntries([...tr.querySelectorAll('input')]
      .map(i => [i.dataset.key, i.value.trim() || null])));
    try {
      await putJson('/api/notifications/routes', rows);
      await again();
      document.getElementById('routes-outcome').replaceChildren(h('div', { class: 'ok' }, `Saved ${rows.length} routes.`));
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  };
  return h('section', { class: 'card', id: 'routes' }, h('h3', null, 'Routes'),
    h('p', { class: 'muted' }, 'Every matching row sends the finding to its channel; empty cells match anything; Severity is the lowest taken.'),
    h('div', { class: 'scroll' }, h('table', { id: 'route-table' },
      h('thead', null, h('tr', null, COLUMNS.map(([, label]) => h('th', null, label)), admin ? h('th') : null)), body)),
    admin ? h('div', { class: 'actions' }, h('button', { class: 'secondary', id: 'add-route', onclick: () => addRow({}) }, 'Add a route'),
      h('button', { id: 'save-routes', onclick: save }, 'Save the table')) : null,
    outcome);
}

function silenceList(silences, params, again) {
  const outcome = h('div', { id: 'silence-outcome' });
  const now = Date.now();
  const expire = id => async () => {
    try { await del(`/api/notifications/silences/${id}`); await again(); } catch (err) { outcome.replaceChildren(problem(err)); }
  };
  let form = null;
  if (can('admin')) {
    const inputs = Object.fromEntries(LABELS.map(l => [l, h('input', { name: l, id: `silence-${l}`, size: 12 })]));
    const ends = h('input', { id: 'silence-ends', type: 'datetime-local', required: true });
    const comment = h('input', { id: 'silence-comment', size: 24 });
    form = h('form', { class: 'filters', id: 'silence-form' }, LABELS.map(l => h('label', null, l, inputs[l])),
      h('label', null, 'Ends (your time)', ends), h('label', null, 'Comment', comment), h('button', { type: 'submit' }, 'Silence'));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const matchers = Object.fromEntries(LABELS.filter(l => inputs[l].value.trim()).map(l => [l, inputs[l].value.trim()]));
      try {
        await post('/api/notifications/silences', { matchers, endsAt: ends.value ? new Date(ends.value).toISOString() : '', comment: comment.value });
        await again();
      } catch (err) {
        outcome.replaceChildren(problem(err));
      }
    });
  }
  const all = h('label', null, h('input', { type: 'checkbox', id: 'silences-all', checked: params.all === 'true',
    onchange: e => navigate('/notifications', { ...params, all: e.target.checked ? 'true' : '' }) }), ' include ended ones');
  return h('section', { class: 'card', id: 'silences' }, h('h3', null, 'Silences'), form, outcome, all,
    table([['Id', s => s.id], ['Matchers', s => Object.entries(s.matchers).map(([k, v]) => `${k}=${v}`).join(', ')],
      ['Comment', s => s.comment], ['By', s => s.createdBy], ['Ends', s => time(s.endsAt)],
      ['', s => (new Date(s.endsAt).getTime() > now
        ? (can('admin') ? h('button', { class: 'danger expire', 'data-id': s.id, onclick: expire(s.id) }, 'Expire now') : badge('active', 'open'))
        : badge('ended', 'resolved'))]], silences, { id: 'silence-list' }));
}

function deliveryLog(page, params) {
  const status = h('select', { id: 'delivery-status' }, ['', 'delivered', 'failed'].map(s =>
    h('option', { value: s, selected: s === (params.status || '') }, s || 'any status')));
  const channel = h('input', { id: 'delivery-channel', value: params.channel || '', placeholder: 'channel', size: 12 });
  const form = h('form', { class: 'filters' }, channel, status, h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', e => { e.preventDefault(); navigate('/notifications', { ...params, channel: channel.value, status: status.value, cursor: '' }); });
  return h('section', { class: 'card', id: 'deliveries' }, h('h3', null, 'Deliveries'), form,
    table([['At', d => time(d.at)], ['Channel', d => d.channel], ['Route', d => d.route], ['Title', d => d.title],
      ['Attempt', d => d.attempt], ['Status', d => badge(d.status, d.status === 'delivered' ? 'resolved' : 'open')],
      ['Error', d => d.error], ['Message', d => `${d.messageState || ''}${d.nextAttemptAt ? ', next ' + time(d.nextAttemptAt) : ''}`]],
    page.items, { id: 'delivery-list' }),
    page.next ? h('div', { class: 'pager' }, h('button', { id: 'deliveries-next', onclick: () => navigate('/notifications', { ...params, cursor: page.next }) }, 'Older')) : null);
}
