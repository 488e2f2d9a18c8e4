import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IndicatorsService } from '../indicators/indicators.service.js';
import {
  buildAnnualReport,
  type AnnualReport,
  type ReportExtras,
  type YearInputs,
} from './annual-report.js';
import { ReadReplicas } from '../database/read-replicas.js';

export const FIRST_REPORT_YEAR = 2000;

// Both figures count employers that are not duplicates merged into another record. Instants are
// in the period between local midnights ($1, $2 inclusive days in time zone $3) and never after
// now ($4), as every indicator (docs/indicators.md).
const PERIOD = `occurred >= ($1::date)::timestamp AT TIME ZONE $3
  AND occurred < ($2::date + 1)::timestamp AT TIME ZONE $3 AND occurred <= $4`;

const PROSPECTS_TAKEN_ON_SQL = `SELECT count(*)::int AS n FROM (
  SELECT e.created_at AS occurred FROM employers e
   WHERE e.source = 'outreach' AND e.merged_into_id IS NULL
     AND EXISTS (SELECT 1 FROM prospects p WHERE p.siret = e.siret)) x
  WHERE ${PERIOD}`;

// An employer contacted again after a silence longer than the dormancy threshold ($5 days),
// counted from its previous contact, or from its creation when it had none.
const DORMANT_CONTACTED_AGAIN_SQL = `SELECT count(DISTINCT x.employer_id)::int AS n FROM (
  SELECT i.employer_id, i.occurred_at AS occurred,
         coalesce(lag(i.occurred_at) OVER (PARTITION BY i.employer_id ORDER BY i.occurred_at, i.id),
                  e.created_at) AS before
    FROM interactions i JOIN employers e ON e.id = i.employer_id
   WHERE e.merged_into_id IS NULL AND i.occurred_at <= $4) x
  WHERE ${PERIOD} AND x.before < x.occurred - make_interval(days => $5)`;

@Injectable()
export class AnnualReportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly indicators: IndicatorsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `year` as the client wrote it: four digits, from 2000 to the current year. */
  async compute(yearParam: string): Promise<AnnualReport> {
    const current = Number(localDate(this.clock.now(), this.config.timeZone).slice(0, 4));
    const year = /^\d{4}$/.test(yearParam) ? Number(yearParam) : NaN;
    if (!(year >= FIRST_REPORT_YEAR && year <= current))
      throw DomainError.invalid('year', `year must be between ${FIRST_REPORT_YEAR} and ${current}`);
    const [y, p] = [await this.inputs(year), await this.inputs(year - 1)];
    return buildAnnualReport(year, y, p);
  }

  private async inputs(year: number): Promise<YearInputs> {
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    const [totals, byContractType, bySector] = [
      await this.indicators.compute(period),
      await this.indicators.compute({ ...period, groupBy: 'contractType' }),
      await this.indicators.compute({ ...period, groupBy: 'sector' }),
    ];
    return { totals, byContractType, bySector, extras: await this.extras(period) };
  }

  private async extras(period: { from: string; to: string }): Promise<ReportExtras> {
    const now = this.clock.now().toISOString();
    const params = [period.from, period.to, this.config.timeZone, now];
    const [taken] = await this.reads.query(PROSPECTS_TAKEN_ON_SQL, params);
    const [again] = await this.reads.query(DORMANT_CONTACTED_AGAIN_SQL, [
      ...params,
      this.config.dormantAfterDays,
    ]);
    return { prospectsTakenOn: taken.n, dormantContactedAgain: again.n };
  }
}
