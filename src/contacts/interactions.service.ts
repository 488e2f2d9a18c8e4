import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { affectedRows } from '../common/db-errors.js';
import { DomainError, type FieldError } from '../common/domain-error.js';
import { toPage, type Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EmployersService } from '../employers/employers.service.js';
import { decodeTypedCursor } from '../common/typed-cursor.js';
import { ContactPerson } from './contact-person.entity.js';
import { Interaction } from './interaction.entity.js';
import { canEditInteraction, checkInteractionTiming, uniqueNeeds } from './interaction-rules.js';
import {
  toInteractionResponse,
  type CreateInteractionDto,
  type InteractionListQuery,
  type InteractionResponse,
  type UpdateInteractionDto,
} from './interactions.dto.js';
import { queryPrepared } from '../database/prepared.js';
import { ReadReplicas } from '../database/read-replicas.js';

/** The row of the create statement: what was found, and the inserted row's database values. */
interface CreatedRow {
  found: boolean;
  merged_into_id: string | null;
  contact_of_employer: boolean;
  contact_erased: boolean;
  inserted_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const blank = (v: string | null | undefined): string | null =>
  v === undefined || v === null ? null : v.trim() || null;

/** A date filter bound: a calendar date means its midnight in the service's time zone. */
function bound(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00 ${timeZone}`;
  return value;
}

@Injectable()
export class InteractionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly employers: EmployersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: InteractionListQuery): Promise<Page<InteractionResponse>> {
    const after = decodeTypedCursor(q.cursor, ['instant', 'uuid']);
    const qb = this.ds
      .getRepository(Interaction)
      .createQueryBuilder('i')
      .orderBy('i.occurredAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(q.limit + 1);
    if (q.employerId) qb.andWhere('i.employer_id = :employerId', { employerId: q.employerId });
    if (q.authorId) qb.andWhere('i.author_id = :authorId', { authorId: q.authorId });
    if (q.type) qb.andWhere('i.type = :type', { type: q.type });
    if (q.direction) qb.andWhere('i.direction = :direction', { direction: q.direction });
    if (q.from)
      qb.andWhere('i.occurred_at >= :from::timestamptz', {
        from: bound(q.from, this.config.timeZone),
      });
    if (q.to)
      qb.andWhere('i.occurred_at < :to::timestamptz', { to: bound(q.to, this.config.timeZone) });
    if (after)
      qb.andWhere('(i.occurred_at, i.id) < (:at::timestamptz, :id::uuid)', {
        at: after[0],
        id: after[1],
      });
    const rows = await this.reads.many(qb);
    return toPage(rows, q.limit, (i) => [i.occurredAt.toISOString(), i.id], toInteractionResponse);
  }

  /** One interaction (the web edit form reads it before the PATCH-like post). */
  async get(id: string): Promise<InteractionResponse> {
    const found = await this.ds.getRepository(Interaction).findOne({ where: { id } });
    if (!found) throw DomainError.notFound('Interaction');
    return toInteractionResponse(found);
  }

  /**
   * One statement, so one round trip and no transaction to open and commit (ADR 1602,
   * 2026-11-30): the employer read with the KEY SHARE lock its foreign key takes anyway, the
   * contact person, and, only if both allow it and the request is valid, the insert, its audit
   * entry and the employer's last contact. The answer's precedence is kept: unknown employer 404,
   * merged 409, then the field errors.
   */
  async create(
    employerId: string,
    dto: CreateInteractionDto,
    actor: AuthUser,
  ): Promise<InteractionResponse> {
    const draft = this.ds.getRepository(Interaction).create({
      id: randomUUID(),
      employerId,
      authorId: actor.id,
      type: dto.type,
      direction: dto.direction,
      occurredAt: new Date(dto.occurredAt),
      subject: dto.subject.trim(),
      summary: blank(dto.summary),
      needs: uniqueNeeds(dto.needs ?? []),
      contactPersonId: dto.contactPersonId?.toLowerCase() ?? null,
      nextActionAt: dto.nextActionAt ? new Date(dto.nextActionAt) : null,
      nextAction: blank(dto.nextAction),
      eventId: null,
      // The database's, returned by the insert; the audit entry ignores them.
      version: 1,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
    const errors = checkInteractionTiming(draft, this.clock.now());
    const params: unknown[] = [
      draft.id,
      employerId,
      draft.contactPersonId,
      draft.authorId,
      draft.type,
      draft.direction,
      draft.occurredAt,
      draft.subject,
      draft.summary,
      draft.needs,
      draft.nextActionAt,
      draft.nextAction,
      errors.length === 0,
    ];
    const audit = this.audit.entrySql(
      'inserted',
      {
        actorId: actor.id,
        action: 'create',
        entity: 'interaction',
        entityId: draft.id,
        after: toInteractionResponse(draft),
      },
      params,
    );
    const lastContact = this.employers.noteContactSql('inserted', params);
    const rows = await queryPrepared<CreatedRow>(
      this.ds,
      'interaction_create',
      `WITH employer AS (${this.employers.childWriteTargetSql('$2::uuid')}),
       contact AS (
         SELECT employer_id, erased_at FROM contact_persons WHERE id = $3::uuid),
       inserted AS (
         INSERT INTO interactions (id, employer_id, contact_person_id, author_id, type, direction,
                                   occurred_at, subject, summary, needs, next_action_at, next_action)
         SELECT $1::uuid, e.id, $3::uuid, $4::uuid, $5::interaction_type,
                $6::interaction_direction, $7::timestamptz, $8::text, $9::text, $10::text[],
                $11::timestamptz, $12::text
           FROM employer e
          WHERE e.merged_into_id IS NULL AND $13::boolean
            AND ($3::uuid IS NULL OR EXISTS (
                  SELECT FROM contact c WHERE c.employer_id = e.id AND c.erased_at IS NULL))
         RETURNING id, employer_id, occurred_at, created_at, updated_at, version),
       audited AS (${audit}),
       moved AS (${lastContact})
       SELECT e.id IS NOT NULL AS found, e.merged_into_id,
              coalesce(c.employer_id = e.id, false) AS contact_of_employer,
              c.erased_at IS NOT NULL AS contact_erased,
              i.id AS inserted_id, i.created_at, i.updated_at, i.version
         FROM (SELECT) one
         LEFT JOIN employer e ON true LEFT JOIN contact c ON true LEFT JOIN inserted i ON true`,
      params,
    );
    const row = rows[0]!;
    this.employers.childWritable(row.found ? row : undefined);
    if (draft.contactPersonId)
      errors.push(...contactErrors(row.contact_of_employer, row.contact_erased));
    throwIfInvalid(errors);
    if (row.inserted_id !== draft.id) throw new Error('The interaction was not inserted');
    draft.createdAt = row.created_at;
    draft.updatedAt = row.updated_at;
    draft.version = row.version;
    return toInteractionResponse(draft);
  }

  async update(
    id: string,
    dto: UpdateInteractionDto,
    actor: AuthUser,
  ): Promise<InteractionResponse> {
    return this.ds.transaction(async (m) => {
      const interaction = await this.lockForEdit(m, id, actor);
      if (dto.version !== undefined && dto.version !== interaction.version)
        throw new DomainError(
          'STALE_VERSION',
          'The interaction was changed by someone else; reload it',
          {
            currentVersion: interaction.version,
          },
        );
      const before = toInteractionResponse(interaction);
      if (dto.type !== undefined) interaction.type = dto.type;
      if (dto.direction !== undefined) interaction.direction = dto.direction;
      if (dto.occurredAt !== undefined) interaction.occurredAt = new Date(dto.occurredAt);
      if (dto.subject !== undefined) interaction.subject = dto.subject.trim();
      if (dto.summary !== undefined) interaction.summary = blank(dto.summary);
      if (dto.needs !== undefined) interaction.needs = uniqueNeeds(dto.needs);
      if (dto.contactPersonId !== undefined)
        interaction.contactPersonId = dto.contactPersonId?.toLowerCase() ?? null;
      if (dto.nextActionAt !== undefined)
        interaction.nextActionAt = dto.nextActionAt ? new Date(dto.nextActionAt) : null;
      if (dto.nextAction !== undefined) interaction.nextAction = blank(dto.nextAction);
      // Only what changed is checked: editing an old entry's summary must not trip "not in the future".
      await this.check(
        m,
        interaction,
        dto.occurredAt !== undefined,
        dto.contactPersonId !== undefined,
      );
      const saved = await m.getRepository(Interaction).save(interaction);
      await this.employers.recomputeLastInteraction(m, saved.employerId);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'interaction',
        entityId: id,
        before,
        after: toInteractionResponse(saved),
      });
      return toInteractionResponse(saved);
    });
  }

  async remove(id: string, actor: AuthUser): Promise<void> {
    await this.ds.transaction(async (m) => {
      const interaction = await this.lockForEdit(m, id, actor);
      await m.getRepository(Interaction).delete({ id });
      await this.employers.recomputeLastInteraction(m, interaction.employerId);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'delete',
        entity: 'interaction',
        entityId: id,
        before: toInteractionResponse(interaction),
      });
    });
  }

  /**
   * An employer taking part in an event: one `event` interaction dated at the event, in the
   * caller's transaction (the caller holds the employer's lock).
   */
  async recordEventContact(
    m: EntityManager,
    event: { id: string; startsAt: Date; title: string },
    employerId: string,
    actor: AuthUser,
  ): Promise<void> {
    const saved = await m.getRepository(Interaction).save(
      m.getRepository(Interaction).create({
        employerId,
        authorId: actor.id,
        type: 'event',
        direction: 'outbound',
        occurredAt: event.startsAt,
        subject: event.title,
        summary: null,
        needs: [],
        contactPersonId: null,
        nextActionAt: null,
        nextAction: null,
        eventId: event.id,
      }),
    );
    await this.audit.record(m, {
      actorId: actor.id,
      action: 'create',
      entity: 'interaction',
      entityId: saved.id,
      after: {
        employerId,
        authorId: actor.id,
        type: 'event',
        direction: 'outbound',
        occurredAt: event.startsAt.toISOString(),
        subject: event.title,
        eventId: event.id,
      },
    });
    await this.employers.noteContact(m, employerId, event.startsAt);
  }

  /** A moved or renamed event moves its interactions, and the employers' last contact with them. */
  async moveEventContacts(
    m: EntityManager,
    event: { id: string; startsAt: Date; title: string },
    actor: AuthUser,
  ): Promise<void> {
    const changed: { id: string; employer_id: string; occurred_at: Date; subject: string }[] =
      await m.query(
        // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE.
        `WITH moved AS (
           UPDATE interactions i SET occurred_at = $2, subject = $3, updated_at = now(), version = i.version + 1
             FROM interactions old WHERE old.id = i.id AND i.event_id = $1 AND i.type = 'event'
           RETURNING i.id, i.employer_id, old.occurred_at, old.subject)
         SELECT * FROM moved`,
        [event.id, event.startsAt, event.title],
      );
    for (const c of changed) {
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'interaction',
        entityId: c.id,
        before: { occurredAt: new Date(c.occurred_at).toISOString(), subject: c.subject },
        after: { occurredAt: event.startsAt.toISOString(), subject: event.title },
      });
    }
    await this.employers.recomputeLastInteraction(
      m,
      changed.map((c) => c.employer_id),
    );
  }

  /** Employer merge: the interactions of `from` move to `to`, in the caller's transaction. */
  async reassignEmployer(m: EntityManager, from: string, to: string): Promise<number> {
    return affectedRows(
      await m.query('UPDATE interactions SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );
  }

  private async lockForEdit(m: EntityManager, id: string, actor: AuthUser): Promise<Interaction> {
    const found = await m.getRepository(Interaction).findOne({ where: { id } });
    if (!found) throw DomainError.notFound('Interaction');
    if (!canEditInteraction(actor, found.authorId))
      throw new DomainError('FORBIDDEN', 'Only its author or a manager may change an interaction');
    // The employer first, as every writer to an employer's children does, then the row.
    await this.employers.lockForChildWrite(m, found.employerId);
    const interaction = await m
      .getRepository(Interaction)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!interaction) throw DomainError.notFound('Interaction');
    return interaction;
  }

  private async check(
    m: EntityManager,
    i: Interaction,
    occurredAtChanged = true,
    contactChanged = true,
  ): Promise<void> {
    const errors = checkInteractionTiming(i, this.clock.now()).filter(
      (e) => occurredAtChanged || e.field !== 'occurredAt',
    );
    if (contactChanged && i.contactPersonId) {
      const contact = await m.getRepository(ContactPerson).findOne({
        select: { employerId: true, erasedAt: true },
        where: { id: i.contactPersonId },
      });
      errors.push(
        ...contactErrors(contact?.employerId === i.employerId, Boolean(contact?.erasedAt)),
      );
    }
    throwIfInvalid(errors);
  }
}

/** The contact person named on an interaction must be one of its employer's, and not erased. */
function contactErrors(ofEmployer: boolean, erased: boolean): FieldError[] {
  if (!ofEmployer)
    return [{ field: 'contactPersonId', message: 'is not a contact person of this employer' }];
  if (erased) return [{ field: 'contactPersonId', message: 'this contact person was erased' }];
  return [];
}

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length)
    throw new DomainError('VALIDATION_FAILED', 'The request is not valid', {}, errors);
}
