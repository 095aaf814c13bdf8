import { type WorkReportLine, type WorkReportStats } from './work-report.stats';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

const CHART = { width: 720, height: 280, left: 56, right: 16, top: 16, bottom: 48 };

/** A "nice" axis maximum: 1, 2 or 5 × 10^n at or above `value`. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((m) => m >= value) ?? 10 * power);
}

/** An inline SVG line chart of the open count per day (no scripts, no external assets). */
export function renderOpenCountSvg(series: WorkReportStats['openSeries']): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.map((point) => point.open)));
  const x = (index: number): number => left + (series.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (series.length - 1));
  const y = (value: number): number => top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    const ty = y(value).toFixed(1);
    parts.push(`<line x1="${left}" y1="${ty}" x2="${width - right}" y2="${ty}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" font-size="11">${Number.isInteger(value) ? value : value.toFixed(1)}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(series.length / 8));
  series.forEach((point, index) => {
    if (index % labelEvery === 0 || index === series.length - 1) {
      parts.push(`<text x="${x(index).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${point.date.slice(5)}</text>`);
    }
  });
  const points = series.map((point, index) => `${x(index).toFixed(1)},${y(point.open).toFixed(1)}`).join(' ');
  parts.push(`<polyline fill="none" stroke="#c00" stroke-width="2" points="${points}"/>`);
  const last = series[series.length - 1];
  if (last) parts.push(`<circle cx="${x(series.length - 1).toFixed(1)}" cy="${y(last.open).toFixed(1)}" r="3" fill="#c00"/>`);
  parts.push(`<line x1="${left}" y1="${top + plotHeight}" x2="${width - right}" y2="${top + plotHeight}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="#333"/>`);
  parts.push(`<text x="${left + plotWidth / 2}" y="${height - 8}" text-anchor="middle" font-size="12">日期</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="未销号问题数变化" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-chart="open-count">` +
    `<title>未销号问题数变化</title>${parts.join('')}</svg>`
  );
}

function table(caption: string, firstColumn: string, lines: readonly WorkReportLine[], total: WorkReportLine): string {
  const head = [firstColumn, '已排查/应排查', '排查覆盖率', '发现问题', '已销号', '未销号', '逾期未销号', '屡改屡犯'];
  const row = (line: WorkReportLine, tag: 'td' | 'th'): string =>
    `<tr><${tag} class="label">${escapeHtml(line.label)}</${tag}>` +
    [`${line.checkedCells}/${line.expectedCells}`, formatRate(line.coverage), line.problems, line.closed, line.open, line.overdue, line.recurrences]
      .map((value) => `<${tag}>${value}</${tag}>`)
      .join('') +
    '</tr>';
  return (
    `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${lines.map((line) => row(line, 'td')).join('')}</tbody><tfoot>${row(total, 'th')}</tfoot></table>`
  );
}

/**
 * The printable work report (工作开展情况报告): a standalone HTML document (inline CSS, inline SVG
 * chart, no scripts, no external assets). Any browser prints it to PDF (A4 page rules included).
 */
export function renderWorkReportHtml(stats: WorkReportStats): string {
  const { total } = stats;
  const last = stats.openSeries[stats.openSeries.length - 1];
  const summary =
    `截至${stats.asOf}，${escapeHtml(stats.tenantName)}共排查 ${total.checkedCells} 个村项（应排查 ${total.expectedCells} 个，覆盖率 ${formatRate(total.coverage)}），` +
    `发现问题 ${total.problems} 个，已销号 ${total.closed} 个，未销号 ${total.open} 个，其中逾期未销号 ${total.overdue} 个，屡改屡犯 ${total.recurrences} 个。`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(stats.title)}</title>
<style>
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "FangSong", "仿宋", "SimSun", serif; font-size: 14px; color: #000; margin: 0 auto; max-width: 760px; }
h1 { font-family: "SimHei", "黑体", sans-serif; font-size: 22px; text-align: center; margin: 12px 0 20px; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16px; margin: 20px 0 8px; }
p { line-height: 1.8; text-indent: 2em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; page-break-inside: auto; }
caption { font-weight: bold; margin-bottom: 4px; }
th, td { border: 1px solid #000; padding: 3px 6px; text-align: center; font-size: 12px; }
td.label, th.label { text-align: left; }
tr { page-break-inside: avoid; }
figure { margin: 8px 0; page-break-inside: avoid; }
figcaption { text-align: center; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeHtml(stats.title)}</h1>
<p class="summary">${summary}</p>
<h2>一、未销号问题数变化</h2>
<figure>${renderOpenCountSvg(stats.openSeries)}<figcaption>截至${stats.asOf}未销号问题 ${last ? last.open : 0} 个</figcaption></figure>
<h2>二、分项统计</h2>
${table('按分项统计', '分项', stats.bySubArea, total)}
<h2>三、分${escapeHtml(stats.childLabel)}统计</h2>
${table(`按${stats.childLabel}统计`, stats.childLabel, stats.byChild, total)}
</body>
</html>
`;
}
