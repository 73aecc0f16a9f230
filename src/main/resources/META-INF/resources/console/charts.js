// Charts by Apache ECharts, served from the jar (the org.webjars.npm:echarts WebJar), drawn as SVG.
import * as echarts from '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';

const drawn = new Set();
window.addEventListener('resize', () => drawn.forEach(c => c.resize()));

/** Draws `option` into a new box with the given id and title; returns the box. */
export function chart(id, title, option) {
  const box = document.createElement('div');
  box.className = 'chart';
  box.id = id;
  const section = document.createElement('section');
  section.className = 'card';
  const heading = document.createElement('h3');
  heading.textContent = title;
  section.append(heading, box);
  // drawn once the box is in the page and has its size
  queueMicrotask(() => requestAnimationFrame(() => {
    for (const c of drawn) if (!c.getDom().isConnected) { c.dispose(); drawn.delete(c); }
    if (!box.isConnected) return; // the page moved on before it was drawn
    const c = echarts.init(box, null, { renderer: 'svg' });
    c.setOption({ animation: false, grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' }, ...option });
    drawn.add(c);
  }));
  return section;
}

/** A horizontal bar chart of [label, value] pairs, the largest on top. */
export function bars(id, title, pairs, color) {
  const sorted = [...pairs].sort((a, b) => a[1] - b[1]);
  return chart(id, title, {
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map(p => p[0]), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{ type: 'bar', data: sorted.map(p => p[1]), itemStyle: { color }, label: { show: true, position: 'right' } }],
  });
}
