import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { localDate } from '../common/clock.js';
import { csvText } from '../common/csv.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { nafSectionLabel, nafSectionSql } from '../reference/naf.js';
import {
  answersFromRows,
  csvAnswer,
  NEEDS_OPTIONS,
  QUESTIONS,
  SERVICE_OPTIONS,
} from './questionnaire.js';
import {
  aggregateFromSql,
  groupResult,
  NEEDS_COLS,
  REC_COLS,
  SAT_COLS,
  SERVICE_COLS,
  type GroupResult,
} from './survey-results.js';

export interface ResultGroup extends GroupResult {
  key: string | null;
  label: string;
}

export interface CampaignResults {
  campaignId: string;
  year: number;
  status: string;
  overall: GroupResult;
  bySector: ResultGroup[];
  byEpci: ResultGroup[];
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

// The figures' answers pivoted per response (one row per answer in the table), tolerant of
// unknown values.
const INVITATIONS_WITH_ANSWERS = `
inv AS (
  SELECT i.id, e.naf_code, e.epci_code, e.epci_name, ${nafSectionSql('e.naf_code', 'e.naf_version')} AS section,
         r.id AS response_id, r.submitted_at, e.siret, e.legal_name, e.trade_name
  FROM survey_invitations i
  JOIN employers e ON e.id = i.employer_id
  LEFT JOIN survey_responses r ON r.invitation_id = i.id
  WHERE i.campaign_id = $1
),
piv AS (
  SELECT a.response_id,
    max(CASE WHEN a.question_key = 'satisfaction' AND jsonb_typeof(a.value) = 'number' THEN (a.value #>> '{}')::numeric END) AS satisfaction,
    max(CASE WHEN a.question_key = 'recommend' AND jsonb_typeof(a.value) = 'number' THEN (a.value #>> '{}')::numeric END) AS recommend,
    max(CASE WHEN a.question_key = 'recruitment_needs' THEN a.value #>> '{}' END) AS needs,
    bool_or(a.question_key = 'callback' AND a.value = 'true'::jsonb) AS callback,
    (array_agg(a.value) FILTER (WHERE a.question_key = 'services' AND jsonb_typeof(a.value) = 'array'))[1] AS services
  FROM survey_answers a
  WHERE a.response_id IN (SELECT response_id FROM inv WHERE response_id IS NOT NULL)
  GROUP BY a.response_id
)`;

const AGGREGATE_SQL = `
WITH ${INVITATIONS_WITH_ANSWERS}
SELECT GROUPING(inv.section) AS g_section, GROUPING(inv.epci_code) AS g_epci,
  inv.section, inv.epci_code, max(inv.epci_name) AS epci_name,
  count(*)::int AS invited,
  count(inv.response_id)::int AS answered,
  ${[1, 2, 3, 4, 5].map((n, k) => `count(*) FILTER (WHERE p.satisfaction = ${n})::int AS ${SAT_COLS[k]}`).join(',\n  ')},
  ${REC_COLS.map((c, n) => `count(*) FILTER (WHERE p.recommend = ${n})::int AS ${c}`).join(',\n  ')},
  ${NEEDS_OPTIONS.map((o, k) => `count(*) FILTER (WHERE p.needs = ${lit(o)})::int AS ${NEEDS_COLS[k]}`).join(',\n  ')},
  ${SERVICE_OPTIONS.map((o, k) => `count(*) FILTER (WHERE p.services ? ${lit(o)})::int AS ${SERVICE_COLS[k]}`).join(',\n  ')},
  count(*) FILTER (WHERE p.callback)::int AS callback
FROM inv
LEFT JOIN piv p ON p.response_id = inv.response_id
GROUP BY GROUPING SETS ((), (inv.section), (inv.epci_code))`;

// One line per response, its answers as stored rows (read through the questionnaire).
const RAW_SQL = `
WITH ${INVITATIONS_WITH_ANSWERS}
SELECT inv.siret, inv.legal_name, inv.trade_name, inv.naf_code, inv.section, inv.epci_name, inv.submitted_at,
  (SELECT coalesce(json_agg(json_build_object('questionKey', a.question_key, 'value', a.value)), '[]'::json)
     FROM survey_answers a WHERE a.response_id = inv.response_id) AS answers
FROM inv
WHERE inv.response_id IS NOT NULL
ORDER BY inv.submitted_at, inv.id`;

export const CSV_HEADERS = [
  'Année',
  'SIRET',
  'Raison sociale',
  'Enseigne',
  'Code NAF',
  'Secteur (section NAF)',
  'EPCI',
  'Date de réponse',
  ...QUESTIONS.map((q) => q.column),
];

@Injectable()
export class SurveyResultsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async campaign(id: string): Promise<{ year: number; status: string }> {
    const rows = (await this.ds.query('SELECT year, status FROM survey_campaigns WHERE id = $1', [
      id,
    ])) as { year: number; status: string }[];
    if (!rows[0]) throw DomainError.notFound('Survey campaign');
    return rows[0];
  }

