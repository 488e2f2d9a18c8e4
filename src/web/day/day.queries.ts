import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AtRiskPlacement {
  id: string;
  youngPersonId: string;
  youngPersonName: string;
  employerId: string;
  employerName: string;
  contractType: string;
  startDate: string;
  /** The date of the follow-up that flagged it, if any. */
  flaggedOn: string | null;
}

/**
 * How many rows each list of Ma journée shows; the rest is one click away (`/?voir=tout`). A
 * busy adviser's full agenda made an 87 KB page that cost most of its server time to render.
 */
export const DAY_LIST_LIMIT = 20;

/**
 * The reads of Ma journée that no domain service answers with the names a page needs. Read-only
 * SQL across tables, like the indicators; "at risk" is the indicators' definition
 * (flagged, hired, still ongoing).
 */
@Injectable()
export class DayQueries {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** My ongoing hires flagged at risk (a follow-up with a high risk), newest flag first. */
  async atRiskPlacements(adviserId: string): Promise<AtRiskPlacement[]> {
    const rows = await this.ds.query<
      {
        id: string;
        young_person_id: string;
        young_person_name: string;
        employer_id: string;
        employer_name: string;
        contract_type: string;
        start_date: string;
        flagged_on: string | null;
      }[]
    >(
      `SELECT p.id, p.young_person_id, y.first_name || ' ' || y.last_name AS young_person_name,
              p.employer_id, coalesce(e.trade_name, e.legal_name) AS employer_name,
              p.contract_type, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
              (SELECT to_char(max(f.done_on), 'YYYY-MM-DD') FROM follow_ups f
                WHERE f.placement_id = p.id AND f.status = 'done' AND f.risk = 'high') AS flagged_on
         FROM placements p
         JOIN young_people y ON y.id = p.young_person_id
         JOIN employers e ON e.id = p.employer_id
        WHERE p.adviser_id = $1 AND p.at_risk AND p.status = 'hired'
          AND (p.outcome IS NULL OR p.outcome = 'ongoing')
        ORDER BY flagged_on DESC NULLS LAST, p.id
        LIMIT $2`,
      [adviserId, DAY_LIST_LIMIT],
    );
    return rows.map((r) => ({
      id: r.id,
      youngPersonId: r.young_person_id,
      youngPersonName: r.young_person_name,
      employerId: r.employer_id,
      employerName: r.employer_name,
      contractType: r.contract_type,
      startDate: r.start_date,
      flaggedOn: r.flagged_on,
    }));
  }
}
