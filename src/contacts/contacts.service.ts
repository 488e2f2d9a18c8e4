import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type AuthUser } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock.js';
import { affectedRows, isUniqueViolation } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import { toPage, type Page } from '../common/pagination.js';
import { EmployersService } from '../employers/employers.service.js';
import { decodeTypedCursor } from '../common/typed-cursor.js';
import { ContactPerson } from './contact-person.entity.js';
import {
  auditableContact,
  toContactResponse,
  type ContactResponse,
  type CreateContactDto,
  type UpdateContactDto,
} from './contacts.dto.js';

const trimmed = (v: string | null | undefined): string | null | undefined =>
  v === undefined || v === null ? v : v.trim() || null;

/**
 * An opt-out is the employer's to withdraw (docs/security.md): an adviser cannot clear it; a
 * manager may, with a reason that goes into the audit entry. Returns what the audit adds.
 */
function optOutWithdrawal(
  contact: ContactPerson,
  dto: UpdateContactDto,
  actor: AuthUser,
): { optOutWithdrawalReason?: string } {
  const withdrawing = contact.optedOutAt !== null && dto.optedOutAt === null;
  const reason = dto.optOutWithdrawalReason?.trim();
  if (!withdrawing) {
    if (dto.optOutWithdrawalReason !== undefined)
      throw DomainError.invalid(
        'optOutWithdrawalReason',
        "un motif ne s'indique que pour lever une opposition (optedOutAt: null)",
      );
    return {};
  }
  if (!hasRole(actor, 'manager'))
    throw new DomainError(
      'FORBIDDEN',
      "Seul l'employeur peut retirer son opposition aux sollicitations ; un·e responsable peut la lever en indiquant un motif.",
    );
  if (!reason)
    throw DomainError.invalid(
      'optOutWithdrawalReason',
      "indiquez le motif pour lequel l'opposition est levée (par exemple la demande écrite de l'employeur)",
    );
  return { optOutWithdrawalReason: reason };
}

