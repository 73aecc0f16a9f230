// Small DOM helpers: pages build their elements with h() and never write HTML strings, so data is never markup.

/** An element: h('a', {href: '#/x', class: 'btn'}, 'text', child, ...). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replaces an element's children, leaving out null, undefined and false (the DOM would print them). */
export function show(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter(c => c !== undefined && c !== null && c !== false));
  return el;
}

/** A table: columns are [heading, row => cell] pairs. */
export function table(columns, rows, attrs) {
  return h('div', { class: 'scroll' }, h('table', attrs,
    h('thead', null, h('tr', null, columns.map(([name]) => h('th', null, name)))),
    h('tbody', null, rows.length
      ? rows.map(r => h('tr', null, columns.map(([, cell]) => h('td', null, cell(r)))))
      : h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, 'nothing to show')))));
}

/** A definition list of label/value pairs, skipping empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export const time = t => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '');
export const usd = x => (x === null || x === undefined ? '' : '$' + Number(x).toLocaleString('en-US', { maximumFractionDigits: 2 }));
export const num = x => (x === null || x === undefined ? '' : Number(x).toLocaleString('en-US', { maximumFractionDigits: 3 }));
export const badge = (text, kind) => h('span', { class: `badge ${kind || text}` }, text);

/** An error box for a refused request, with the problem's errors listed (file, line, row, reason). */
export function problem(err) {
  const p = err.problem || {};
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', null, `${err.status || ''} ${p.title || 'Error'}`), ' ', p.detail || err.message,
    p.where ? h('span', { class: 'muted' }, ` (where: ${p.where})`) : null,
    Array.isArray(p.errors) && p.errors.length ? table([
      ['File', e => e.file], ['Line', e => e.line ?? ''], ['Row', e => e.row ?? ''], ['Reason', e => e.reason],
    ], p.errors, { class: 'errors' }) : null);
}

/** A select with an empty first option; value is kept. */
export function select(name, options, value) {
  return h('select', { name }, h('option', { value: '' }, 'any'),
    options.map(o => h('option', { value: o, selected: o === value }, o)));
}
