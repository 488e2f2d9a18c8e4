import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NamedOption {
  value: string;
  label: string;
}

export interface EmployerPlacementRow {
  id: string;
  youngPersonName: string;
  contractType: string | null;
  status: string;
  startDate: string | null;
  atRisk: boolean;
}

export interface AttachmentCounts {
  contactPersons: number;
  interactions: number;
  jobOffers: number;
  placements: number;
  surveyInvitations: number;
  eventParticipations: number;
}

/**
 * Read-only lookups the employer pages need besides the employers service: the values of the
 * filters, people's names, the employer's placements, what a merge would move.
 */
type Places = { epcis: NamedOption[]; communes: NamedOption[] };

/** How long the search filters' EPCIs and communes are reused (a new commune shows up after). */
export const PLACES_TTL_MS = 60_000;

@Injectable()
export class EmployerPageQueries {
  private placesCache: { at: number; value: Promise<Places> } | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Active staff, for the referent filter and field. */
  async staff(): Promise<NamedOption[]> {
    const rows: { id: string; display_name: string }[] = await this.ds.query(
      `SELECT id, display_name FROM users WHERE active ORDER BY display_name, id`,
    );
    return rows.map((r) => ({ value: r.id, label: r.display_name }));
  }

  /** Display names of users by id (authors on a timeline), including deactivated ones. */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.ds.query(
      `SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /**
   * The EPCIs and communes employers are in, for the filters. Two DISTINCTs over every employer
   * for options that change with an import, not with a search: read once a minute per process,
   * not on every search page (issue 15).
   */
  places(): Promise<Places> {
    const now = performance.now();
    if (!this.placesCache || now - this.placesCache.at > PLACES_TTL_MS) {
      const value = this.readPlaces();
      this.placesCache = { at: now, value };
      // A failed read is not kept: the next page tries again.
      value.catch(() => {
        if (this.placesCache?.value === value) this.placesCache = null;
      });
    }
    return this.placesCache.value;
  }

  private async readPlaces(): Promise<Places> {
    const [epcis, communes]: [{ code: string; name: string }[], { code: string; name: string }[]] =
      await Promise.all([
        this.ds.query(
          `SELECT DISTINCT epci_code AS code, epci_name AS name FROM employers
            WHERE epci_code IS NOT NULL AND status <> 'archived' ORDER BY name, code`,
        ),
        this.ds.query(
          `SELECT DISTINCT insee_code AS code, city AS name FROM employers
            WHERE insee_code IS NOT NULL AND status <> 'archived' ORDER BY name, code LIMIT 500`,
        ),
      ]);
    return {
      epcis: epcis.map((r) => ({ value: r.code, label: r.name ?? r.code })),
      communes: communes.map((r) => ({ value: r.code, label: r.name ?? r.code })),
    };
  }

  async placements(employerId: string): Promise<EmployerPlacementRow[]> {
    const rows: {
      id: string;
      name: string;
      contract_type: string | null;
      status: string;
      start_date: string | null;
      at_risk: boolean;
    }[] = await this.ds.query(
      `SELECT p.id, y.first_name || ' ' || y.last_name AS name, p.contract_type, p.status,
              to_char(p.start_date, 'YYYY-MM-DD') AS start_date, p.at_risk
         FROM placements p JOIN young_people y ON y.id = p.young_person_id
        WHERE p.employer_id = $1
        ORDER BY p.created_at DESC, p.id LIMIT 50`,
      [employerId],
    );
    return rows.map((r) => ({
      id: r.id,
      youngPersonName: r.name,
      contractType: r.contract_type,
      status: r.status,
      startDate: r.start_date,
      atRisk: r.at_risk,
    }));
  }

  async offers(employerId: string): Promise<{ id: string; title: string; status: string }[]> {
    return this.ds.query(
      `SELECT id, title, status FROM job_offers WHERE employer_id = $1
        ORDER BY created_at DESC, id LIMIT 50`,
      [employerId],
    );
  }

  /** What a merge of this employer into another would move (shown before confirming). */
  async attachments(employerId: string): Promise<AttachmentCounts> {
    const [row]: Record<string, string>[] = await this.ds.query(
      `SELECT (SELECT count(*) FROM contact_persons WHERE employer_id = $1) AS contact_persons,
              (SELECT count(*) FROM interactions WHERE employer_id = $1) AS interactions,
              (SELECT count(*) FROM job_offers WHERE employer_id = $1) AS job_offers,
              (SELECT count(*) FROM placements WHERE employer_id = $1) AS placements,
              (SELECT count(*) FROM survey_invitations WHERE employer_id = $1) AS survey_invitations,
              (SELECT count(*) FROM event_employers WHERE employer_id = $1) AS event_participations`,
      [employerId],
    );
    const n = (k: string) => Number(row?.[k] ?? 0);
    return {
      contactPersons: n('contact_persons'),
      interactions: n('interactions'),
      jobOffers: n('job_offers'),
      placements: n('placements'),
      surveyInvitations: n('survey_invitations'),
      eventParticipations: n('event_participations'),
    };
  }
}
