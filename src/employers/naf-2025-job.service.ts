import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { csvStream } from '../common/csv.js';
import { naf2025Counterparts, naf2025ProposalFor, naf2025SectionOfRev2 } from '../reference/naf.js';

export interface Naf2025Options {
  /** Write the one-to-one proposals (nafCode and nafVersion), with their audit entries. */
  apply?: boolean;
  /** Absolute path of a CSV file to create with one line per employer (never overwritten). */
  csvPath?: string;
}

export interface Naf2025Result {
  /** Employers in NAF rév. 2 (with a code, not merged into another record), when the job began. */
  rev2Employers: number;
  /** Of those, the ones whose sub-class has exactly one NAF 2025 counterpart. */
  proposable: number;
  /** The others: a split sub-class, someone who knows the employer chooses. */
  forReview: number;
  /** Of those for review, the ones whose candidates all lie in one NAF 2025 section. */
  reviewWithinOneSection: number;
  /** Employers moved to NAF 2025 by this run; null without `apply`. */
  applied: number | null;
  /** One line per rév. 2 code in use: how many employers, and the NAF 2025 code proposed. */
  proposals: { nafCode: string; proposed: string; employers: number }[];
  /** One line per split rév. 2 code in use: its candidates, and their section when they share one. */
  review: { nafCode: string; candidates: string[]; section: string | null; employers: number }[];
  /** The CSV written, if one was asked for. */
  file: string | null;
}

// French headers: the file is for the staff who review the codes.
const CSV_HEADERS = [
  'Identifiant',
  'Code NAF rév. 2',
  'Code NAF 2025 proposé',
  'Codes NAF 2025 possibles',
  'Suite',
];
const OUTCOME = { proposed: 'proposé', applied: 'appliqué', review: 'à revoir' } as const;

// The employers a NAF 2025 code can be proposed for: rév. 2, with a code, not merged. Archived
// ones are included: their code still groups them in past years' indicators.
const REV2 = `naf_version = 'rev2' AND naf_code IS NOT NULL AND merged_into_id IS NULL`;

/** Employers written per transaction by `apply`, and ids read per page for the CSV. */
const BATCH = 1000;

/**
 * `npm run jobs -- naf-2025`: proposes the NAF 2025 code of employers still in NAF rév. 2 where
 * INSEE's correspondence is one-to-one, and lists the others for review (docs/naf-2025.md,
 * ADR 1704). Memory stays bounded: one grouped count per code, then ids page by page into the CSV.
 */
@Injectable()
export class Naf2025JobService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run(opts: Naf2025Options = {}): Promise<Naf2025Result> {
    const counts: { naf_code: string; n: number }[] = await this.ds.query(
      `SELECT naf_code, count(*)::int AS n FROM employers WHERE ${REV2} GROUP BY naf_code ORDER BY naf_code`,
    );
    const result: Naf2025Result = {
      rev2Employers: 0,
      proposable: 0,
      forReview: 0,
      reviewWithinOneSection: 0,
      applied: opts.apply ? 0 : null,
      proposals: [],
      review: [],
      file: opts.csvPath ?? null,
    };
    for (const { naf_code: nafCode, n } of counts) {
      result.rev2Employers += n;
      const proposed = naf2025ProposalFor(nafCode);
      if (proposed) {
        result.proposable += n;
        result.proposals.push({ nafCode, proposed, employers: n });
      } else {
        const section = naf2025SectionOfRev2(nafCode) ?? null;
        result.forReview += n;
        if (section) result.reviewWithinOneSection += n;
        result.review.push({
          nafCode,
          candidates: naf2025Counterparts(nafCode),
          section,
          employers: n,
        });
      }
    }

    // Created before any write: a path that exists or cannot be written stops the run unchanged.
    const csv = opts.csvPath ? await this.openCsv(opts.csvPath) : undefined;
    try {
      // Without a file nor writes, the grouped counts are the whole answer.
      if (opts.apply || csv)
        for (const p of result.proposals) {
          const ids = opts.apply ? this.apply(p.nafCode, p.proposed) : this.ids(p.nafCode);
          for await (const page of ids) {
            if (opts.apply) result.applied! += page.length;
            for (const id of page)
              await csv?.write([
                id,
                p.nafCode,
                p.proposed,
                p.proposed,
                opts.apply ? OUTCOME.applied : OUTCOME.proposed,
              ]);
          }
        }
      if (csv)
        for (const r of result.review)
          for await (const page of this.ids(r.nafCode))
            for (const id of page)
              await csv.write([id, r.nafCode, '', r.candidates.join(' '), OUTCOME.review]);
    } finally {
      await csv?.close();
    }
    return result;
  }

  /** The ids of the rév. 2 employers with this code, page by page in id order. */
  private async *ids(nafCode: string): AsyncGenerator<string[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.ds.query(
        `SELECT id FROM employers WHERE ${REV2} AND naf_code = $1 AND id > $2
          ORDER BY id LIMIT ${BATCH}`,
        [nafCode, after],
      );
      if (!rows.length) return;
      yield rows.map((r) => r.id);
      after = rows.at(-1)!.id;
    }
  }

  /**
   * Moves the rév. 2 employers with this code to its NAF 2025 counterpart, a batch per
   * transaction with one audit entry each (`naf_2025`, no actor: the operator ran a job), and the
   * version bumped so that a form open on one of them gets a 409. The rows are locked in id order,
   * as every multi-employer writer does; one changed meanwhile no longer matches and is left.
   * The statement-level triggers on employers (indicator cache) fire once per batch.
   */
  private async *apply(rev2: string, naf2025: string): AsyncGenerator<string[]> {
    for (;;) {
      const ids = await this.ds.transaction(async (m) => {
        const rows: { id: string }[] = await m.query(
          // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE.
          `WITH picked AS (
             SELECT id FROM employers WHERE ${REV2} AND naf_code = $1
              ORDER BY id LIMIT ${BATCH} FOR UPDATE),
           moved AS (
             UPDATE employers e
                SET naf_code = $2, naf_version = '2025', version = e.version + 1, updated_at = now()
               FROM picked WHERE e.id = picked.id
           RETURNING e.id)
           SELECT id FROM moved ORDER BY id`,
          [rev2, naf2025],
        );
        await this.audit.recordMany(
          m,
          rows.map((r) => ({
            actorId: null,
            action: 'naf_2025',
            entity: 'employer',
            entityId: r.id,
            before: { nafCode: rev2, nafVersion: 'rev2' },
            after: { nafCode: naf2025, nafVersion: '2025' },
          })),
        );
        return rows.map((r) => r.id);
      });
      if (!ids.length) return;
      yield ids;
    }
  }

  private async openCsv(path: string): Promise<{
    write: (record: string[]) => Promise<void>;
    close: () => Promise<void>;
  }> {
    const file = createWriteStream(path, { flags: 'wx' });
    await once(file, 'open');
    const csv = csvStream();
    csv.pipe(file);
    const write = async (record: string[]) => {
      if (!csv.write(record)) await once(csv, 'drain');
    };
    await write(CSV_HEADERS);
    return {
      write,
      close: async () => {
        csv.end();
        await finished(file);
      },
    };
  }
}
