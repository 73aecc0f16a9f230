// Rules: agents, their versions (files, a zip, activate an earlier one), a diff between two versions, and an upload
// with its compile errors.
import { get, post, put } from '../api.js';
import { h, show, table, time, badge, problem } from '../ui.js';
import { can, navigate } from '../app.js';

export async function render(page, params, agentName) {
  const agents = await get('/api/agents');
  const name = agentName || agents[0]?.name;
  show(page, h('h2', null, 'Rules'),
    h('div', { class: 'actions tabs' }, agents.map(a => h('a', { href: `#/rules/${a.name}`, class: a.name === name ? 'active' : '' },
      `${a.name} (v${a.activeVersion?.version ?? '–'}, ${a.rules ?? 0} rules)`))));
  if (!name) return;
  const agent = agents.find(a => a.name === name) || await get(`/api/agents/${name}`);
  const versions = await get(`/api/agents/${name}/versions`);

  if (agent.error) {
    page.append(h('div', { class: 'problem' }, h('strong', null, 'Last refused edit: '), JSON.stringify(agent.error)));
  }
  if (can('editor')) page.append(uploadForm(name, page, params));
  const reason = h('input', { id: 'activate-reason', placeholder: 'why activate an earlier version (recorded on it)', size: 44 });
  const activated = h('div', { id: 'activate-outcome' });
  const activate = v => async () => {
    try {
      const made = await post(`/api/agents/${name}/versions/${v}/activate`, { reason: reason.value });
      await render(page, params, name);
      page.querySelector('#activate-outcome').replaceChildren(h('div', { class: 'ok' },
        `Version ${v}'s rules are active again as version ${made.version}.`));
    } catch (err) {
      activated.replaceChildren(problem(err));
    }
  };
  page.append(h('h3', null, `Versions of ${name}`),
    can('approver') ? h('div', { class: 'actions' }, reason) : null, activated,
    table([
      ['Version', v => h('span', null, `v${v.version} `, v.active ? badge('active', 'open') : '')],
      ['Source', v => v.source], ['Reason', v => v.reason], ['By', v => v.createdBy], ['At', v => time(v.createdAt)],
      ['Files', v => h('span', null, v.files.map(f => [h('a', {
        href: `/api/agents/${name}/versions/${v.version}/files/${encodeURIComponent(f)}`, download: f, class: 'file-link',
      }, f), ' ']), h('a', { href: `/api/agents/${name}/versions/${v.version}/files.zip`, class: 'zip-link',
        download: `${name}-v${v.version}.zip` }, 'all (zip)'))],
      ['', v => h('span', null,
        h('a', { href: `#/rules/${name}?from=${previous(versions, v)}&to=${v.version}`, class: 'diff-link' },
          previous(versions, v) ? `diff v${previous(versions, v)}` : ''), ' ',
        !v.active && can('approver') ? h('button', { class: 'secondary activate', 'data-version': v.version,
          onclick: activate(v.version) }, 'Activate again') : '')],
    ], versions, { id: 'versions' }));
  page.append(compareForm(name, versions, params));
  if (params.from && params.to) page.append(await diff(name, params.from, params.to));
}

/** The version stored just before v, to compare with. */
const previous = (versions, v) => versions.map(x => x.version).filter(x => x < v.version).sort((a, b) => b - a)[0] || '';

function compareForm(agent, versions, params) {
  const pick = (id, value) => h('select', { id }, versions.map(v => h('option', { value: v.version,
    selected: String(v.version) === String(value) }, `v${v.version}`)));
  const from = pick('diff-from', params.from || versions[1]?.version);
  const to = pick('diff-to', params.to || versions[0]?.version);
  const form = h('form', { class: 'filters', id: 'compare' }, h('label', null, 'From', from), h('label', null, 'To', to),
    h('button', { type: 'submit' }, 'Compare'));
  form.addEventListener('submit', e => { e.preventDefault(); navigate(`/rules/${agent}`, { from: from.value, to: to.value }); });
  return h('section', { class: 'card' }, h('h3', null, 'Compare two versions'), form);
}

/** The changed table rows cell by cell and each text file's unified diff. */
async function diff(agent, from, to) {
  const d = await get(`/api/agents/${agent}/versions/${to}/diff`, { from });
  const changed = d.files.filter(f => f.status !== 'unchanged');
  return h('section', { id: 'diff', class: 'card' }, h('h3', null, `v${d.from} → v${d.to}`),
    changed.length ? null : h('p', { class: 'muted' }, 'The two versions have the same files.'),
    changed.map(f => h('div', { class: 'file-diff', 'data-file': f.file },
      h('h4', null, f.file, ' ', badge(f.status)),
      f.rows.length ? table([
        ['Table', r => r.table], ['Row', r => r.rowId], ['Change', r => badge(r.status)],
        ['Cells', r => h('table', { class: 'cells' }, r.cells.map(c => h('tr', null, h('th', null, c.column),
          h('td', { class: c.before == null ? 'blank' : 'before' }, c.before ?? ''), h('td', { class: c.after == null ? 'blank' : 'after' }, c.after ?? ''))))],
      ], f.rows, { class: 'row-diff' }) : null,
      f.text.length ? h('pre', { class: 'text-diff' }, f.text.map(line => h('span', {
        class: line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del'
          : line.startsWith('@@') ? 'hunk' : '' }, line))) : null)));
}

function uploadForm(agent, page, params) {
  const file = h('input', { type: 'file', id: 'upload-file', required: true, accept: '.drl,.csv,.xlsx,.xls' });
  const name = h('input', { id: 'upload-name', placeholder: 'file name in the rules folder', size: 28 });
  const outcome = h('div', { id: 'upload-outcome' });
  file.addEventListener('change', () => { if (file.files[0]) name.value = file.files[0].name; });
  const form = h('form', { class: 'filters', id: 'upload' },
    h('label', null, 'Rule file (DRL or decision table)', file), h('label', null, 'Name', name),
    h('button', { type: 'submit' }, 'Upload and activate'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    outcome.replaceChildren(h('p', { class: 'muted' }, 'Compiling…'));
    try {
      const result = await put(`/api/agents/${agent}/files/${encodeURIComponent(name.value || file.files[0].name)}`,
        await file.files[0].arrayBuffer());
      outcome.replaceChildren(result.version !== undefined && result.state === undefined
        ? h('div', { class: 'ok' }, `Compiled and activated as version ${result.version}.`)
        : h('div', { class: 'ok' }, 'Waiting for approval: ', h('a', { href: `#/proposals/${agent}/${result.id}` }, `proposal #${result.id}`)));
      const versions = page.querySelector('#versions');
      if (versions) await render(page, params, agent).then(() => page.querySelector('#upload-outcome').replaceWith(outcome));
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  });
  return h('section', { class: 'card' }, h('h3', null, 'Upload a rule file'),
    h('p', { class: 'muted' }, 'It is compiled with the agent\'s other files; nothing changes unless the whole set compiles.'),
    form, outcome);
}
