import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { diff } from './audit-diff.js';
import { AuditLogEntry, type FieldChange } from './audit-log.entity.js';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: object;
  after?: object;
  /** Secret fields that changed (a password): recorded by name only. */
  changedSecrets?: string[];
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface AuditEntryResponse {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  changes: FieldChange[];
}

/** An entry as the row `audit_log` stores (`id` and `at` take the table's defaults). */
function rowOf(r: AuditRecord) {
  return {
    actor_id: r.actorId,
    action: r.action,
    entity: r.entity,
    entity_id: r.entityId,
    changes: [
      ...diff(
        r.before as Record<string, unknown> | undefined,
        r.after as Record<string, unknown> | undefined,
      ),
      ...(r.changedSecrets ?? []).map((field) => ({ field })),
    ],
  };
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Writes in the caller's transaction, so the audit entry and the change commit together. */
  async record(m: EntityManager, r: AuditRecord): Promise<void> {
    await this.recordMany(m, [r]);
  }

  /**
   * Several entries in one statement (bulk writes such as a CSV import). The rows go as one JSON
   * parameter (`jsonb_to_recordset`): a repository insert of 500 entries built tens of kilobytes
   * of short-lived objects per entry, which a 200,000-row import's worker paid for in heap
   * (docs/performance.md). `id` and `at` take the table's defaults, as they did.
   */
  async recordMany(m: EntityManager, records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    await m.query(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, changes)
       SELECT actor_id, action, entity, entity_id, changes
       FROM jsonb_to_recordset($1::jsonb)
         AS r(actor_id uuid, action text, entity text, entity_id uuid, changes jsonb)`,
      [JSON.stringify(records.map(rowOf))],
    );
  }

  /**
   * `r` as the body of a data-modifying CTE, for a writer that makes its change and the audit
   * entry in one statement (an interaction, ADR 1602): the entry is written once for each row of
   * `source`, the CTE of the change (no row written, no entry). The same row as `record` writes;
   * its parameter is appended to `params`.
   */
  entrySql(source: string, r: AuditRecord, params: unknown[]): string {
    params.push(JSON.stringify(rowOf(r)));
    return `INSERT INTO audit_log (actor_id, action, entity, entity_id, changes)
       SELECT r.actor_id, r.action, r.entity, r.entity_id, r.changes
       FROM ${source}, jsonb_to_record($${params.length}::jsonb)
         AS r(actor_id uuid, action text, entity text, entity_id uuid, changes jsonb)`;
  }

  async list(f: AuditFilter): Promise<Page<AuditEntryResponse>> {
    const after = decodeCursor(f.cursor, 2);
    const qb = this.ds
      .getRepository(AuditLogEntry)
      .createQueryBuilder('a')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(f.limit + 1);
    if (f.entity) qb.andWhere('a.entity = :entity', { entity: f.entity });
    if (f.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: f.entityId });
    if (f.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    if (f.from) qb.andWhere('a.at >= :from', { from: f.from });
    if (f.to) qb.andWhere('a.at < :to', { to: f.to });
    if (after) qb.andWhere('(a.at, a.id) < (:at, :id)', { at: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(
      rows,
      f.limit,
      (r) => [r.at.toISOString(), r.id],
      (r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actorId,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        changes: r.changes,
      }),
    );
  }
}
