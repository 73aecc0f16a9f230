// Insights: savings opportunities with their dollar savings, the cost forecast, and the monitoring strategy.
import { get } from '../api.js';
import { h, show, table, facts, time, usd, num, badge, problem } from '../ui.js';
import { bars } from '../charts.js';

/** Each part is read on its own: one that fails (no cost history yet) shows its problem, the others still show. */
async function part(title, id, load) {
  try {
    return await load();
  } catch (err) {
    return h('section', { class: 'card wide', id }, h('h3', null, title), problem(err));
  }
}

export async function render(page) {
  // each part takes its place as soon as it is read: a chart is drawn only into a box already in the page
  const parts = [['Savings opportunities', 'opportunities', opportunities], ['Cost forecast', 'forecast', costForecast],
    ['Monitoring strategy', 'strategy', monitoringStrategy]];
  const places = parts.map(([title]) => h('p', { class: 'muted' }, `Loading ${title.toLowerCase()}…`));
  show(page, h('h2', null, 'Insights'), places);
  await Promise.all(parts.map(([title, id, load], i) => part(title, id, load).then(el => places[i].replaceWith(el))));
}

async function opportunities() {
  const o = await get('/api/agents/aws-usage/opportunities');
  const byKind = {};
  for (const i of o.opportunities) byKind[i.kind] = (byKind[i.kind] || 0) + (i.monthlySaving || 0);
  return h('div', { id: 'opportunities' },
    h('div', { class: 'cards' },
      h('section', { class: 'card' }, h('h3', null, 'Savings opportunities'),
        h('p', { class: 'big', id: 'total-saving' }, usd(o.totalMonthlySaving)),
        h('p', { class: 'muted' }, 'a month, each resource counted once at its largest saving'),
        facts([['Priced by', o.prices ? `${o.prices.source} (as of ${o.prices.asOf})` : null]])),
      o.opportunities.length ? bars('chart-savings', 'Monthly saving by kind (USD)', Object.entries(byKind).map(([k, v]) => [k, Math.round(v * 100) / 100]), '#2e7d32') : null),
    table([
      ['Kind', i => i.kind], ['Resource', i => i.resource], ['Type', i => i.resourceType], ['Region', i => i.region],
      ['Monthly saving', i => usd(i.monthlySaving)], ['Recommendation', i => i.recommendation], ['Evidence', i => i.evidence],
      ['Found', i => time(i.foundAt)],
    ], [...o.opportunities].sort((a, b) => (b.monthlySaving || 0) - (a.monthlySaving || 0)), { id: 'opportunity-list' }));
}

async function costForecast() {
  const f = await get('/api/agents/aws-usage/forecast');
  return h('section', { class: 'card wide', id: 'forecast' }, h('h3', null, `Cost forecast (data to ${f.lastDay}, ${f.currency})`),
    facts([['Model', f.model ? `${f.model.model}, ${f.model.historyDays} days of history, R² ${num(f.model.rSquared)}` : null],
      ['Monthly budget', usd(f.monthlyBudget)]]),
    table([
      ['Period', p => p.label], ['Actual so far', p => usd(p.actual)], ['Projected', p => usd(p.projected)],
      ['80% interval', p => `${usd(p.lower80)} – ${usd(p.upper80)}`], ['95% interval', p => `${usd(p.lower95)} – ${usd(p.upper95)}`],
    ], f.total || [], { id: 'forecast-periods' }),
    (f.budget || []).length ? [h('h4', null, 'Budget at risk'), table([['Period', b => b.label], ['Budget', b => usd(b.budget)],
      ['Projected', b => usd(b.projected)], ['Probability over', b => `${num(b.probability * 100)}%`]], f.budget)] : null,
    (f.spikeRisks || []).length ? [h('h4', null, 'Services that may spike'), table([['Service', s => s.service],
      ['Period', s => s.label], ['Projected', s => usd(s.projected)], ['95% upper', s => usd(s.upper95)]], f.spikeRisks)] : null);
}

async function monitoringStrategy() {
  const s = await get('/api/agents/aws-usage/strategy');
  return h('section', { class: 'card wide', id: 'strategy' }, h('h3', null, 'Monitoring strategy'),
    h('h4', null, 'Rules by their findings and labels'),
    table([['Rule', r => r.rule], ['Findings', r => r.findings], ['Useful', r => r.useful], ['Noise', r => r.noise],
      ['Expected', r => r.expected], ['Noise share', r => (r.noiseShare == null ? '' : `${num(r.noiseShare * 100)}%`)]],
    s.rules || [], { id: 'strategy-rules' }),
    h('h4', null, 'Collectors: how often to collect'),
    table([['Collector', c => c.collector], ['Data', c => c.data], ['Series', c => c.series], ['Now every', c => c.currentInterval],
      ['Recommended', c => c.recommendedInterval], ['Cost now / month', c => usd(c.monthlyCostNow)],
      ['Recommended / month', c => usd(c.monthlyCostRecommended)]], s.collectors || []),
    s.gaps ? facts([['Services with cost and no rule watching', (s.gaps.unwatchedServices || []).length],
      ['Resources never checked', (s.gaps.unwatchedResources || []).length]]) : null,
    (s.thresholds || []).length ? [h('h4', null, 'Threshold proposals'), table([
      ['Proposal', t => h('a', { href: `#/proposals/aws-usage/${t.proposal}` }, `#${t.proposal}`)], ['Learner', t => t.learner],
      ['Current', t => (t.current ? badge('current', 'open') : '')], ['Alerts before → after', t => `${t.alertsBefore ?? ''} → ${t.alertsAfter ?? ''}`],
      ['Reason', t => t.reason]], s.thresholds)] : null);
}
