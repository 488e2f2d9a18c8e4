import type { Figure } from '../../indicators/indicator-figures.js';
import { RATE_DIGITS } from '../../indicators/indicators-csv.js';
import type { AnnualReport, ComparedValue, ReportAction } from '../../reports/annual-report.js';
import { BarChart } from '../components/chart.js';
import { ErrorSummary, TextField, type FieldErrors } from '../components/form.js';
import { TableWrap } from '../components/table-wrap.js';
import { formatDate, formatNumber } from '../format.js';
import { formatFigure } from '../indicators/indicators.pages.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export const REPORT_FIELD_LABELS: Record<string, string> = { year: 'Année' };

// Rates and scores are written as the indicators page writes them; the report's own figures are
// counts.
const formatValue = (v: ComparedValue, n: number | null) =>
  v.key === 'prospectsTakenOn' || v.key === 'dormantContactedAgain'
    ? n === null
      ? '—'
      : formatNumber(n)
    : formatFigure(v.key as Figure, n);

/** Counts can be drawn on one axis and compared by difference; rates and scores cannot. */
const isCount = (v: ComparedValue) => !(v.key in RATE_DIGITS);

function change(v: ComparedValue): string {
  if (v.year === null || v.previous === null || !isCount(v)) return '—';
  const d = v.year - v.previous;
  return d === 0 ? '=' : `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d))}`;
}

function ActionSection({ a, r }: { a: ReportAction; r: AnnualReport }) {
  const counts = a.figures.filter(isCount);
  const id = `action-${a.key.replace('.', '-')}`;
  return (
    <section class="report-action" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        Action {a.key} — {a.title}
      </h2>
      <TableWrap label={`Action ${a.key}`}>
        <table>
          <caption>
            Action {a.key} : {r.year} et {r.previousYear}
          </caption>
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              <th scope="col" class="num">
                {r.year}
              </th>
              <th scope="col" class="num">
                {r.previousYear}
              </th>
              <th scope="col" class="num">
                Évolution
              </th>
            </tr>
          </thead>
          <tbody>
            {a.figures.map((v) => (
              <tr key={v.key}>
                <th scope="row">{v.label}</th>
                <td class="num">{formatValue(v, v.year)}</td>
                <td class="num">{formatValue(v, v.previous)}</td>
                <td class="num">{change(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {counts.length > 0 && (
        <BarChart
          id={`${id}-chart`}
          title={`Volumes de l’action ${a.key} : ${r.year} et ${r.previousYear}`}
          description={`Les volumes de l’action ${a.key}, ${r.year} à côté de ${r.previousYear}.`}
          data={counts.flatMap((v) => [
            { label: `${v.label} (${r.year})`, value: v.year ?? 0, series: String(r.year) },
            {
              label: `${v.label} (${r.previousYear})`,
              value: v.previous ?? 0,
              series: String(r.previousYear),
            },
          ])}
          seriesOrder={[String(r.year), String(r.previousYear)]}
          valueLabel="Nombre"
          labelHeader="Indicateur"
        />
      )}
      {a.breakdown && a.breakdown.rows.length > 0 && (
        <TableWrap label={`${a.breakdown.title}, action ${a.key}`}>
          <table>
            <caption>
              {a.breakdown.title} (action {a.key})
            </caption>
            <thead>
              <tr>
                <th scope="col">{a.breakdown.by === 'sector' ? 'Secteur' : 'Type de contrat'}</th>
                {a.breakdown.rows[0]!.values.map((v) => [
                  <th scope="col" class="num" key={`${v.key}-y`}>
                    {v.label} {r.year}
                  </th>,
                  <th scope="col" class="num" key={`${v.key}-p`}>
                    {v.label} {r.previousYear}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {a.breakdown.rows.map((row) => (
                <tr key={row.key ?? ''}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((v) => [
                    <td class="num" key={`${v.key}-y`}>
                      {formatValue(v, v.year)}
                    </td>,
                    <td class="num" key={`${v.key}-p`}>
                      {formatValue(v, v.previous)}
                    </td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export interface AnnualReportPageProps {
  ctx: PageContext;
  year: string;
  /** Today in the app's time zone, YYYY-MM-DD: a year in progress says where it stops. */
  today: string;
  report: AnnualReport | null;
  errors?: FieldErrors;
}

/** GET /reports/annual/:year — print-ready: the browser's "Imprimer" gives the A4 report. */
export function AnnualReportPage({ ctx, year, today, report, errors = {} }: AnnualReportPageProps) {
  return (
    <Layout ctx={ctx} title={report ? `Bilan annuel ${report.year}` : 'Bilan annuel'}>
      <ErrorSummary errors={errors} />
      <h1>{report ? `Bilan annuel ${report.year}` : 'Bilan annuel'}</h1>
      <form method="get" action="/reports/annual" class="panel" noValidate>
        <TextField
          name="year"
          label={REPORT_FIELD_LABELS.year!}
          required
          inputMode="numeric"
          value={year}
          error={errors.year}
          hint="Quatre chiffres, par exemple 2026."
        />
        <button type="submit">Afficher le bilan</button>
      </form>
      {report && (
        <>
          <p>
            Orientation 4 du projet de la Mission Locale : dynamiser les relations avec les
            employeurs. Chaque action avec ses chiffres de {report.year}
            {report.period.to >= today ? ` (jusqu’au ${formatDate(today)})` : ''} à côté de ceux de{' '}
            {report.previousYear}.
          </p>
          <p class="no-print">
            <a class="button secondary" href={`/reports/annual/${report.year}?format=csv`} download>
              Télécharger le bilan (CSV)
            </a>
          </p>
          <p class="no-print hint">
            Pour le conseil d’administration : imprimez cette page depuis votre navigateur (format
            A4), chaque action sur sa page.
          </p>
          {report.actions.map((a) => (
            <ActionSection a={a} r={report} key={a.key} />
          ))}
        </>
      )}
    </Layout>
  );
}
