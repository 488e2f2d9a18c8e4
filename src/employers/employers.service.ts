import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type AuthUser } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { DomainError, type FieldError } from '../common/domain-error.js';
import { toPage, type Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { User } from '../users/user.entity.js';
import { nafSectionSql } from '../reference/naf.js';
import { normalizeSiret } from '../reference/siret.js';
import { Employer } from './employer.entity.js';
import {
  EMPTY_EMPLOYER,
  applyEmployerInput,
  mergeTags,
  escapeLike,
  parseSearch,
  type EmployerFields,
  type EmployerInput,
} from './employer-rules.js';
import { EMPLOYER_SELECT, SqlWhere, asEmployerRows } from './employer-sql.js';
import { nameSearch, searchCursorOf, type SearchSortKey } from './employer-search.js';
import {
  RECOMPUTE_LAST_CONTACT_SQL,
  contactHorizon,
  dormantCutoff,
  dormantSql,
  isDormant,
} from './employer-activity.js';
import { decodeTypedCursor } from '../common/typed-cursor.js';
import {
  toEmployerInput,
  toEmployerResponse,
  type CreateEmployerDto,
  type EmployerListQuery,
  type EmployerResponse,
  type EmployerRow,
  type UpdateEmployerDto,
  type WarningResponse,
} from './employers.dto.js';
import { ReadReplicas } from '../database/read-replicas.js';

const ADDRESS_FIELDS = new Set(['street', 'postalCode', 'inseeCode', 'city']);

/** Field names as the API spells them (the address is nested). */
export function apiFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) =>
    ADDRESS_FIELDS.has(e.field) ? { ...e, field: `address.${e.field}` } : e,
  );
}

export function fieldsOf(e: Employer | EmployerRow): EmployerFields {
  return {
    siret: e.siret,
    siren: e.siren,
    legalName: e.legalName,
    tradeName: e.tradeName,
    nafCode: e.nafCode,
    nafVersion: e.nafVersion,
    headcountBand: e.headcountBand,
    street: e.street,
    postalCode: e.postalCode,
    inseeCode: e.inseeCode,
    city: e.city,
    epciCode: e.epciCode,
    epciName: e.epciName,
    qpv: e.qpv,
    frr: e.frr,
    status: e.status,
    referentId: e.referentId,
    source: e.source,
    tags: e.tags,
    notes: e.notes,
  };
}

export type EmployerFilter = Omit<EmployerListQuery, 'limit' | 'cursor'>;

