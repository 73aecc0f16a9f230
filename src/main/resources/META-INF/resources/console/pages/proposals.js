// Proposals: their changes and evidence (the backtest before and after), and approve or reject for approvers.
import { get, post } from '../api.js';
import { h, show, table, facts, time, num, badge, problem } from '../ui.js';
import { can, navigate } from '../app.js';
import { chart } from '../charts.js';

export async function render(page, params, agent, id) {
  if (id) return detail(page, agent, id);
  const agents = (await get('/api/agents')).map(a => a.name);
  const lists = await Promise.all(agents.map(a => get(`/api/agents/${a}/proposals`, { state: params.state })));
  const state = h('select', { id: 'proposal-state' }, ['', 'awaiting-approval', 'deployed', 'watching', 'kept', 'rejected', 'refused', 'rolled-back']
    .map(s => h('option', { value: s, selected: s === (params.state || '') }, s || 'any state')));
  state.addEventListener('change', () => navigate('/proposals', { state: state.value }));
  show(page, h('h2', null, 'Proposals'), h('div', { class: 'filters' }, state),
    table([
      ['Id', p => h('a', { href: `#/proposals/${p.agent}/${p.id}`, class: 'proposal-link' }, `#${p.id}`)],
      ['Agent', p => p.agent], ['State', p => badge(p.state)], ['Kind', p => p.kind], ['Learner', p => p.learner],
      ['Reason', p => p.reason], ['By', p => p.createdBy], ['At', p => time(p.createdAt)],
    ], lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt)), { id: 'proposals' }));
}

async function detail(page, agent, id) {
  const p = await get(`/api/agents/${agent}/proposals/${id}`);
  const outcome = h('div', { id: 'decision-outcome' });
  const reason = h('input', { id: 'decision-reason', placeholder: 'reason (needed to reject)', size: 40 });
  const decide = verb => async () => {
    try {
      await post(`/api/agents/${agent}/proposals/${id}/${verb}`, { reason: reason.value || undefined });
      await detail(page, agent, id);
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  };
  const backtest = p.backtest || null;
  // a deployed proposal is rolled back by activating again the version it replaced (the activate endpoint)
  const back = p.replacedVersion ?? p.baseVersion;
  const rollBack = async () => {
    try {
      await post(`/api/agents/${agent}/versions/${back}/activate`,
        { reason: reason.value || `roll back proposal #${id}` });
      await detail(page, agent, id);
      page.querySelector('#decision-outcome').replaceChildren(h('div', { class: 'ok', id: 'rolled-back' },
        `Version ${back}'s rules are active again.`));
    } catch (err) {
      outcome.replaceChildren(problem(err));
    }
  };
  const deployed = ['watching', 'deployed'].includes(p.state) && back != null && can('approver');
  show(page, 
    h('p', null, h('a', { href: '#/proposals' }, '← Proposals')),
    h('h2', null, `Proposal #${p.id} `, h('span', { id: 'proposal-state-badge' }, badge(p.state))),
    p.state === 'awaiting-approval' && can('approver') ? h('div', { class: 'actions' }, reason,
      h('button', { id: 'approve', onclick: decide('approve') }, 'Approve and deploy'),
      h('button', { id: 'reject', class: 'danger', onclick: decide('reject') }, 'Reject')) : null,
    deployed ? h('div', { class: 'actions' }, reason,
      h('button', { id: 'roll-back', class: 'danger', onclick: rollBack }, `Roll back to version ${back}`)) : null,
    outcome,
    processSteps(p),
    h('div', { class: 'cards' },
      h('section', { class: 'card' }, h('h3', null, 'Evidence'), facts([
        ['Agent', p.agent], ['Kind', p.kind], ['Learner', p.learner], ['Reason', p.reason], ['Samples', p.samples],
        ['Trained on', p.trainingFrom ? `${time(p.trainingFrom)} to ${time(p.trainingTo)}` : null],
        ['Base version', p.baseVersion], ['Deployed as', p.deployedVersion], ['Made by', `${p.createdBy} at ${time(p.createdAt)}`],
        ['Decided', p.decidedBy ? `${p.decidedBy} at ${time(p.decidedAt)}: ${p.decisionReason || ''}` : null],
        ['Process at', (p.processAt || []).join(', ') || p.node],
        ['Watch', p.watch ? `${p.watch.runs} runs, ${p.watch.alerts} alerts (before: ${p.watch.alertsBefore})` : null],
      ])),
      backtest ? backtestChart(backtest) : null),
    h('h3', null, 'Changes'),
    table([['Kind', c => c.kind], ['File', c => c.file], ['Table', c => c.table], ['Row', c => c.rowId],
      ['Cells', c => Object.entries(c.cells).map(([k, v]) => `${k} = ${v}`).join('; ')], ['Why', c => c.reason]], p.changes || []),
    (p.files || []).length ? table([['File', f => (f.link ? h('a', { href: f.link, download: f.name }, f.name) : f.name)],
      ['Removed', f => (f.removed ? 'yes' : '')]], p.files) : null,
    (p.problems || []).length ? problem({ problem: { title: 'Problems', errors: p.problems } }) : null,
    h('h3', null, 'History'),
    table([['At', e => time(e.at)], ['Who', e => e.actor], ['Event', e => e.event], ['Detail', e => e.detail]], p.history || []));
}

/** The proposal process (processes/proposal.bpmn2) with the step the proposal is at or ended in. */
const STEPS = [['Validate', ['validating', 'refused']], ['Approval', ['awaiting-approval', 'rejected']],
  ['Deploy', ['deploying']], ['Watch', ['watching', 'superseded', 'rolled-back']], ['Kept', ['deployed']]];

function processSteps(p) {
  const at = STEPS.findIndex(([, states]) => states.includes(p.state));
  return h('ol', { class: 'process', id: 'process' }, STEPS.map(([name, states], i) => h('li', {
    class: i < at ? 'done' : i === at ? (['refused', 'rejected', 'rolled-back', 'superseded'].includes(p.state) ? 'stopped' : 'current') : '',
  }, name, i === at && p.state !== 'deployed' ? h('span', { class: 'muted' }, ` (${p.state})`) : null)));
}

/** Alerts per rule on the stored history, with the active rules and with the proposal's. */
function backtestChart(b) {
  const rules = b.rules || [];
  const section = chart('chart-backtest', 'Backtest: alerts per rule before and after', {
    legend: { top: 0 }, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rules.map(r => r.rule), axisLabel: { rotate: 30 } }, yAxis: { type: 'value' },
    series: [{ name: 'before', type: 'bar', data: rules.map(r => r.before) }, { name: 'after', type: 'bar', data: rules.map(r => r.after) }],
  });
  const side = s => (s ? [`${num(s.alerts)} alerts`, s.precision != null ? `precision ${num(s.precision)}` : null,
    s.recall != null ? `recall ${num(s.recall)}` : null].filter(Boolean).join(', ') : '');
  section.append(facts([['Facts replayed', b.facts], ['Before', side(b.before)], ['After', side(b.after)], ['Alert change', num(b.alertChange)]]));
  return section;
}
