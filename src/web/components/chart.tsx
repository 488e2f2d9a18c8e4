import { TableWrap } from './table-wrap.js';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { h, type ComponentChildren, type VNode } from 'preact';
import { formatNumber } from '../format.js';

// Charts are drawn on the server by Observable Plot (ADR 1575) into linkedom's DOM, then turned
// into Preact nodes, so Preact escapes every label like any other text and no raw HTML is ever
// injected into a page. Each chart is an SVG with role="img", a <title> and a <desc>, and the
// numbers it shows are in a table beside it for whoever does not see the picture.

/** One bar: its label, its value, and for stacked bars the series it belongs to. */
export interface ChartDatum {
  label: string;
  value: number;
  series?: string;
}

export interface BarChartProps {
  /** Unique on the page: the SVG's title and description ids derive from it. */
  id: string;
  title: string;
  /** What the chart shows, in one or two sentences (read by screen readers as the description). */
  description: string;
  data: ChartDatum[];
  /** The header of the value column in the table (and the axis label). */
  valueLabel: string;
  /** The header of the label column in the table. */
  labelHeader: string;
  /** How a value is written in the table and on the bars (defaults to French numbers). */
  format?: (value: number) => string;
  /** Order of the series in stacked bars (and of their columns in the table). */
  seriesOrder?: string[];
}

const WIDTH = 640;
const BAR_HEIGHT = 28;
/** Colour-blind-safe and dark enough against white for the stacked series (Okabe–Ito, darkened). */
const SERIES_COLOURS = ['#00347a', '#b35c00', '#00703c', '#7a2a8c', '#6b6b00', '#005f73'];

const labelOrder = (data: ChartDatum[]) => [...new Set(data.map((d) => d.label))];

/** Turns a DOM node (from linkedom) into Preact nodes; drops scripts, styles and event handlers. */
function toVNode(node: Node): ComponentChildren {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase() === el.tagName ? el.tagName : el.localName;
  if (tag === 'script' || tag === 'style') return null;
  const props: Record<string, string> = {};
  for (const attr of Array.from(el.attributes)) {
    // Inside role="img" the parts are presentational: Plot's aria-labels ("bar") only add noise
    // (and are not allowed on a plain <g>); the stylesheet styles charts, not inline styles.
    if (attr.name.startsWith('on') || attr.name.startsWith('aria-') || attr.name === 'style')
      continue;
    props[attr.name] = attr.value;
  }
  return h(tag, props, ...Array.from(el.childNodes).map(toVNode));
}

/** Plot's SVG for the data, as a DOM element of a fresh linkedom document. */
function plotSvg(p: BarChartProps, format: (v: number) => string): Element {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const labels = labelOrder(p.data);
  const stacked = p.data.some((d) => d.series !== undefined);
  const longest = Math.max(4, ...labels.map((l) => l.length));
  const marginLeft = Math.min(300, 16 + longest * 8);
  // The longest bar (or stack) sets the axis; all zeros still get a 0..1 axis, not a full bar.
  const totals = new Map<string, number>();
  for (const d of p.data) totals.set(d.label, (totals.get(d.label) ?? 0) + Math.max(0, d.value));
  const top = Math.max(0, ...totals.values());
  const series = p.seriesOrder ?? [...new Set(p.data.map((d) => d.series ?? ''))];
  const options: Plot.PlotOptions = {
    document: document as unknown as Document,
    width: WIDTH,
    height: 40 + labels.length * BAR_HEIGHT,
    marginLeft,
    marginRight: 48,
    x: {
      label: p.valueLabel,
      grid: true,
      tickFormat: (v: number) => format(v),
      domain: [0, top > 0 ? top : 1],
      nice: true,
    },
    y: { label: null, domain: labels },
    marks: [
      Plot.barX(p.data, {
        x: 'value',
        y: 'label',
        ...(stacked ? { fill: 'series' } : { fill: SERIES_COLOURS[0] }),
      }),
      Plot.ruleX([0]),
      ...(stacked
        ? []
        : [
            Plot.text(p.data, {
              x: 'value',
              y: 'label',
              text: (d: ChartDatum) => format(d.value),
              textAnchor: 'start',
              dx: 4,
              fill: '#1b1b1b',
            }),
          ]),
    ],
    ...(stacked
      ? { color: { domain: series, range: SERIES_COLOURS.slice(0, Math.max(series.length, 1)) } }
      : {}),
  };
  const out = Plot.plot(options) as unknown as Element;
  return out.tagName.toLowerCase() === 'svg' ? out : (out.querySelector('svg') as Element);
}

/** The SVG as Preact nodes, with role="img", a title and a description. */
function AccessibleSvg(p: BarChartProps & { format: (v: number) => string }) {
  const svg = plotSvg(p, p.format);
  const titleId = `${p.id}-title`;
  const descId = `${p.id}-desc`;
  const props: Record<string, string> = {};
  for (const attr of Array.from(svg.attributes)) {
    if (attr.name.startsWith('on') || attr.name.startsWith('aria-') || attr.name === 'style')
      continue;
    props[attr.name] = attr.value;
  }
  return h(
    'svg',
    { ...props, role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    h('title', { id: titleId }, p.title),
    h('desc', { id: descId }, p.description),
    ...Array.from(svg.childNodes).map(toVNode),
  );
}

/** The numbers of the chart: one row per label, one column per series for stacked bars. */
function NumbersTable(p: BarChartProps & { format: (v: number) => string }) {
  const labels = labelOrder(p.data);
  const stacked = p.data.some((d) => d.series !== undefined);
  const series = stacked ? (p.seriesOrder ?? [...new Set(p.data.map((d) => d.series!))]) : [];
  const value = (label: string, s?: string) =>
    p.data.find((d) => d.label === label && (s === undefined || d.series === s))?.value;
  return (
    <TableWrap label={`${p.title} : les chiffres`}>
      <table>
        <caption>{p.title} : les chiffres</caption>
        <thead>
          <tr>
            <th scope="col">{p.labelHeader}</th>
            {stacked ? (
              series.map((s) => (
                <th scope="col" class="num" key={s}>
                  {s}
                </th>
              ))
            ) : (
              <th scope="col" class="num">
                {p.valueLabel}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {labels.map((label) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {(stacked ? series : [undefined]).map((s, i) => {
                const v = value(label, s);
                return (
                  <td class="num" key={i}>
                    {v === undefined ? '—' : p.format(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * A horizontal bar chart (stacked when the data has series) with its numbers in a table beside
 * it. With no data it says so instead of drawing empty axes.
 */
export function BarChart(props: BarChartProps): VNode {
  const format = props.format ?? formatNumber;
  const stacked = props.data.some((d) => d.series !== undefined);
  const series = stacked
    ? (props.seriesOrder ?? [...new Set(props.data.map((d) => d.series!))])
    : [];
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      {props.data.length === 0 ? (
        <p class="muted">Aucune donnée pour ce graphique.</p>
      ) : (
        <div class="chart-body">
          <div class="chart-svg">
            <AccessibleSvg {...props} format={format} />
            {stacked && (
              <ul class="chart-legend" aria-hidden="true">
                {series.map((s, i) => (
                  <li key={s}>
                    <svg class="swatch" width="14" height="14" viewBox="0 0 14 14">
                      <rect
                        width="14"
                        height="14"
                        fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                      />
                    </svg>
                    {s}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <NumbersTable {...props} format={format} />
        </div>
      )}
    </figure>
  );
}