@Injectable()
export class EmployersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  respond(e: EmployerRow): EmployerResponse {
    return toEmployerResponse(e, isDormant(e, this.clock.now(), this.config.dormantAfterDays));
  }

  /** Validates an input against current fields; a bad value is a 400 naming the API field. */
  check(current: EmployerFields, input: EmployerInput): EmployerFields {
    const result = applyEmployerInput(current, input);
    if (!result.ok)
      throw new DomainError(
        'VALIDATION_FAILED',
        'The request is not valid',
        {},
        apiFieldErrors(result.errors),
      );
    return result.fields;
  }

  async assertReferent(m: EntityManager, referentId: string | null | undefined): Promise<void> {
    if (!referentId) return;
    const exists = await m.getRepository(User).existsBy({ id: referentId, active: true });
    if (!exists) throw DomainError.invalid('referentId', 'is not an active staff member');
  }

  async create(dto: CreateEmployerDto, actor: AuthUser): Promise<EmployerResponse> {
    const input = await this.fillFromRegister(toEmployerInput(dto));
    if (input.legalName === undefined) throw DomainError.invalid('legalName', 'is required');
    const fields = this.check({ ...EMPTY_EMPLOYER }, input);
    try {
      return await this.ds.transaction(async (m) => {
        await this.assertReferent(m, fields.referentId);
        if (fields.siret) await this.assertSiretFree(m, fields.siret, null);
        const saved = await m
          .getRepository(Employer)
          .save(m.getRepository(Employer).create(fields));
        const response = this.respond(saved);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'create',
          entity: 'employer',
          entityId: saved.id,
          after: auditable(response),
        });
        const warnings = await this.duplicateWarnings(m, saved);
        return warnings.length ? { ...response, warnings } : response;
      });
    } catch (err) {
      // Two concurrent creations of one SIRET: the loser hits the unique index.
      if (fields.siret && isUniqueViolation(err, 'employers_siret_key'))
        await this.assertSiretFree(this.ds.manager, fields.siret, null);
      throw err;
    }
  }

  /**
   * An employer created by SIRET takes what the prospect register (SIRENE) knows for the fields
   * the request leaves out. The register is read, never written, here.
   */
  private async fillFromRegister(input: EmployerInput): Promise<EmployerInput> {
    const siret = input.siret ? normalizeSiret(input.siret) : '';
    if (!/^\d{14}$/.test(siret)) return input;
    const [p] = (await this.ds.query(
      `SELECT name, trade_name, naf_code, naf_version, headcount_band, street, postal_code, insee_code
       FROM prospects WHERE siret = $1`,
      [siret],
    )) as Record<string, string | null>[];
    if (!p) return input;
    const filled: EmployerInput = { ...input };
    filled.legalName ??= p.name ?? p.trade_name ?? undefined;
    filled.tradeName ??= p.trade_name;
    filled.headcountBand ??= p.headcount_band;
    if (filled.nafCode === undefined && p.naf_code) {
      filled.nafCode = p.naf_code;
      filled.nafVersion = p.naf_version as EmployerInput['nafVersion'];
    }
    if (
      filled.street === undefined &&
      filled.postalCode === undefined &&
      filled.inseeCode === undefined
    ) {
      filled.street = p.street;
      filled.postalCode = p.postal_code;
      filled.inseeCode = p.insee_code;
    }
    return filled;
  }

  /** Flags employers whose establishment SIRENE reports closed (a SIRENE import, in its transaction). */
  async recordClosures(m: EntityManager, ids: string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await m.query(
      'UPDATE employers SET closed_at = $2 WHERE id = ANY($1::uuid[]) AND closed_at IS NULL',
      [ids, at],
    );
  }

  async assertSiretFree(m: EntityManager, siret: string, selfId: string | null): Promise<void> {
    const rows: { id: string }[] = await m.query('SELECT id FROM employers WHERE siret = $1', [
      siret,
    ]);
    const other = rows.find((r) => r.id !== selfId);
    if (other)
      throw new DomainError(
        'EMPLOYER_SIRET_TAKEN',
        'An employer with this SIRET already exists',
        { existingId: other.id },
        [{ field: 'siret', message: 'is already used by another employer' }],
      );
  }

  /** Same normalised legal name and postal code: probably the same establishment. */
  async duplicateWarnings(
    m: EntityManager,
    e: Pick<Employer, 'id' | 'legalName' | 'postalCode'>,
  ): Promise<WarningResponse[]> {
    if (!e.postalCode) return [];
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM employers
        WHERE postal_code = $1 AND f_normalize(legal_name) = f_normalize($2) AND id <> $3
          AND merged_into_id IS NULL
        ORDER BY created_at LIMIT 10`,
      [e.postalCode, e.legalName, e.id],
    );
    if (!rows.length) return [];
    return [
      {
        code: 'LIKELY_DUPLICATE',
        message: 'Another employer has the same name and postal code: merge them if they are one',
        employerIds: rows.map((r) => r.id),
      },
    ];
  }

  /**
   * The names pages show for employers (trade name, else legal name), in one read: a page of
   * rows naming their employers must not read each employer in full (issue 15).
   */
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows: { id: string; name: string }[] = await this.ds.query(
      `SELECT id, coalesce(nullif(trade_name, ''), legal_name) AS name
         FROM employers WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async get(id: string): Promise<EmployerResponse> {
    const rows = asEmployerRows(
      await this.ds.query(`SELECT ${EMPLOYER_SELECT} FROM employers e WHERE e.id = $1`, [id]),
    );
    if (!rows[0]) throw DomainError.notFound('Employer');
    return this.respond(rows[0]);
  }

  async update(id: string, dto: UpdateEmployerDto, actor: AuthUser): Promise<EmployerResponse> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Employer);
      const e = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw DomainError.notFound('Employer');
      if (dto.version !== e.version)
        throw new DomainError(
          'STALE_VERSION',
          'The employer was changed by someone else; reload it',
          {
            currentVersion: e.version,
          },
        );
      assertNotMerged(e);
      if (e.status === 'archived' && dto.status && !hasRole(actor, 'manager'))
        throw new DomainError('FORBIDDEN', 'Only a manager can bring an archived employer back');
      const fields = this.check(fieldsOf(e), toEmployerInput(dto));
      if (dto.referentId !== undefined) await this.assertReferent(m, fields.referentId);
      if (fields.siret && fields.siret !== e.siret) await this.assertSiretFree(m, fields.siret, id);
      const before = auditable(this.respond(e));
      Object.assign(e, fields);
      // Nothing changed: no write, no version bump, no empty audit entry.
      if (JSON.stringify(auditable(this.respond(e))) === JSON.stringify(before))
        return this.respond(e);
      const saved = await repo.save(e);
      const response = this.respond(saved);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'employer',
        entityId: id,
        before,
        after: auditable(response),
      });
      return response;
    });
  }

  async archive(id: string, actor: AuthUser): Promise<EmployerResponse> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Employer);
      const e = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) throw DomainError.notFound('Employer');
      if (e.status === 'archived') return this.respond(e);
      const before = auditable(this.respond(e));
      e.status = 'archived';
      const saved = await repo.save(e);
      const response = this.respond(saved);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'archive',
        entity: 'employer',
        entityId: id,
        before,
        after: auditable(response),
      });
      return response;
    });
  }

  /**
   * Locks an employer for a write to something attached to it (contact, interaction), so that
   * concurrent writes recompute `lastInteractionAt` one after the other.
   */
  async lockForChildWrite(m: EntityManager, id: string): Promise<void> {
    assertChildWritable(
      await m.query('SELECT merged_into_id FROM employers WHERE id = $1 FOR UPDATE', [id]),
    );
  }

  /**
   * For a child written often (an interaction) in a single statement (ADR 1602): the CTE body
   * reading its employer's `id` and `merged_into_id` with a KEY SHARE lock, the lock the child's
   * foreign key takes anyway. Writers of one employer do not queue behind each other (KEY SHARE
   * conflicts with neither KEY SHARE nor the last-contact update), while a merge, which locks both
   * employers FOR UPDATE, either waits for this statement's transaction and then moves the child,
   * or is waited for, and its `merged_into_id` read from the row it committed (READ COMMITTED
   * returns the newest version of a row it waited to lock). `childWritable` interprets the row.
   */
  childWriteTargetSql(idParam: string): string {
    return `SELECT id, merged_into_id FROM employers WHERE id = ${idParam} FOR KEY SHARE`;
  }

  /** The row of `childWriteTargetSql` (none: no such employer): 404, 409 if merged. */
  childWritable(row: { merged_into_id: string | null } | undefined): void {
    assertChildWritable(row ? [row] : []);
  }

  /**
   * `noteContact` as the body of a data-modifying CTE, for the rows of `source` (one per
   * employer, with `employer_id` and `occurred_at`): only a contact that moves the date locks and
   * updates the employer's row. Its parameter is appended to `params`.
   */
  noteContactSql(source: string, params: unknown[]): string {
    params.push(contactHorizon(this.clock.now()));
    return `UPDATE employers e SET last_interaction_at = s.occurred_at FROM ${source} s
             WHERE e.id = s.employer_id AND s.occurred_at <= $${params.length}::timestamptz
               AND (e.last_interaction_at IS NULL OR e.last_interaction_at < s.occurred_at)`;
  }

  /**
   * The two employers of a merge, locked in id order (two crossed merges cannot deadlock), with the
   * checks that make the merge possible.
   */
  async lockForMerge(
    m: EntityManager,
    sourceId: string,
    intoId: string,
  ): Promise<{ source: Employer; target: Employer }> {
    const locked = await m
      .getRepository(Employer)
      .createQueryBuilder('e')
      .where('e.id IN (:...ids)', { ids: [sourceId, intoId] })
      .orderBy('e.id')
      .setLock('pessimistic_write')
      .getMany();
    const source = locked.find((e) => e.id === sourceId);
    const target = locked.find((e) => e.id === intoId);
    if (!source) throw DomainError.notFound('Employer');
    if (!target) throw DomainError.invalid('intoId', 'is not an existing employer');
    if (source.mergedIntoId)
      throw new DomainError('EMPLOYER_MERGED', 'This employer was already merged', {
        mergedIntoId: source.mergedIntoId,
      });
    if (target.mergedIntoId || target.status === 'archived')
      throw new DomainError('MERGE_TARGET_ARCHIVED', 'Cannot merge into an archived employer');
    return { source, target };
  }

  /**
   * The employer rows of a merge, once every module moved its rows: the target keeps its values
   * and fills its gaps from the source; the source is archived, pointing at the target, and so
   * are the records merged into it earlier. Returns how many of those were re-pointed.
   */
  async absorb(m: EntityManager, source: Employer, target: Employer): Promise<number> {
    const repo = m.getRepository(Employer);
    if (!target.siret && source.siret) {
      // The SIRET is unique: free it on the source first.
      await m.query('UPDATE employers SET siret = NULL, siren = NULL WHERE id = $1', [source.id]);
      target.siret = source.siret;
      target.siren = source.siren;
      source.siret = null;
      source.siren = null;
    }
    target.tradeName ??= source.tradeName;
    if (!target.nafCode && source.nafCode) {
      target.nafCode = source.nafCode;
      target.nafVersion = source.nafVersion;
    }
    target.headcountBand ??= source.headcountBand;
    if (!target.inseeCode && source.inseeCode) {
      target.street = source.street;
      target.postalCode = source.postalCode;
      target.inseeCode = source.inseeCode;
      target.city = source.city;
      target.epciCode = source.epciCode;
      target.epciName = source.epciName;
    }
    target.referentId ??= source.referentId;
    target.qpv ||= source.qpv;
    target.frr ||= source.frr;
    if (source.status === 'partner') target.status = 'partner';
    target.tags = mergeTags(target.tags, source.tags);
    if (source.notes)
      target.notes = target.notes ? `${target.notes}\n\n${source.notes}` : source.notes;
    await repo.save(target);
    await this.recomputeLastInteraction(m, target.id);

    source.status = 'archived';
    source.mergedIntoId = target.id;
    await repo.save(source);
    await this.recomputeLastInteraction(m, source.id);

    // Records merged into the source earlier now point at the final target.
    const repointed: { id: string }[] = await m.query(
      `WITH moved AS (UPDATE employers SET merged_into_id = $2 WHERE merged_into_id = $1 RETURNING id)
       SELECT id FROM moved`,
      [source.id, target.id],
    );
    return repointed.length;
  }

  /** Locks employers (in id order, as every multi-employer writer must) and says which were merged. */
  async lockMany(
    m: EntityManager,
    ids: string[],
  ): Promise<{ id: string; mergedIntoId: string | null }[]> {
    const rows: { id: string; merged_into_id: string | null }[] = await m.query(
      'SELECT id, merged_into_id FROM employers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [ids],
    );
    return rows.map((r) => ({ id: r.id, mergedIntoId: r.merged_into_id }));
  }

  /**
   * A new contact at `at`: the last contact moves to it when it is later and has happened
   * (employer-activity.ts). A planned one is picked up by `catchUpLastContacts` on its day.
   */
  async noteContact(m: EntityManager, employerId: string, at: Date): Promise<void> {
    const params: unknown[] = [employerId, at];
    await m.query(
      this.noteContactSql(
        `(SELECT $1::uuid AS employer_id, $2::timestamptz AS occurred_at)`,
        params,
      ),
      params,
    );
  }

  /**
   * Re-derives the last contact of employers from their interactions (employer-activity.ts).
   * Derived, so it does not bump the employer's version (no 409 for someone editing it).
   */
  async recomputeLastInteraction(m: EntityManager, ids: string | string[]): Promise<void> {
    const list = [...new Set(Array.isArray(ids) ? ids : [ids])];
    if (!list.length) return;
    await m.query(RECOMPUTE_LAST_CONTACT_SQL, [list, contactHorizon(this.clock.now())]);
  }

  /**
   * Moves the last contact of employers to interactions that were planned and have now happened
   * (an event's day came). Looks back a week so that a few missed sweeps lose nothing.
   */
  async catchUpLastContacts(): Promise<number> {
    const horizon = contactHorizon(this.clock.now());
    const rows: { id: string }[] = await this.ds.query(
      `WITH due AS (
         SELECT employer_id, max(occurred_at) AS at FROM interactions
          WHERE occurred_at <= $1 AND occurred_at > $1::timestamptz - interval '7 days'
          GROUP BY employer_id),
       moved AS (
         UPDATE employers e SET last_interaction_at = due.at FROM due
          WHERE e.id = due.employer_id
            AND (e.last_interaction_at IS NULL OR e.last_interaction_at < due.at)
         RETURNING e.id)
       SELECT id FROM moved`,
      [horizon],
    );
    return rows.length;
  }

  /** The dormant employers a referent looks after, longest without contact first. */
  async dormantOfReferent(
    referentId: string,
    limit: number,
  ): Promise<{
    rows: { id: string; name: string; lastInteractionAt: Date | null }[];
    total: number;
  }> {
    const cutoff = dormantCutoff(this.clock.now(), this.config.dormantAfterDays);
    const rows: { id: string; name: string; last_interaction_at: Date | null; total: string }[] =
      await this.ds.query(
        `SELECT e.id, coalesce(e.trade_name, e.legal_name) AS name, e.last_interaction_at,
                count(*) OVER () AS total
           FROM employers e
          WHERE e.referent_id = $1 AND ${dormantSql('e', '$2')}
          ORDER BY coalesce(e.last_interaction_at, e.created_at), e.id
          LIMIT $3`,
        [referentId, cutoff, limit],
      );
    return {
      rows: rows.map((r) => ({ id: r.id, name: r.name, lastInteractionAt: r.last_interaction_at })),
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }

  async list(q: EmployerListQuery): Promise<Page<EmployerResponse>> {
    const { rows, keyOf } = await this.listRows(q, q.cursor, q.limit + 1);
    return toPage(rows, q.limit, keyOf, (r) => this.respond(r));
  }

  /**
   * The filtered, ordered rows behind the list and the CSV export, `limit` at most, read on a
   * replica when allowed: one statement, or for a name search one per tier, the typo tier only
   * when the names starting with the query leave room (ADR 1600).
   */
  async listRows(
    f: EmployerFilter,
    cursor: string | undefined,
    limit: number,
    query: (sql: string, params: unknown[]) => Promise<unknown[]> = (sql, params) =>
      this.reads.query(sql, params),
  ): Promise<{
    rows: (EmployerRow & SearchSortKey)[];
    keyOf: (r: SearchSortKey) => (string | number | null)[];
  }> {
    const search = parseSearch(f.q);
    const read = async (build: (w: SqlWhere) => string) => {
      const w = this.filters(f, search);
      const sql = build(w);
      return (await query(sql, w.params)) as (EmployerRow & SearchSortKey)[];
    };
    if (search.kind === 'name') {
      const tiers = nameSearch(search.text, cursor, limit);
      const rows = tiers.prefix ? await read(tiers.prefix) : [];
      if (rows.length < limit)
        rows.push(...(await read((w) => tiers.fuzzy(w, limit - rows.length))));
      return { rows, keyOf: searchCursorOf };
    }
    const after = decodeTypedCursor(cursor, ['text', 'uuid']);
    const sortKey = search.kind === 'siret' ? 'e.siret' : 'f_normalize(e.legal_name)';
    const rows = await read((w) => {
      if (search.kind === 'siret')
        w.and(`e.siret BETWEEN ${w.param(search.from)} AND ${w.param(search.to)}`);
      if (after) w.and(`(${sortKey}, e.id) > (${w.param(after[0])}, ${w.param(after[1])}::uuid)`);
      return `SELECT ${EMPLOYER_SELECT}, ${sortKey} AS "sortKey" FROM employers e ${w}
               ORDER BY ${sortKey} ASC, e.id ASC LIMIT ${w.param(limit)}`;
    });
    return { rows, keyOf: (r) => [r.sortKey, r.id] };
  }

  /** The list's filters, in a new WHERE clause (a name search needs one per statement). */
  private filters(f: EmployerFilter, search: ReturnType<typeof parseSearch>): SqlWhere {
    const w = new SqlWhere();
    if (f.status) w.and(`e.status = ${w.param(f.status)}`);
    else w.and(`e.status <> 'archived'`);
    if (f.nafCode) w.and(`e.naf_code = ${w.param(f.nafCode)}`);
    if (f.nafSection)
      w.and(`${nafSectionSql('e.naf_code', 'e.naf_version')} = ${w.param(f.nafSection)}`);
    if (f.inseeCode) w.and(`e.insee_code = ${w.param(f.inseeCode)}`);
    if (f.epci) w.and(`e.epci_code = ${w.param(f.epci)}`);
    if (f.referentId) w.and(`e.referent_id = ${w.param(f.referentId)}`);
    if (f.tag) w.and(`e.tags @> ARRAY[${w.param(f.tag)}]::text[]`);
    if (f.closed !== undefined) w.and(f.closed ? 'e.closed_at IS NOT NULL' : 'e.closed_at IS NULL');
    if (f.dormant !== undefined) {
      const cutoff = dormantCutoff(this.clock.now(), this.config.dormantAfterDays);
      const dormant = dormantSql('e', w.param(cutoff));
      w.and(f.dormant ? dormant : `NOT ${dormant}`);
    }
    // `%` or `_` typed: the name must hold them, compared without case or accents and with the
    // LIKE wildcards escaped (they are letters here, never patterns).
    if (search.kind === 'name' && search.literal)
      w.and(
        `public.f_unaccent(lower(e.legal_name || ' ' || coalesce(e.trade_name, ''))) LIKE '%' || public.f_unaccent(lower(${w.param(escapeLike(search.literal))}::text)) || '%' ESCAPE '\\'`,
      );
    return w;
  }
}

function assertChildWritable(rows: { merged_into_id: string | null }[]): void {
  if (!rows[0]) throw DomainError.notFound('Employer');
  if (rows[0].merged_into_id)
    throw new DomainError('EMPLOYER_MERGED', 'This employer was merged into another one', {
      mergedIntoId: rows[0].merged_into_id,
    });
}

export function assertNotMerged(e: Pick<Employer, 'mergedIntoId'>): void {
  if (e.mergedIntoId)
    throw new DomainError('EMPLOYER_MERGED', 'This employer was merged into another one', {
      mergedIntoId: e.mergedIntoId,
    });
}

/** The audit snapshot: the response without derived, time-dependent fields. */
export function auditable(r: EmployerResponse): object {
  const {
    dormant: _d,
    lastInteractionAt: _l,
    createdAt: _c,
    updatedAt: _u,
    warnings: _w,
    ...rest
  } = r;
  return rest;
}
