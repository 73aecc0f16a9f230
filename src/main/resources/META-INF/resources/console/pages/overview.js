// Overview: open findings by severity and category, the daily cost against the budget and the forecast, the month
// to date, and the rules that fire most and are labelled noise most.
import { get, ApiError } from '../api.js';
import { h, show, usd, problem } from '../ui.js';
import { chart, bars } from '../charts.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const SEVERITY_COLORS = { critical: '#8e1b1b', high: '#d9480f', medium: '#f0a202', low: '#3b82c4', info: '#8a94a3' };

/** Findings counted by the service, grouped by the given fields: a map from the groups' joined values to counts. */
async function counts(filters, by, join = key => by.map(b => key[b] || 'none').join(': ')) {
  const answer = await get('/api/findings/counts', { ...filters, by });
  return { total: answer.total, groups: new Map(answer.groups.map(g => [join(g.key), g.count])) };
}

async function orNull(promise) {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof ApiError && err.status !== 401) return { refused: err };
    throw err;
  }
}

export async function render(page) {
  const agents = await get('/api/agents');
  const [bySeverity, byCategory] = await Promise.all([counts({ state: 'open' }, ['severity']), counts({ state: 'open' }, ['category'])]);
  const hasCosts = agents.some(a => a.name === 'aws-usage');
  const [costs, forecast] = hasCosts
    ? await Promise.all([orNull(get('/api/agents/aws-usage/costs/daily', { days: 60 })),
                         orNull(get('/api/agents/aws-usage/forecast'))])
    : [null, null];
  const perAgent = await Promise.all(agents.map(async a => ({
    agent: a.name,
    analysis: await orNull(get(`/api/agents/${a.name}/analysis`)),
  })));
  // every finding ever labelled noise, whenever its facts were (the analysis's span is the firings' time)
  const noisy = await counts({ label: 'noise' }, ['agent', 'rule'], key => agents.length > 1 ? `${key.agent}: ${key.rule}` : key.rule);
  const cards = h('div', { class: 'cards' });
  show(page, h('h2', null, 'Overview'), cards);

  cards.append(h('section', { class: 'card figure' }, h('h3', null, 'Open findings'),
    h('a', { id: 'open-findings', class: 'big', href: '#/findings?state=open' }, String(bySeverity.total)),
    h('p', { class: 'muted' }, `${agents.length} agent(s): ${agents.map(a => a.name).join(', ')}`)));
  cards.append(chart('chart-severity', 'Open findings by severity', {
    xAxis: { type: 'category', data: SEVERITIES.filter(s => bySeverity.groups.has(s)).concat([...bySeverity.groups.keys()].filter(s => !SEVERITIES.includes(s))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: [...SEVERITIES.filter(s => bySeverity.groups.has(s)), ...[...bySeverity.groups.keys()].filter(s => !SEVERITIES.includes(s))]
      .map(s => ({ value: bySeverity.groups.get(s), itemStyle: { color: SEVERITY_COLORS[s] || '#5b6878' } })) }],
  }));
  cards.append(bars('chart-category', 'Open findings by category', [...byCategory.groups.entries()], '#2457c5'));

  if (hasCosts) {
    cards.append(...costCharts(costs, forecast));
  }

  const firings = perAgent.flatMap(p => (p.analysis?.patterns?.firingsOverTime || [])
    .map(s => [agents.length > 1 ? `${p.agent}: ${s.rule}` : s.rule, s.firings]));
  const noise = [...noisy.groups.entries()];
  cards.append(bars('chart-top-firings', 'Top rules by firings (last 30 days)', top(firings), '#2457c5'));
  cards.append(noise.length ? bars('chart-top-noise', 'Top rules by findings labelled noise', top(noise), '#b3261e')
    : h('section', { class: 'card' }, h('h3', null, 'Top rules by findings labelled noise'),
      h('p', { class: 'muted', id: 'no-noise' }, 'No finding is labelled noise yet.')));
  for (const p of perAgent) {
    if (p.analysis?.refused) cards.append(problem(p.analysis.refused));
  }
}

const top = pairs => [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 10);

