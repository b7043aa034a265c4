/**
 * The report's charts as inline SVG strings: column charts over time (stacked or overlapping),
 * labelled horizontal bars and a line with points. Only layout happens here (scales, ticks,
 * positions); every figure drawn comes from `call_report` unchanged.
 *
 * Every mark is a `rect` or `circle` with class `mark` and `data-series` (the series it
 * belongs to), and a `<title>` with its label and value, so a test (or a person hovering) can
 * check what is drawn. A zero draws no mark. Text sizes are in viewBox units: the SVG scales to
 * its column, 420 units wide, which keeps the text readable from a phone to two columns on a
 * desktop.
 */

export const WIDTH = 420;
const MARGIN = { top: 12, right: 10, bottom: 44, left: 62 };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Rounded for the markup only (SVG coordinates), never for a figure shown as text. */
const at = (n: number) => Math.round(n * 100) / 100;

/** A round step for about `count` ticks from 0 to max: 1, 2 or 5 times a power of ten (at least `minimum`). */
export function tickStep(max: number, count = 4, minimum = 1): number {
  if (max <= 0) return minimum;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return Math.max(step, minimum);
}

export interface Series {
  name: string;
  /** One value per category; null or 0 draws nothing. */
  values: (number | null)[];
  color: string;
}

interface Frame {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** A value as the axis (and, without markFormat, the marks' titles) show it. */
  format: (value: number) => string;
  /** A value as a mark's title shows it, when the axis' rounding would hide it. */
  markFormat?: (value: number) => string;
  /** Tick values are multiples of this (1 for counts; 100 cents for whole dollars). */
  minimumStep?: number;
}

function svgOpen(frame: Frame, height: number): string {
  return (
    `<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${frame.id}-title" class="chart-svg" data-chart="${frame.id}">` +
    `<title id="${frame.id}-title">${esc(frame.title)}</title>`
  );
}

/** Axes, gridlines, tick labels and axis titles for a plot of `categories` against 0..max. */
function axes(frame: Frame, categories: string[], max: number, height: number): { y: (v: number) => number; x: (i: number) => number; band: number; parts: string[]; top: number } {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const step = tickStep(max, 4, frame.minimumStep ?? 1);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(categories.length, 1);
  const x = (i: number) => MARGIN.left + i * band;
  const parts: string[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at(y(v))}" y2="${at(y(v))}"/>`,
      `<text class="tick" x="${MARGIN.left - 4}" y="${at(y(v) + 4)}" text-anchor="end">${esc(frame.format(v))}</text>`,
    );
  }
  // At most six category labels, evenly spread from the first to the last.
  const shown = Math.min(6, categories.length);
  const labelled = [...new Set(Array.from({ length: shown }, (_, k) => (shown === 1 ? 0 : Math.round((k * (categories.length - 1)) / (shown - 1)))))];
  // A label near either end of the axis is aligned to that end, so it is not cut off.
  const anchor = (cx: number) => (cx < MARGIN.left + 16 ? 'start' : cx > WIDTH - MARGIN.right - 16 ? 'end' : 'middle');
  for (const i of labelled) {
    const cx = x(i) + band / 2;
    parts.push(
      `<line class="axis" x1="${at(cx)}" x2="${at(cx)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}"/>`,
      `<text class="tick" x="${at(cx)}" y="${MARGIN.top + plotH + 16}" text-anchor="${anchor(cx)}">${esc(categories[i])}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}"/>`,
    `<text class="axis-label" x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(frame.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(13 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(frame.yLabel)}</text>`,
  );
  return { y, x, band, parts, top: y(top) };
}

/**
 * Columns over categories (days, weeks). `stack`: the series pile up (cost by component);
 * `overlap`: each series starts at zero, drawn in order (bookings in front of calls).
 */
export function columnChart(frame: Frame & { categories: string[]; series: Series[]; mode: 'stack' | 'overlap'; titles: string[] }): string {
  const height = 250;
  const totals = frame.categories.map((_, i) =>
    frame.mode === 'stack'
      ? frame.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
      : Math.max(0, ...frame.series.map((s) => s.values[i] ?? 0)),
  );
  const { y, x, band, parts } = axes(frame, frame.categories, Math.max(0, ...totals), height);
  const gap = band > 4 ? band * 0.15 : 0;
  const marks: string[] = [];
  frame.categories.forEach((_, i) => {
    let base = 0;
    for (const s of frame.series) {
      const v = s.values[i] ?? 0;
      if (v > 0) {
        const from = frame.mode === 'stack' ? base : 0;
        marks.push(
          `<rect class="mark" data-series="${esc(s.name)}" fill="${s.color}" x="${at(x(i) + gap / 2)}" width="${at(Math.max(band - gap, 0.6))}" ` +
            `y="${at(y(from + v))}" height="${at(y(from) - y(from + v))}"><title>${esc(`${frame.titles[i]}: ${s.name} ${(frame.markFormat ?? frame.format)(v)}`)}</title></rect>`,
        );
      }
      if (frame.mode === 'stack') base += v;
    }
  });
  return `${svgOpen(frame, height)}${parts.join('')}${marks.join('')}</svg>`;
}

