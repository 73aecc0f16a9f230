// Rules: agents, their versions, a version's files to download, and an upload with its compile errors.
import { get, put } from '../api.js';
import { h, show, table, time, badge, problem } from '../ui.js';
import { can } from '../app.js';

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
  page.append(h('h3', null, `Versions of ${name}`),
    table([
      ['Version', v => h('span', null, `v${v.version} `, v.active ? badge('active', 'open') : '')],
      ['Source', v => v.source], ['Reason', v => v.reason], ['By', v => v.createdBy], ['At', v => time(v.createdAt)],
      ['Files', v => h('span', null, v.files.map(f => [h('a', {
        href: `/api/agents/${name}/versions/${v.version}/files/${encodeURIComponent(f)}`, download: f, class: 'file-link',
      }, f), ' '])) ],
    ], versions, { id: 'versions' }));
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