/** The daily cost with the budget's daily share and the next week's forecast band; the month to date. */
function costCharts(costs, forecast) {
  if (!costs || costs.refused || !costs.days.length) {
    return [h('section', { class: 'card' }, h('h3', null, 'Daily cost'), h('p', { class: 'muted' }, 'No cost history stored yet.'))];
  }
  const out = [];
  const days = costs.days.map(d => d.day);
  const amounts = costs.days.map(d => d.amount);
  const fc = forecast && !forecast.refused ? forecast : null;
  const budget = fc ? fc.monthlyBudget : null;
  const week = fc?.total.find(p => p.period === 'week');
  const series = [{ name: 'cost', type: 'line', data: amounts.concat(week ? Array(week.forecastDays).fill(null) : []), showSymbol: false }];
  const axis = [...days];
  if (week) {
    // the week after the history: its forecast per day and its 80% interval, spread evenly over its days
    const n = week.forecastDays;
    for (let i = 1; i <= n; i++) axis.push(addDays(costs.lastDay, i));
    const pad = Array(days.length - 1).fill(null);
    const last = amounts[amounts.length - 1];
    const lower = [...pad, last, ...Array(n).fill(round(week.lower80 / n))];
    const width = [...pad, 0, ...Array(n).fill(round((week.upper80 - week.lower80) / n))];
    series.push({ name: '80% low', type: 'line', data: lower, stack: 'band', lineStyle: { opacity: 0 }, showSymbol: false },
      { name: 'forecast 80% interval', type: 'line', data: width, stack: 'band', lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(36, 87, 197, .18)' }, showSymbol: false },
      { name: 'forecast', type: 'line', data: [...pad, last, ...Array(n).fill(round(week.projected / n))],
        lineStyle: { type: 'dashed' }, showSymbol: false });
  }
  if (budget) {
    series.push({ name: 'budget a day', type: 'line', data: axis.map(d => round(budget / daysInMonth(d))),
      lineStyle: { color: '#b3261e', type: 'dotted' }, itemStyle: { color: '#b3261e' }, showSymbol: false });
  }
  out.push(chart('chart-daily-cost', 'Daily cost (USD), the budget a day and the next week\'s forecast', {
    legend: { top: 0, data: ['cost', 'forecast', 'forecast 80% interval', 'budget a day'] },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: axis }, yAxis: { type: 'value' }, series,
  }));
  out[0].classList.add('wide');

  // month to date: the month of the last day with cost
  const month = costs.lastDay.slice(0, 7);
  const actual = round(costs.days.filter(d => d.day.startsWith(month)).reduce((s, d) => s + d.amount, 0));
  const mp = fc?.total.find(p => p.period === 'month' && p.label === month);
  const projected = mp ? mp.projected : actual;
  out.push(chart('chart-month', `Month to date ${month} against the budget`, {
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', max: v => Math.max(v.max, budget || 0) * 1.1 },
    yAxis: { type: 'category', data: ['projected', 'to date'] },
    series: [{ type: 'bar', data: [{ value: projected, itemStyle: { color: '#9db4e6' } }, { value: actual, itemStyle: { color: '#2457c5' } }],
      label: { show: true, position: 'right', formatter: p => usd(p.value) },
      markLine: budget ? { symbol: 'none', data: [{ xAxis: budget, name: 'budget' }], label: { formatter: `budget ${usd(budget)}` },
        lineStyle: { color: '#b3261e' } } : undefined }],
  }));
  const note = h('p', { id: 'month-to-date' }, `${usd(actual)} spent in ${month}`,
    budget ? `, ${Math.round(actual * 100 / budget)}% of the ${usd(budget)} budget` : '',
    mp ? `; projected ${usd(mp.projected)} (80%: ${usd(mp.lower80)} to ${usd(mp.upper80)})` : '');
  out[1].append(note);
  if (forecast?.refused) out.push(problem(forecast.refused));
  return out;
}

const round = x => Math.round(x * 100) / 100;
function addDays(day, n) {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function daysInMonth(day) {
  const d = new Date(day + 'T00:00:00Z');
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}
