// A finding's explanation: the rule and its table row, the version, the matched facts and bound values, the value
// against the threshold, earlier occurrences; and its label.
import { get, post, ApiError } from '../api.js';
import { h, show, table, facts, time, num, badge, problem } from '../ui.js';
import { can } from '../app.js';

export async function render(page, params, id) {
  const f = await get(`/api/findings/${id}`);
  const firing = f.lastFiring ? await get(`/api/firings/${f.lastFiring}`) : null;
  const [row, earlier, history] = await Promise.all([
    tableRow(f).catch(err => ({ refused: err })),
    get('/api/findings', { agent: f.agent, rule: f.rule, resource: f.resource, limit: 20 }),
    get(`/api/findings/${id}/feedback`),
  ]);

  const label = h('div', { id: 'label' }, 'Label: ', f.label ? badge(f.label) : h('span', { class: 'muted' }, 'none'),
    f.feedback ? h('span', { class: 'muted' }, ` by ${f.feedback.by} at ${time(f.feedback.at)}${f.feedback.note ? ': ' + f.feedback.note : ''}`) : null);
  const note = h('input', { id: 'label-note', placeholder: 'note (optional)', size: 40, maxlength: 2000 });
  const outcome = h('div');
  const give = value => async () => {
    try {
      await post(`/api/findings/${id}/feedback`, { label: value, note: note.value || undefined });
      await render(page, params, id);
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  };
  const buttons = can('editor') ? h('div', { class: 'actions' }, note,
    h('button', { id: 'label-useful', onclick: give('useful') }, 'Useful'),
    h('button', { id: 'label-noise', class: 'danger', onclick: give('noise') }, 'Noise'),
    h('button', { id: 'label-expected', class: 'secondary', onclick: give('expected') }, 'Expected')) : null;

  const over = f.value !== null && f.threshold !== null;
  show(page, 
    h('p', null, h('a', { href: '#/findings' }, '← Findings')),
    h('h2', null, `Finding #${f.id} `, badge(f.state), ' ', badge(f.severity || '')),
    h('p', { id: 'finding-message' }, f.message),
    h('div', { class: 'cards' },
      h('section', { class: 'card' }, h('h3', null, 'Why'), facts([
        ['Rule', f.rule], ['File', f.file], ['Table row', f.row], ['Version', h('a', { href: `#/rules/${f.agent}` }, `${f.agent} v${f.version}`)],
        ['Value', over ? h('span', { id: 'value-vs-threshold', class: 'gauge' }, num(f.value), ' against the threshold ', num(f.threshold)) : null],
        ['Resource', f.resource], ['Period', f.period], ['Category', f.category], ['Kind', f.kind],
        ['First seen', time(f.firstSeen)], ['Last seen', time(f.lastSeen)], ['Times seen', f.count],
        ['Resolved', f.resolvedAt ? `${time(f.resolvedAt)} by run ${f.resolvedBy}` : null],
        ['Runs', h('span', null, h('a', { href: `#/runs/${f.firstRunId}` }, 'first'), ' · ', h('a', { href: `#/runs/${f.lastRunId}` }, 'last'))],
      ])),
      h('section', { class: 'card', id: 'table-row' }, h('h3', null, 'The table row'), rowView(f, row)),
      h('section', { class: 'card' }, h('h3', null, 'Label'), label, buttons, outcome,
        history.length ? table([['Label', x => badge(x.label)], ['By', x => x.by], ['At', x => time(x.at)], ['Note', x => x.note]], history) : null)),
    firing ? h('section', { class: 'card', id: 'matched' }, h('h3', null, `Its last firing #${firing.id}`),
      h('h4', null, 'Bound values'), h('pre', { id: 'bindings' }, JSON.stringify(firing.bindings, null, 2)),
      h('h4', null, 'Matched facts'), h('pre', { id: 'facts' }, JSON.stringify(firing.facts, null, 2))) : null,
    h('h3', null, 'Occurrences of this rule on this resource ',
      h('a', { href: `#/findings?agent=${f.agent}&rule=${encodeURIComponent(f.rule)}&resource=${encodeURIComponent(f.resource || '')}` }, '(all)')),
    table([
      ['Finding', x => (x.id === f.id ? `#${x.id} (this one)` : h('a', { href: `#/findings/${x.id}` }, `#${x.id}`))],
      ['State', x => badge(x.state)], ['First seen', x => time(x.firstSeen)], ['Last seen', x => time(x.lastSeen)],
      ['Count', x => x.count], ['Value', x => num(x.value)], ['Label', x => (x.label ? badge(x.label) : '')],
    ], earlier.items, { id: 'occurrences' }));
}

/** The row's cells as in the spreadsheet: a workbook's through the API, a CSV table's read here. */
async function tableRow(f) {
  if (!f.file || !f.row || !f.version) return null;
  if (/\.drl\.csv$/i.test(f.file)) {
    const res = await fetch(`/api/agents/${f.agent}/versions/${f.version}/files/${encodeURIComponent(f.file)}`);
    if (!res.ok) throw new ApiError(res.status, await res.json());
    const lines = parseCsv(await res.text());
    // the last RuleTable above the row; its column labels are four lines below it
    let start = -1;
    for (let i = 0; i < f.row - 1 && i < lines.length; i++) if (/^RuleTable/i.test(lines[i][0] || '')) start = i;
    const labels = start >= 0 ? lines[start + 4] : [];
    const cells = {};
    (lines[f.row - 1] || []).forEach((v, i) => { if (v !== '') cells[labels[i] || `column ${i + 1}`] = v; });
    return { file: f.file, table: start >= 0 ? lines[start][0].replace(/^RuleTable\s*/i, '') : '', rowId: f.rule, cells };
  }
  if (/\.drl\.xlsx?$/i.test(f.file)) {
    return get(`/api/agents/${f.agent}/versions/${f.version}/rows/${encodeURIComponent(f.rule)}`);
  }
  return null;
}

function rowView(f, row) {
  if (!row) return h('p', { class: 'muted' }, f.file ? `${f.file} is DRL: the rule is its own text.` : 'No table row.');
  if (row.refused) return problem(row.refused);
  return h('div', null, h('p', { class: 'muted' }, `${row.file}, table ${row.table}, sheet row ${f.row}`),
    // one line per column, as the row reads across the spreadsheet: narrow enough for a phone
    table([['Column', ([k]) => k], ['Cell', ([, v]) => v]], Object.entries(row.cells), { id: 'row-cells' }));
}

/** RFC 4180 CSV: quoted fields with doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [[]];
  let field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows[rows.length - 1].push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows[rows.length - 1].push(field); field = ''; rows.push([]);
    } else field += c;
  }
  rows[rows.length - 1].push(field);
  return rows;
}
