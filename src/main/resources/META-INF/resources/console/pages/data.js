// Data: drop a cost export or metric file and see what was read, kept and refused; monitoring cycles with each
// collector's outcome, and a cycle started by hand (role editor or admin).
import { get, post, postForm } from '../api.js';
import { h, show, table, facts, time, usd, badge, problem } from '../ui.js';
import { can } from '../app.js';

export async function render(page, params) {
  const cycles = await get('/api/agents/aws-usage/cycles');
  show(page, h('h2', null, 'Data'),
    can('editor') ? importBox() : null,
    h('h3', null, 'Monitoring cycles'),
    can('editor') ? cycleButton(page, params) : null,
    table([
      ['Cycle', c => c.id], ['Status', c => badge(c.status, c.status === 'complete' ? 'resolved' : 'open')],
      ['Started', c => time(c.startedAt)], ['Finished', c => time(c.finishedAt)],
      ['Collectors', c => collectors(c.collectors)], ['Run', c => (c.runId ? h('a', { href: `#/runs/${c.runId}` }, c.runId.slice(0, 8)) : '')],
      ['Error', c => c.error],
    ], cycles, { id: 'cycles' }));
}

/** A cycle stores its collectors' outcomes as JSON text ({"cost-explorer":"ok", ...}). */
function collectors(text) {
  let outcomes;
  try { outcomes = typeof text === 'string' ? JSON.parse(text) : text; } catch { return text; }
  if (!outcomes || typeof outcomes !== 'object') return text ?? '';
  return h('span', null, Object.entries(outcomes).map(([name, outcome]) =>
    [badge(`${name}: ${typeof outcome === 'string' ? outcome : JSON.stringify(outcome)}`,
      String(outcome).startsWith('ok') || String(outcome).startsWith('skipped') ? 'resolved' : 'open'), ' ']));
}

function cycleButton(page, params) {
  const outcome = h('div', { id: 'cycle-outcome' });
  const button = h('button', { id: 'run-cycle', onclick: async () => {
    button.disabled = true;
    try {
      const c = await post('/api/agents/aws-usage/cycles');
      await render(page, params);
      page.querySelector('#cycle-outcome').replaceChildren(h('div', { class: 'ok' }, `Cycle ${c.id}: ${c.status}, ${c.facts} facts, ${c.findings ?? 0} findings.`));
    } catch (err) {
      button.disabled = false;
      outcome.replaceChildren(problem(err));
    }
  } }, 'Run a cycle now');
  return h('div', null, h('div', { class: 'actions' }, button), outcome);
}

/** A drop zone (or a file chooser) for a FOCUS, CUR or metric CSV; the import's report or its problem below. */
function importBox() {
  const outcome = h('div', { id: 'import-outcome' });
  const input = h('input', { type: 'file', id: 'import-file', accept: '.csv,.gz,.parquet' });
  const zone = h('div', { id: 'drop-zone', class: 'drop' }, 'Drop a cost export (FOCUS, CUR) or a metric CSV here, or ', input);
  const send = async file => {
    outcome.replaceChildren(h('p', { class: 'muted' }, `Importing ${file.name}…`));
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const r = await postForm('/api/agents/aws-usage/imports', form);
      outcome.replaceChildren(h('div', { class: 'ok', id: 'import-report' }, facts([
        ['File', r.file], ['Kind', r.kind], ['Rows read', h('span', { id: 'rows-read' }, r.rowsRead)],
        ['Rows kept', h('span', { id: 'rows-kept' }, r.rowsKept)],
        ['Rows refused', h('span', { id: 'rows-refused' }, Object.values(r.refused || {}).reduce((a, b) => a + b, 0))],
        ['Why refused', Object.entries(r.refused || {}).map(([why, n]) => `${why}: ${n}`).join('; ')],
        ['Cost records', r.costRecords], ['Cost total', usd(r.costTotal)], ['Metric samples', r.metricSamples],
      ])));
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  };
  input.addEventListener('change', () => input.files[0] && send(input.files[0]));
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files[0]) send(e.dataTransfer.files[0]);
  });
  return h('section', { class: 'card' }, h('h3', null, 'Import a file'),
    h('p', { class: 'muted' }, 'Rows are kept once per day, account, service and usage type: importing the same export again changes nothing.'),
    zone, outcome);
}
