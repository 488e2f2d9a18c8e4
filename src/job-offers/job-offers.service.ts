import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { affectedRows } from '../common/db-errors.js';
import { DomainError, type FieldError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { isUuid } from '../common/uuid.pipe.js';
import type { ContractType } from '../common/vocabulary.js';
import { Employer } from '../employers/employer.entity.js';
import { checkCommune } from '../reference/communes.js';
import { User } from '../users/user.entity.js';
import type {
  CreateJobOfferDto,
  JobOfferQuery,
  JobOfferResponse,
  LocationInput,
  TransitionDto,
  UpdateJobOfferDto,
} from './dto/job-offer.dto.js';
import { JobOffer } from './job-offer.entity.js';
import { isInstant } from '../common/instant.js';
import { checkWorkingTime, defaultExpiry, workingTimeOf } from './job-offer-rules.js';
import { checkTransition } from './job-offer-transitions.js';
import {
  PUBLIC_COLUMNS,
  PUBLIC_VISIBLE,
  toPublicJobOffer,
  type PublicJobOffer,
  type PublicOfferRow,
} from './public-job-offer.js';
import { ReadReplicas } from '../database/read-replicas.js';

export interface PublicOfferFilter {
  contractType?: ContractType;
  inseeCode?: string;
  romeLetter?: string;
  limit: number;
  cursor?: string;
}

export function toJobOfferResponse(o: JobOffer): JobOfferResponse {
  return {
    id: o.id,
    employerId: o.employerId,
    title: o.title,
    romeCode: o.romeCode,
    description: o.description,
    contractType: o.contractType,
    workingTime: o.workingTime,
    weeklyHours: o.weeklyHours === null ? null : Number(o.weeklyHours),
    positions: o.positions,
    startDate: o.startDate,
    expiresAt: o.expiresAt?.toISOString() ?? null,
    location: { inseeCode: o.inseeCode, postalCode: o.postalCode, city: o.city },
    epciCode: o.epciCode,
    status: o.status,
    publishedAt: o.publishedAt?.toISOString() ?? null,
    adviserId: o.adviserId,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

// The audit trail keeps the fields people edit, not the bookkeeping ones.
function auditView(o: JobOffer): Record<string, unknown> {
  const { version: _v, createdAt: _c, updatedAt: _u, ...rest } = toJobOfferResponse(o);
  return rest;
}

/** Resolves a commune input to stored columns, or the field errors saying why not. */
function resolveLocation(
  loc: LocationInput,
):
  | { ok: true; value: Pick<JobOffer, 'inseeCode' | 'postalCode' | 'city' | 'epciCode'> }
  | { ok: false; errors: FieldError[] } {
  const check = checkCommune(loc.inseeCode, loc.postalCode);
  if (!check.ok)
    return { ok: false, errors: [{ field: `location.${check.field}`, message: check.message }] };
  const c = check.commune;
  const postalCode = loc.postalCode ?? (c.postalCodes.length === 1 ? c.postalCodes[0] : undefined);
  if (!postalCode) {
    return {
      ok: false,
      errors: [
        {
          field: 'location.postalCode',
          message: `is required: ${c.name} has several postal codes (${c.postalCodes.join(', ')})`,
        },
      ],
    };
  }
  return {
    ok: true,
    value: { inseeCode: c.inseeCode, postalCode, city: c.name, epciCode: c.epci?.code ?? null },
  };
}

/** A keyset cursor of (timestamp, id), checked so a forged one is a 400, not a database error. */
function decodeTimeIdCursor(cursor: string | undefined): [string, string] | null {
  const v = decodeCursor(cursor, 2);
  if (v === null) return null;
  const [at, id] = v;
  if (typeof at !== 'string' || !isInstant(at) || !isUuid(id))
    throw DomainError.invalid('cursor', 'cursor is not valid');
  return [at, id];
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The request is not valid', {}, errors);
}

@Injectable()
export class JobOffersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(q: JobOfferQuery): Promise<Page<JobOfferResponse>> {
    const after = decodeTimeIdCursor(q.cursor);
    const qb = this.ds
      .getRepository(JobOffer)
      .createQueryBuilder('o')
      .orderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(q.limit + 1);
    if (q.status) qb.andWhere('o.status = :status', { status: q.status });
    if (q.employerId) qb.andWhere('o.employer_id = :employerId', { employerId: q.employerId });
    if (q.contractType)
      qb.andWhere('o.contract_type = :contractType', { contractType: q.contractType });
    if (q.romeCode) qb.andWhere('o.rome_code = :romeCode', { romeCode: q.romeCode });
    if (q.inseeCode) qb.andWhere('o.insee_code = :inseeCode', { inseeCode: q.inseeCode });
    if (q.epci) qb.andWhere('o.epci_code = :epci', { epci: q.epci });
    if (after) qb.andWhere('(o.created_at, o.id) < (:at, :id)', { at: after[0], id: after[1] });
    const rows = await this.reads.many(qb);
    return toPage(rows, q.limit, (o) => [o.createdAt.toISOString(), o.id], toJobOfferResponse);
  }

  async get(id: string): Promise<JobOfferResponse> {
    const offer = await this.ds.getRepository(JobOffer).findOneBy({ id });
    if (!offer) throw DomainError.notFound('Job offer');
    return toJobOfferResponse(offer);
  }

  async create(dto: CreateJobOfferDto, actor: AuthUser): Promise<JobOfferResponse> {
    const errors: FieldError[] = [];
    const weeklyHours = dto.weeklyHours ?? null;
    // Absent, the working time follows the hours (24 h a week is part time).
    const workingTime =
      dto.workingTime ?? (weeklyHours === null ? 'full_time' : workingTimeOf(weeklyHours));
    errors.push(...checkWorkingTime(workingTime, weeklyHours));
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt <= this.clock.now())
      errors.push({ field: 'expiresAt', message: 'must be in the future' });
    const location = resolveLocation(dto.location);
    if (!location.ok) errors.push(...location.errors);
    return this.ds.transaction(async (m) => {
      const employer = await m
        .getRepository(Employer)
        .findOne({ select: { id: true, status: true }, where: { id: dto.employerId } });
      if (!employer) errors.push({ field: 'employerId', message: 'no such employer' });
      const adviserId = dto.adviserId ?? actor.id;
      if (dto.adviserId && !(await this.isActiveUser(m, dto.adviserId)))
        errors.push({ field: 'adviserId', message: 'no such active staff member' });
      if (errors.length || !location.ok) throw invalid(errors);
      const repo = m.getRepository(JobOffer);
      const offer = await repo.save(
        repo.create({
          employerId: dto.employerId,
          title: dto.title.trim(),
          romeCode: dto.romeCode,
          description: dto.description.trim(),
          contractType: dto.contractType,
          workingTime,
          weeklyHours,
          positions: dto.positions ?? 1,
          startDate: dto.startDate ?? null,
          expiresAt,
          ...location.value,
          status: 'draft',
          publishedAt: null,
          adviserId,
        }),
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'create',
        entity: 'job_offer',
        entityId: offer.id,
        after: auditView(offer),
      });
      return toJobOfferResponse(offer);
    });
  }

  async update(id: string, dto: UpdateJobOfferDto, actor: AuthUser): Promise<JobOfferResponse> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(JobOffer);
      const offer = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!offer) throw DomainError.notFound('Job offer');
      if (dto.version !== offer.version) {
        throw new DomainError(
          'STALE_VERSION',
          'The job offer was changed by someone else; reload it',
          { currentVersion: offer.version },
        );
      }
      const before = auditView(offer);
      const errors: FieldError[] = [];
      if (dto.title !== undefined) offer.title = dto.title.trim();
      if (dto.romeCode !== undefined) offer.romeCode = dto.romeCode;
      if (dto.description !== undefined) offer.description = dto.description.trim();
      if (dto.contractType !== undefined) offer.contractType = dto.contractType;
      if (dto.workingTime !== undefined) offer.workingTime = dto.workingTime;
      if (dto.weeklyHours !== undefined) offer.weeklyHours = dto.weeklyHours;
      if (dto.workingTime === undefined && dto.weeklyHours != null)
        offer.workingTime = workingTimeOf(dto.weeklyHours);
      if (dto.positions !== undefined) offer.positions = dto.positions;
      if (dto.startDate !== undefined) offer.startDate = dto.startDate;
      if (dto.expiresAt !== undefined) {
        const expiresAt = dto.expiresAt === null ? null : new Date(dto.expiresAt);
        if (expiresAt && expiresAt <= this.clock.now())
          errors.push({ field: 'expiresAt', message: 'must be in the future' });
        if (!expiresAt && offer.status === 'published')
          errors.push({ field: 'expiresAt', message: 'a published offer needs an expiry' });
        offer.expiresAt = expiresAt;
      }
      if (dto.location !== undefined) {
        const location = resolveLocation(dto.location);
        if (location.ok) Object.assign(offer, location.value);
        else errors.push(...location.errors);
      }
      if (dto.adviserId !== undefined) {
        if (await this.isActiveUser(m, dto.adviserId)) offer.adviserId = dto.adviserId;
        else errors.push({ field: 'adviserId', message: 'no such active staff member' });
      }
      errors.push(
        ...checkWorkingTime(
          offer.workingTime,
          offer.weeklyHours === null ? null : Number(offer.weeklyHours),
        ),
      );
      if (errors.length) throw invalid(errors);
      const saved = await repo.save(offer);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'job_offer',
        entityId: id,
        before,
        after: auditView(saved),
      });
      return toJobOfferResponse(saved);
    });
  }

  async transition(id: string, dto: TransitionDto, actor: AuthUser): Promise<JobOfferResponse> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(JobOffer);
      const offer = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!offer) throw DomainError.notFound('Job offer');
      if (dto.version !== undefined && dto.version !== offer.version) {
        throw new DomainError(
          'STALE_VERSION',
          'The job offer was changed by someone else; reload it',
          { currentVersion: offer.version },
        );
      }
      // Read with a share lock so an archive running now cannot slip between check and publish.
      const employer = await m.getRepository(Employer).findOne({
        select: { id: true, status: true },
        where: { id: offer.employerId },
        lock: { mode: 'pessimistic_read' },
      });
      const now = this.clock.now();
      const check = checkTransition(offer.status, dto.to, {
        employerStatus: employer?.status ?? 'archived',
        expiresAt: offer.expiresAt,
        now,
      });
      if (!check.ok) {
        throw new DomainError('TRANSITION_NOT_ALLOWED', check.message, {
          reason: check.reason,
          from: offer.status,
          to: dto.to,
        });
      }
      const before = auditView(offer);
      offer.status = dto.to;
      if (dto.to === 'published') {
        offer.publishedAt = now;
        offer.expiresAt ??= defaultExpiry(now);
      }
      const saved = await repo.save(offer);
      await this.audit.record(m, {
        actorId: actor.id,
        action: `transition:${dto.to}`,
        entity: 'job_offer',
        entityId: id,
        before,
        after: auditView(saved),
      });
      return toJobOfferResponse(saved);
    });
  }

  /** Employer merge: the offers of `from` move to `to`, in the caller's transaction. */
  async reassignEmployer(m: EntityManager, from: string, to: string): Promise<number> {
    return affectedRows(
      await m.query('UPDATE job_offers SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );
  }

  /**
   * Moves published offers past their expiry to `expired`, with their audit entries, in one
   * transaction. Idempotent: a second run finds nothing left to expire. Returns how many moved.
   */
  async expireOverdue(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE.
        `WITH expired AS (
           UPDATE job_offers
              SET status = 'expired', version = version + 1, updated_at = now()
            WHERE status = 'published' AND expires_at <= $1
        RETURNING id)
         SELECT id FROM expired`,
        [this.clock.now()],
      );
      await this.audit.recordMany(
        m,
        rows.map((r) => ({
          actorId: null,
          action: 'transition:expired',
          entity: 'job_offer',
          entityId: r.id,
          before: { status: 'published' },
          after: { status: 'expired' },
        })),
      );
      return rows.length;
    });
  }

  /** Published and not yet past expiry: what the public sees, newest first. */
  async listPublished(f: PublicOfferFilter): Promise<Page<PublicJobOffer>> {
    const after = decodeTimeIdCursor(f.cursor);
    const params: unknown[] = [this.clock.now()];
    const where = [PUBLIC_VISIBLE];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.contractType) add((p) => `o.contract_type = ${p}`, f.contractType);
    if (f.inseeCode) add((p) => `o.insee_code = ${p}`, f.inseeCode);
    if (f.romeLetter) add((p) => `left(o.rome_code, 1) = ${p}`, f.romeLetter);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(o.published_at, o.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(f.limit + 1);
    const rows: PublicOfferRow[] = await this.reads.query(
      `SELECT ${PUBLIC_COLUMNS}
         FROM job_offers o JOIN employers e ON e.id = o.employer_id
        WHERE ${where.join(' AND ')}
        ORDER BY o.published_at DESC, o.id DESC
        LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, f.limit, (r) => [r.published_at.toISOString(), r.id], toPublicJobOffer);
  }

  /** One offer as the public sees it, or null when it is not (or no longer) published. */
  async findPublished(id: string): Promise<PublicJobOffer | null> {
    const rows: PublicOfferRow[] = await this.reads.query(
      `SELECT ${PUBLIC_COLUMNS}
         FROM job_offers o JOIN employers e ON e.id = o.employer_id
        WHERE ${PUBLIC_VISIBLE} AND o.id = $2`,
      [this.clock.now(), id],
    );
    return rows[0] ? toPublicJobOffer(rows[0]) : null;
  }

  private async isActiveUser(m: EntityManager, id: string): Promise<boolean> {
    return m.getRepository(User).existsBy({ id, active: true });
  }
}
