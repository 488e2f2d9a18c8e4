import { TableWrap } from '../components/table-wrap.js';
import {
  FIGURES,
  GROUP_BYS,
  type Figure,
  type GroupBy,
} from '../../indicators/indicator-figures.js';
import { FIGURE_HEADERS, type IndicatorsReport } from '../../indicators/indicators-csv.js';
import { BarChart } from '../components/chart.js';
import { ErrorSummary, SelectField, TextField, type FieldErrors } from '../components/form.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  adviser: 'Conseiller',
  epci: 'EPCI',
  sector: 'Secteur d’activité (section NAF)',
  contractType: 'Type de contrat',
};

/** The grouping as written inside a sentence ("par EPCI", "par conseiller"). */
const GROUP_BY_IN_TEXT: Record<GroupBy, string> = {
  adviser: 'conseiller',
  epci: 'EPCI',
  sector: 'secteur d’activité',
  contractType: 'type de contrat',
};

export const INDICATOR_FIELD_LABELS: Record<string, string> = {
  from: 'Du',
  to: 'Au',
  groupBy: 'Regrouper par',
};

const RATES: ReadonlySet<Figure> = new Set([
  'outreachShare',
  'ruptureRate',
  'followUpsOnTimeRate',
  'surveyResponseRate',
]);
const SCORES: ReadonlySet<Figure> = new Set(['satisfactionMean', 'nps']);
/** The figures that are counts: comparable on one axis. */
const COUNTS = FIGURES.filter((f) => !RATES.has(f) && !SCORES.has(f));
/** The figures drawn per group when the report is grouped. */
const GROUP_CHARTS: Figure[] = [
  'employersContacted',
  'interactions',
  'offersCollected',
  'jobEntries',
];

export function formatFigure(f: Figure, v: number | null): string {
  if (v === null) return '—';
  return RATES.has(f)
    ? formatPercent(v)
    : formatNumber(f === 'satisfactionMean' ? Math.round(v * 100) / 100 : v);
}

export interface IndicatorsForm {
  from?: string;
  to?: string;
  groupBy?: string;
}

export interface IndicatorsPageProps {
  ctx: PageContext;
  form: IndicatorsForm;
  report: IndicatorsReport | null;
  errors?: FieldErrors;
}

function csvHref(r: IndicatorsReport): string {
  const q = new URLSearchParams({ from: r.from, to: r.to });
  if (r.groupBy) q.set('groupBy', r.groupBy);
  q.set('format', 'csv');
  return `/indicators?${q.toString()}`;
}

/** GET /indicators: the period and grouping form, the figures as tables and charts, the CSV. */
export function IndicatorsPage({ ctx, form, report, errors = {} }: IndicatorsPageProps) {
  const groupName = report?.groupBy ? GROUP_BY_LABELS[report.groupBy] : '';
  const groupInText = report?.groupBy ? GROUP_BY_IN_TEXT[report.groupBy] : '';
  return (
    <Layout ctx={ctx} title="Indicateurs">
      <ErrorSummary errors={errors} />
      <h1>Indicateurs</h1>
      <form method="get" action="/indicators" class="panel" noValidate>
        <div class="grid grid-2">
          <TextField
            name="from"
            label={INDICATOR_FIELD_LABELS.from!}
            type="date"
            value={form.from}
            error={errors.from}
            hint="Vide : le 1er janvier de l’année."
          />
          <TextField
            name="to"
            label={INDICATOR_FIELD_LABELS.to!}
            type="date"
            value={form.to}
            error={errors.to}
            hint="Vide : le 31 décembre de l’année."
          />
        </div>
        <SelectField
          name="groupBy"
          label={INDICATOR_FIELD_LABELS.groupBy!}
          options={GROUP_BYS.map((g) => ({ value: g, label: GROUP_BY_LABELS[g] }))}
          emptyLabel="Pas de regroupement"
          value={form.groupBy}
          error={errors.groupBy}
        />
        <button type="submit">Afficher les indicateurs</button>
      </form>
      {report && (
        <>
          <h2>
            Du {formatDate(report.from)} au {formatDate(report.to)}
          </h2>
          <p>
            <a class="button secondary" href={csvHref(report)} download>
              Télécharger les indicateurs (CSV)
            </a>
          </p>
          <TableWrap label={`Ensemble du territoire`}>
            <table>
              <caption>Ensemble du territoire</caption>
              <thead>
                <tr>
                  <th scope="col">Indicateur</th>
                  <th scope="col" class="num">
                    Valeur
                  </th>
                </tr>
              </thead>
              <tbody>
                {FIGURES.map((f) => (
                  <tr key={f}>
                    <th scope="row">{FIGURE_HEADERS[f]}</th>
                    <td class="num">{formatFigure(f, report.totals[f])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <BarChart
            id="counts"
            title="Activité de la période"
            description="Les indicateurs de volume de la période, pour l’ensemble du territoire."
            data={COUNTS.map((f) => ({ label: FIGURE_HEADERS[f], value: report.totals[f] ?? 0 }))}
            valueLabel="Nombre"
            labelHeader="Indicateur"
          />
          <BarChart
            id="rates"
            title="Taux de la période"
            description="Les taux de la période, en pourcentage, pour l’ensemble du territoire. Un taux sans base de calcul n’est pas dessiné."
            data={[...RATES]
              .filter((f) => report.totals[f] !== null)
              .map((f) => ({ label: FIGURE_HEADERS[f], value: report.totals[f]! }))}
            valueLabel="Taux"
            labelHeader="Indicateur"
            format={formatPercent}
          />
          {report.groupBy && (
            <>
              <h2>Par {groupInText}</h2>
              {report.groups.length === 0 ? (
                <p>Aucune donnée sur la période.</p>
              ) : (
                <>
                  <TableWrap label={`Indicateurs par ${groupInText}`}>
                    <table>
                      <caption>Indicateurs par {groupInText}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{groupName}</th>
                          {FIGURES.map((f) => (
                            <th scope="col" class="num" key={f}>
                              {FIGURE_HEADERS[f]}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {report.groups.map((g) => (
                          <tr key={g.key ?? ''}>
                            <th scope="row">{g.label}</th>
                            {FIGURES.map((f) => (
                              <td class="num" key={f}>
                                {formatFigure(f, g[f])}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                  {GROUP_CHARTS.map((f) => (
                    <BarChart
                      key={f}
                      id={`group-${f}`}
                      title={`${FIGURE_HEADERS[f]} par ${groupInText}`}
                      description={`${FIGURE_HEADERS[f]} sur la période, pour chaque ${groupInText}.`}
                      data={report.groups
                        .filter((g) => g[f] !== null)
                        .map((g) => ({ label: g.label, value: g[f]! }))}
                      valueLabel={FIGURE_HEADERS[f]}
                      labelHeader={groupName}
                    />
                  ))}
                </>
              )}
            </>
          )}
        </>
      )}
    </Layout>
  );
}