@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly employers: EmployersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(employerId: string, limit: number, cursor?: string): Promise<Page<ContactResponse>> {
    const after = decodeTypedCursor(cursor, ['instant', 'uuid']);
    const qb = this.ds
      .getRepository(ContactPerson)
      .createQueryBuilder('c')
      .where('c.employer_id = :employerId', { employerId })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('(c.created_at, c.id) > (:at, :id)', { at: after[0], id: after[1] });
    const rows = await qb.getMany();
    // Rows prove the employer exists: only an empty answer needs the check (one read less).
    if (!rows.length) await this.assertEmployerExists(employerId);
    return toPage(rows, limit, (c) => [c.createdAt.toISOString(), c.id], toContactResponse);
  }

  async create(
    employerId: string,
    dto: CreateContactDto,
    actor: AuthUser,
  ): Promise<ContactResponse> {
    return this.guardUnique(() =>
      this.ds.transaction(async (m) => {
        await this.employers.lockForChildWrite(m, employerId);
        const repo = m.getRepository(ContactPerson);
        const contact = repo.create({
          employerId,
          firstName: null,
          lastName: null,
          jobTitle: null,
          email: null,
          phone: null,
          isPrimary: false,
          surveyRecipient: false,
          optedOutAt: null,
          erasedAt: null,
        });
        this.apply(contact, dto);
        if (!contact.firstName && !contact.lastName && !contact.jobTitle)
          throw DomainError.invalid('lastName', 'give a name or at least a job title');
        await this.clearOtherFlags(m, contact, actor);
        const saved = await repo.save(contact);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'create',
          entity: 'contact_person',
          entityId: saved.id,
          after: auditableContact(saved),
          changedSecrets: saved.jobTitle ? ['jobTitle'] : [],
        });
        return toContactResponse(saved);
      }),
    );
  }

  async update(id: string, dto: UpdateContactDto, actor: AuthUser): Promise<ContactResponse> {
    return this.guardUnique(() =>
      this.ds.transaction(async (m) => {
        const contact = await this.lockContact(m, id);
        if (dto.version !== undefined && dto.version !== contact.version)
          throw new DomainError(
            'STALE_VERSION',
            'The contact was changed by someone else; reload it',
            {
              currentVersion: contact.version,
            },
          );
        if (contact.erasedAt)
          throw new DomainError(
            'PERSON_ERASED',
            'This contact person was erased and cannot be edited',
          );
        const withdrawal = optOutWithdrawal(contact, dto, actor);
        const before = auditableContact(contact);
        const jobTitleBefore = contact.jobTitle;
        this.apply(contact, dto);
        if (!contact.firstName && !contact.lastName && !contact.jobTitle)
          throw DomainError.invalid('lastName', 'give a name or at least a job title');
        await this.clearOtherFlags(m, contact, actor);
        const saved = await m.getRepository(ContactPerson).save(contact);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'update',
          entity: 'contact_person',
          entityId: id,
          before,
          after: { ...auditableContact(saved), ...withdrawal },
          changedSecrets: jobTitleBefore !== saved.jobTitle ? ['jobTitle'] : [],
        });
        return toContactResponse(saved);
      }),
    );
  }

  async remove(id: string, actor: AuthUser): Promise<void> {
    await this.ds.transaction(async (m) => {
      const contact = await this.lockContact(m, id);
      // Interactions keep their history: their contact link is set to null by the foreign key.
      await m.getRepository(ContactPerson).delete({ id });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'delete',
        entity: 'contact_person',
        entityId: id,
        before: auditableContact(contact),
      });
    });
  }

  /**
   * RGPD erase, in the caller's transaction (ErasureService also clears what other modules hold):
   * identity and contact data wiped, the row kept so interactions keep their link. Returns the
   * address the person had, for the outbox.
   */
  async erase(
    m: EntityManager,
    id: string,
    actor: AuthUser,
  ): Promise<{ contact: ContactResponse; formerEmail: string | null }> {
    const contact = await this.lockContact(m, id);
    if (contact.erasedAt) return { contact: toContactResponse(contact), formerEmail: null };
    const formerEmail = contact.email;
    const before = auditableContact(contact);
    const hadJobTitle = contact.jobTitle !== null;
    Object.assign(contact, {
      firstName: null,
      lastName: null,
      jobTitle: null,
      email: null,
      phone: null,
      isPrimary: false,
      surveyRecipient: false,
      // An erased person must never be mailed again.
      optedOutAt: contact.optedOutAt ?? this.clock.now(),
      erasedAt: this.clock.now(),
    });
    const saved = await m.getRepository(ContactPerson).save(contact);
    await this.audit.record(m, {
      actorId: actor.id,
      action: 'erase',
      entity: 'contact_person',
      entityId: id,
      before,
      after: auditableContact(saved),
      changedSecrets: hadJobTitle ? ['jobTitle'] : [],
    });
    // The address goes back to the caller so the outbox can forget it too.
    return { contact: toContactResponse(saved), formerEmail };
  }

  /**
   * Employer merge: the contact persons of `from` move to `to`, in the caller's transaction. One
   * primary contact and one survey recipient per employer: the target's stay.
   */
  async reassignEmployer(m: EntityManager, from: string, to: string): Promise<number> {
    await m.query(
      `UPDATE contact_persons SET is_primary = false
        WHERE employer_id = $1 AND is_primary
          AND EXISTS (SELECT 1 FROM contact_persons WHERE employer_id = $2 AND is_primary)`,
      [from, to],
    );
    await m.query(
      `UPDATE contact_persons SET survey_recipient = false
        WHERE employer_id = $1 AND survey_recipient
          AND EXISTS (SELECT 1 FROM contact_persons WHERE employer_id = $2 AND survey_recipient)`,
      [from, to],
    );
    return affectedRows(
      await m.query('UPDATE contact_persons SET employer_id = $2 WHERE employer_id = $1', [
        from,
        to,
      ]),
    );
  }

  /** The person asked not to be mailed again (a survey's unsubscribe link); audited once. */
  async recordOptOut(m: EntityManager, id: string, at: Date): Promise<void> {
    const changed = (await m.query(
      `UPDATE contact_persons SET opted_out_at = $2, updated_at = now(), version = version + 1
        WHERE id = $1 AND opted_out_at IS NULL RETURNING id`,
      [id, at],
    )) as [unknown[], number] | unknown[];
    const updated = Array.isArray(changed[0]) ? (changed[0] as unknown[]) : changed;
    if (!updated.length) return;
    await this.audit.record(m, {
      actorId: null,
      action: 'opt_out',
      entity: 'contact_person',
      entityId: id,
      before: { optedOutAt: null },
      after: { optedOutAt: at.toISOString() },
    });
  }

  /** Loads a contact for a write, with its employer locked first (the order every writer uses). */
  private async assertEmployerExists(employerId: string): Promise<void> {
    const exists: unknown[] = await this.ds.query('SELECT 1 FROM employers WHERE id = $1', [
      employerId,
    ]);
    if (!exists.length) throw DomainError.notFound('Employer');
  }

  private async lockContact(m: EntityManager, id: string): Promise<ContactPerson> {
    const found = await m.getRepository(ContactPerson).findOne({ where: { id } });
    if (!found) throw DomainError.notFound('Contact person');
    await this.employers.lockForChildWrite(m, found.employerId);
    const contact = await m
      .getRepository(ContactPerson)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!contact) throw DomainError.notFound('Contact person');
    return contact;
  }

  private apply(c: ContactPerson, dto: CreateContactDto): void {
    if (dto.firstName !== undefined) c.firstName = trimmed(dto.firstName) ?? null;
    if (dto.lastName !== undefined) c.lastName = trimmed(dto.lastName) ?? null;
    if (dto.jobTitle !== undefined) c.jobTitle = trimmed(dto.jobTitle) ?? null;
    if (dto.email !== undefined) c.email = trimmed(dto.email)?.toLowerCase() ?? null;
    if (dto.phone !== undefined) c.phone = trimmed(dto.phone) ?? null;
    if (dto.isPrimary !== undefined) c.isPrimary = dto.isPrimary;
    if (dto.surveyRecipient !== undefined) c.surveyRecipient = dto.surveyRecipient;
    if (dto.optedOutAt !== undefined)
      c.optedOutAt = dto.optedOutAt === null ? null : new Date(dto.optedOutAt);
  }

  /** One primary contact and one survey recipient per employer: the new one takes the flag. */
  private async clearOtherFlags(
    m: EntityManager,
    c: ContactPerson,
    actor: AuthUser,
  ): Promise<void> {
    const others = c.id ? 'AND id <> $2' : '';
    const params = c.id ? [c.employerId, c.id] : [c.employerId];
    for (const [flag, column] of [
      ['isPrimary', 'is_primary'],
      ['surveyRecipient', 'survey_recipient'],
    ] as const) {
      if (!c[flag]) continue;
      const [rows]: [{ id: string }[], number] = await m.query(
        `UPDATE contact_persons SET ${column} = false, version = version + 1, updated_at = now()
          WHERE employer_id = $1 AND ${column} ${others} RETURNING id`,
        params,
      );
      await this.audit.recordMany(
        m,
        rows.map((r) => ({
          actorId: actor.id,
          action: 'update',
          entity: 'contact_person',
          entityId: r.id,
          before: { [flag]: true },
          after: { [flag]: false },
        })),
      );
    }
  }

  private async guardUnique<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isUniqueViolation(err, 'contact_persons_one_primary_key'))
        throw new DomainError(
          'CONCURRENT_UPDATE',
          'Another primary contact was set at the same time; retry',
        );
      throw err;
    }
  }
}