  async results(id: string): Promise<CampaignResults> {
    const c = await this.campaign(id);
    const rows = (await this.ds.query(AGGREGATE_SQL, [id])) as Record<string, unknown>[];
    const overallRow = rows.find((r) => Number(r.g_section) === 1 && Number(r.g_epci) === 1);
    const overall = groupResult(aggregateFromSql(overallRow ?? { invited: 0, answered: 0 }));
    const bySector = rows
      .filter((r) => Number(r.g_section) === 0)
      .map((r) => {
        const key = (r.section as string | null) ?? null;
        const label = key ? nafSectionLabel(key) : 'Non renseigné';
        return { key, label, ...groupResult(aggregateFromSql(r)) };
      })
      .sort(byKey);
    const byEpci = rows
      .filter((r) => Number(r.g_epci) === 0)
      .map((r) => {
        const key = (r.epci_code as string | null) ?? null;
        return {
          key,
          label: key ? ((r.epci_name as string | null) ?? key) : 'Non renseigné',
          ...groupResult(aggregateFromSql(r)),
        };
      })
      .sort(byKey);
    return { campaignId: id, year: c.year, status: c.status, overall, bySector, byEpci };
  }

  /** Raw answers, one line per response: French headers, `;`, UTF-8 with BOM (Excel-friendly). */
  async csv(id: string): Promise<string> {
    const c = await this.campaign(id);
    const rows = (await this.ds.query(RAW_SQL, [id])) as {
      siret: string | null;
      legal_name: string;
      trade_name: string | null;
      naf_code: string | null;
      section: string | null;
      epci_name: string | null;
      submitted_at: Date;
      answers: { questionKey: string; value: unknown }[];
    }[];
    const tz = this.config.timeZone;
    const time = new Intl.DateTimeFormat('fr-FR', {
      timeZone: tz,
      hour: '2-digit',
      minute: '2-digit',
    });
    const lines = rows.map((r) => [
      String(c.year),
      r.siret ?? '',
      r.legal_name,
      r.trade_name ?? '',
      r.naf_code ?? '',
      r.section ? nafSectionLabel(r.section) : '',
      r.epci_name ?? '',
      `${localDate(r.submitted_at, tz)} ${time.format(r.submitted_at)}`,
      ...answerCells(r.answers),
    ]);
    return csvText([CSV_HEADERS, ...lines]);
  }
}

function answerCells(rows: { questionKey: string; value: unknown }[]): string[] {
  const answers = answersFromRows(rows);
  return QUESTIONS.map((q) => csvAnswer(q, answers[q.key]));
}

function byKey(a: { key: string | null }, b: { key: string | null }): number {
  if (a.key === b.key) return 0;
  if (a.key === null) return 1;
  if (b.key === null) return -1;
  return a.key < b.key ? -1 : 1;
}
