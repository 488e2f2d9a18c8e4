import { renderToString } from 'preact-render-to-string';
import { BarChart } from './chart.js';

const render = (node: ReturnType<typeof BarChart>) => renderToString(node);

describe('BarChart', () => {
  const data = [
    { label: 'Très satisfait', value: 12 },
    { label: 'Peu <satisfait>', value: 1234.5 },
  ];

  it('draws an accessible SVG with Observable Plot: role img, title and description', () => {
    const html = render(
      <BarChart
        id="sat"
        title="Satisfaction"
        description="Nombre de réponses par note."
        data={data}
        valueLabel="Réponses"
        labelHeader="Note"
      />,
    );
    expect(html).toMatch(/<svg[^>]* role="img" aria-labelledby="sat-title sat-desc"/);
    expect(html).toContain('<title id="sat-title">Satisfaction</title>');
    expect(html).toContain('<desc id="sat-desc">Nombre de réponses par note.</desc>');
    // Plot drew one bar per datum (rects inside the bar mark's group).
    expect(html.match(/<rect /g)?.length).toBe(2);
    expect(html).not.toContain('<style');
  });

  it('puts the numbers in a table beside the chart, in French, escaped', () => {
    const html = render(
      <BarChart
        id="sat"
        title="Satisfaction"
        description="d"
        data={data}
        valueLabel="Réponses"
        labelHeader="Note"
      />,
    );
    expect(html).toContain('<caption>Satisfaction : les chiffres</caption>');
    expect(html).toContain('<th scope="row">Peu &lt;satisfait></th>');
    expect(html).toContain('1\u202f234,5');
    expect(html).not.toContain('<satisfait>');
  });

  it('stacks series with one table column per series', () => {
    const html = render(
      <BarChart
        id="needs"
        title="Besoins"
        description="d"
        data={[
          { label: 'Commerce', series: 'Aucun', value: 3 },
          { label: 'Commerce', series: '1 à 2', value: 1 },
          { label: 'Industrie', series: 'Aucun', value: 2 },
        ]}
        seriesOrder={['Aucun', '1 à 2']}
        valueLabel="Réponses"
        labelHeader="Secteur"
      />,
    );
    expect(html).toContain('<th scope="col" class="num">Aucun</th>');
    expect(html).toContain('<th scope="col" class="num">1 à 2</th>');
    // Three bars in the chart, plus one legend swatch per series.
    const legend = html.slice(html.indexOf('chart-legend'));
    expect(legend.match(/<rect /g)?.length).toBe(2);
    expect(html.match(/<rect /g)?.length).toBe(3 + 2);
    // Industrie has no "1 à 2" answer: a dash, not a made-up zero.
    expect(html).toMatch(/Industrie<\/th><td class="num">2<\/td><td class="num">—<\/td>/);
  });

  it('says so when there is nothing to draw', () => {
    const html = render(
      <BarChart id="x" title="T" description="d" data={[]} valueLabel="v" labelHeader="l" />,
    );
    expect(html).toContain('Aucune donnée pour ce graphique.');
    expect(html).not.toContain('<svg');
  });
});