/** Points joined by a line; a null value breaks the line (no point there). */
export function lineChart(frame: Frame & { categories: string[]; series: Series; titles: string[] }): string {
  const height = 250;
  const values = frame.series.values;
  const { y, x, band, parts } = axes(frame, frame.categories, Math.max(0, ...values.map((v) => v ?? 0)), height);
  const segments: string[] = [];
  let path = '';
  const marks: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (path) segments.push(path);
      path = '';
      return;
    }
    const cx = at(x(i) + band / 2);
    const cy = at(y(v));
    path += `${path ? 'L' : 'M'}${cx} ${cy}`;
    marks.push(
      `<circle class="mark" data-series="${esc(frame.series.name)}" fill="${frame.series.color}" cx="${cx}" cy="${cy}" r="${band < 6 ? 2 : 3}">` +
        `<title>${esc(`${frame.titles[i]}: ${(frame.markFormat ?? frame.format)(v)}`)}</title></circle>`,
    );
  });
  if (path) segments.push(path);
  const lines = segments.map((d) => `<path class="line" stroke="${frame.series.color}" d="${d}"/>`).join('');
  return `${svgOpen(frame, height)}${parts.join('')}${lines}${marks.join('')}</svg>`;
}

export interface BarRow {
  label: string;
  /** The bar's length. */
  value: number;
  /** A part of the bar drawn darker in front of it (booked of calls, waiting of deliveries). */
  part?: number;
  /** Text after the bar (e.g. "42.0% booked"). */
  note: string;
}

/** Horizontal bars, the label above each bar so long names fit a phone; yLabel names the rows. */
export function barChart(frame: Frame & { rows: BarRow[]; valueSeries: string; partSeries?: string; colors: [string, string] }): string {
  const rowH = 36;
  const top = 22;
  const axisH = 40;
  const height = top + frame.rows.length * rowH + axisH;
  const left = 10;
  const plotW = WIDTH - left - 100;
  const max = Math.max(1, ...frame.rows.map((r) => r.value));
  const step = tickStep(max, 4, frame.minimumStep ?? 1);
  const end = Math.ceil(max / step) * step;
  const x = (v: number) => left + (v / end) * plotW;
  const parts: string[] = [];
  const baseY = top + frame.rows.length * rowH;
  for (let v = 0; v <= end + step / 2; v += step) {
    parts.push(
      `<line class="grid" x1="${at(x(v))}" x2="${at(x(v))}" y1="${top}" y2="${baseY}"/>`,
      `<text class="tick" x="${at(x(v))}" y="${baseY + 14}" text-anchor="middle">${esc(frame.format(v))}</text>`,
    );
  }
  parts.push(
    `<text class="axis-label" x="${left}" y="12">${esc(frame.yLabel)}</text>`,
    `<text class="axis-label" x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">${esc(frame.xLabel)}</text>`,
  );
  const marks: string[] = [];
  frame.rows.forEach((row, i) => {
    const rowTop = top + i * rowH;
    marks.push(`<text class="bar-label" x="${left}" y="${rowTop + 12}">${esc(row.label)}</text>`);
    const barY = rowTop + 16;
    if (row.value > 0) {
      marks.push(
        `<rect class="mark" data-series="${esc(frame.valueSeries)}" fill="${frame.colors[0]}" x="${left}" y="${barY}" width="${at(x(row.value) - left)}" height="14">` +
          `<title>${esc(`${row.label}: ${frame.valueSeries} ${(frame.markFormat ?? frame.format)(row.value)}`)}</title></rect>`,
      );
    }
    if (frame.partSeries && row.part) {
      marks.push(
        `<rect class="mark" data-series="${esc(frame.partSeries)}" fill="${frame.colors[1]}" x="${left}" y="${barY}" width="${at(x(row.part) - left)}" height="14">` +
          `<title>${esc(`${row.label}: ${frame.partSeries} ${frame.format(row.part)}`)}</title></rect>`,
      );
    }
    marks.push(`<text class="note" x="${at(x(row.value) + 4)}" y="${barY + 11}">${esc(row.note)}</text>`);
  });
  return `${svgOpen(frame, height)}${parts.join('')}${marks.join('')}</svg>`;
}
