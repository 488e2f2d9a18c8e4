import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { Clock } from '../common/clock.js';
import { YoungPerson } from './young-person.entity.js';
import {
  toYoungPersonResponse,
  type CreateYoungPersonDto,
  type UpdateYoungPersonDto,
  type YoungPeopleQuery,
  type YoungPersonResponse,
} from './young-people.dto.js';
import { ReadReplicas } from '../database/read-replicas.js';

/** What an erased person's names become: readable in lists, identifying nobody. */
export const ERASED_NAME = 'Anonyme';

function isForeignKeyViolation(err: unknown): boolean {
  const e = (err as { driverError?: { code?: string } }).driverError ?? (err as { code?: string });
  return e?.code === '23503';
}

@Injectable()
export class YoungPeopleService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(q: YoungPeopleQuery): Promise<Page<YoungPersonResponse>> {
    const after = decodeCursor(q.cursor, 2);
    const qb = this.ds
      .getRepository(YoungPerson)
      .createQueryBuilder('y')
      .orderBy('y.createdAt', 'ASC')
      .addOrderBy('y.id', 'ASC')
      .limit(q.limit + 1);
    if (q.q) {
      // Erased people keep no name to match; the filter also guards against a name equal to
      // the placeholder.
      qb.andWhere('y.erased_at IS NULL').andWhere(
        `f_normalize(y.first_name || ' ' || y.last_name) LIKE '%' || f_normalize(:q) || '%'`,
        { q: q.q },
      );
    }
    if (q.referentId) qb.andWhere('y.referent_id = :r', { r: q.referentId });
    if (q.externalId) qb.andWhere('y.external_id = :e', { e: q.externalId });
    if (after) qb.andWhere('(y.created_at, y.id) > (:at, :id)', { at: after[0], id: after[1] });
    const rows = await this.reads.many(qb);
    return toPage(rows, q.limit, (y) => [y.createdAt.toISOString(), y.id], toYoungPersonResponse);
  }

  async get(id: string): Promise<YoungPersonResponse> {
    const y = await this.ds.getRepository(YoungPerson).findOneBy({ id });
    if (!y) throw DomainError.notFound('Young person');
    return toYoungPersonResponse(y);
  }

  /** For other modules: the person exists and is not erased (placements need a real person). */
  async assertPlaceable(m: EntityManager, id: string): Promise<void> {
    const y = await m.getRepository(YoungPerson).findOneBy({ id });
    if (!y) throw DomainError.invalid('youngPersonId', 'no young person has this id');
    if (y.erasedAt) throw DomainError.invalid('youngPersonId', 'this young person was erased');
  }

  async create(dto: CreateYoungPersonDto, actorId: string): Promise<YoungPersonResponse> {
    return this.write(async (m) => {
      const repo = m.getRepository(YoungPerson);
      const saved = await repo.save(
        repo.create({
          externalId: dto.externalId?.trim() ?? null,
          firstName: dto.firstName.trim(),
          lastName: dto.lastName.trim(),
          birthDate: dto.birthDate ?? null,
          email: dto.email?.trim() ?? null,
          phone: dto.phone?.trim() ?? null,
          referentId: dto.referentId ?? null,
          erasedAt: null,
        }),
      );
      const out = toYoungPersonResponse(saved);
      await this.audit.record(m, {
        actorId,
        action: 'create',
        entity: 'young_person',
        entityId: saved.id,
        after: out,
      });
      return out;
    });
  }

  async update(
    id: string,
    dto: UpdateYoungPersonDto,
    actorId: string,
  ): Promise<YoungPersonResponse> {
    return this.write(async (m) => {
      const repo = m.getRepository(YoungPerson);
      const y = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!y) throw DomainError.notFound('Young person');
      if (dto.version !== undefined && dto.version !== y.version)
        throw new DomainError('STALE_VERSION', 'The young person was changed by someone else', {
          currentVersion: y.version,
        });
      if (y.erasedAt) throw new DomainError('PERSON_ERASED', 'This young person was erased');
      const before = toYoungPersonResponse(y);
      if (dto.externalId !== undefined) y.externalId = dto.externalId?.trim() ?? null;
      if (dto.firstName !== undefined) y.firstName = dto.firstName.trim();
      if (dto.lastName !== undefined) y.lastName = dto.lastName.trim();
      if (dto.birthDate !== undefined) y.birthDate = dto.birthDate;
      if (dto.email !== undefined) y.email = dto.email?.trim() ?? null;
      if (dto.phone !== undefined) y.phone = dto.phone?.trim() ?? null;
      if (dto.referentId !== undefined) y.referentId = dto.referentId;
      const out = toYoungPersonResponse(await repo.save(y));
      await this.audit.record(m, {
        actorId,
        action: 'update',
        entity: 'young_person',
        entityId: id,
        before,
        after: out,
      });
      return out;
    });
  }

  /**
   * RGPD erase, in the caller's transaction: identity and contact data anonymised, the row kept.
   * Returns the names as they were, for ErasureService to redact them from the free-text notes
   * of placements and follow-ups (empty when the person was erased already). The audit entry names
   * the changed fields, never their values.
   */
  async erase(
    m: EntityManager,
    id: string,
    actorId: string | null,
  ): Promise<{ person: YoungPersonResponse; names: string[] }> {
    const repo = m.getRepository(YoungPerson);
    const y = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!y) throw DomainError.notFound('Young person');
    if (y.erasedAt) return { person: toYoungPersonResponse(y), names: [] };
    const before = toYoungPersonResponse(y);
    const names = [y.firstName, y.lastName, `${y.firstName} ${y.lastName}`]
      .map((n) => n.trim())
      .filter((n) => n.length >= 2)
      .sort((a, b) => b.length - a.length);
    Object.assign(y, {
      firstName: ERASED_NAME,
      lastName: ERASED_NAME,
      externalId: null,
      birthDate: null,
      email: null,
      phone: null,
      erasedAt: this.clock.now(),
    });
    const out = toYoungPersonResponse(await repo.save(y));
    await this.audit.record(m, {
      actorId,
      action: 'erase',
      entity: 'young_person',
      entityId: id,
      before,
      after: out,
    });
    return { person: out, names };
  }

  private async write<T>(run: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(run);
    } catch (err) {
      if (isUniqueViolation(err, 'young_people_external_id_key'))
        throw new DomainError(
          'EXTERNAL_ID_TAKEN',
          'A young person with this external id already exists',
        );
      if (isForeignKeyViolation(err))
        throw DomainError.invalid('referentId', 'no user has this id');
      throw err;
    }
  }
}
