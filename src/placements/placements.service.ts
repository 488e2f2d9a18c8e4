import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { affectedRows } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { Clock } from '../common/clock.js';
import type { CompleteFollowUpDto, FollowUpResponse } from '../follow-ups/follow-ups.dto.js';
import type { ScheduledStep } from '../follow-ups/follow-up-schedule.js';
import { FollowUpsService } from '../follow-ups/follow-ups.service.js';
import { YoungPeopleService } from '../young-people/young-people.service.js';
import { Placement } from './placement.entity.js';
import {
  canHire,
  canMove,
  contractProblems,
  type ContractInput,
  inTrialPeriod,
  ruptureDateProblem,
} from './placement-rules.js';
import {
  placementAuditSnapshot,
  toPlacementResponse,
  type CompletePlacementDto,
  type CreatePlacementDto,
  type HireDto,
  type PlacementResponse,
  type PlacementsQuery,
  type PlacementWithFollowUps,
  type RuptureDto,
  type UpdatePlacementDto,
} from './placements.dto.js';
import { defaultTrialPeriodEnd } from './trial-period.js';

/** A hire as it would be recorded: contract, trial period end, and the follow-ups planned. */
export interface HirePreview extends ContractInput {
  weeklyHours: number | null;
  planVersion: number;
  followUps: ScheduledStep[];
}

// Foreign keys of placements (named in placement.entity.ts) -> the request field they come from.
const FK_FIELDS: Record<string, string> = {
  placements_employer_fk: 'employerId',
  placements_job_offer_fk: 'jobOfferId',
  placements_event_fk: 'eventId',
  placements_adviser_fk: 'adviserId',
  placements_young_person_fk: 'youngPersonId',
};

function foreignKeyField(err: unknown): string | null {
  const e =
    (err as { driverError?: { code?: string; constraint?: string } }).driverError ??
    (err as { code?: string; constraint?: string });
  if (e?.code !== '23503') return null;
  return FK_FIELDS[e.constraint ?? ''] ?? 'id';
}

@Injectable()
export class PlacementsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly followUps: FollowUpsService,
    private readonly youngPeople: YoungPeopleService,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a follow-up as done (POST /follow-ups/:id/complete). The placement is locked first,
   * in the order rupture and completion use; its at-risk flag follows the follow-ups.
   */
  async completeFollowUp(
    followUpId: string,
    dto: CompleteFollowUpDto,
    actor: AuthUser,
  ): Promise<FollowUpResponse> {
    return this.ds.transaction(async (m) => {
      const placementId = await this.followUps.placementOf(m, followUpId);
      const placement = await m
        .getRepository(Placement)
        .findOne({ where: { id: placementId }, lock: { mode: 'pessimistic_write' } });
      if (!placement) throw DomainError.notFound('Placement');
      const done = await this.followUps.complete(
        m,
        followUpId,
        dto,
        actor,
        placement.outcome === 'ongoing',
      );
      if (done.atRisk !== null && done.atRisk !== placement.atRisk) {
        await m
          .getRepository(Placement)
          .update({ id: placement.id }, { atRisk: done.atRisk, version: placement.version + 1 });
        await this.audit.record(m, {
          actorId: actor.id,
          action: done.atRisk ? 'flag_at_risk' : 'clear_at_risk',
          entity: 'placement',
          entityId: placement.id,
          before: { atRisk: placement.atRisk },
          after: { atRisk: done.atRisk },
        });
      }
      return done.followUp;
    });
  }

  /** Employer merge: the placements of `from` move to `to`, in the caller's transaction. */
  async reassignEmployer(m: EntityManager, from: string, to: string): Promise<number> {
    return affectedRows(
      await m.query('UPDATE placements SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );
  }

  /** Erasure: a young person's names quoted in their placements' rupture reasons are redacted. */
  async redactNames(
    m: EntityManager,
    youngPersonId: string,
    pattern: string,
    replacement: string,
  ): Promise<void> {
    await m.query(
      `UPDATE placements SET rupture_reason = regexp_replace(rupture_reason, $2, $3, 'gi')
       WHERE young_person_id = $1 AND rupture_reason ~* $2`,
      [youngPersonId, pattern, replacement],
    );
  }

  async list(q: PlacementsQuery, caller: AuthUser): Promise<Page<PlacementResponse>> {
    const after = decodeCursor(q.cursor, 2);
    const qb = this.ds
      .getRepository(Placement)
      .createQueryBuilder('p')
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(q.limit + 1);
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.outcome) qb.andWhere('p.outcome = :outcome', { outcome: q.outcome });
    if (q.employerId) qb.andWhere('p.employer_id = :employerId', { employerId: q.employerId });
    if (q.youngPersonId) qb.andWhere('p.young_person_id = :yp', { yp: q.youngPersonId });
    if (q.adviserId)
      qb.andWhere('p.adviser_id = :adviser', {
        adviser: q.adviserId === 'me' ? caller.id : q.adviserId,
      });
    if (q.contractType) qb.andWhere('p.contract_type = :ct', { ct: q.contractType });
    if (q.atRisk !== undefined) qb.andWhere('p.at_risk = :atRisk', { atRisk: q.atRisk });
    if (after) qb.andWhere('(p.created_at, p.id) < (:at, :id)', { at: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(rows, q.limit, (p) => [p.createdAt.toISOString(), p.id], toPlacementResponse);
  }

  async get(id: string): Promise<PlacementWithFollowUps> {
    const p = await this.ds.getRepository(Placement).findOneBy({ id });
    if (!p) throw DomainError.notFound('Placement');
    return {
      ...toPlacementResponse(p),
      followUps: await this.followUps.forPlacement(this.ds.manager, id),
    };
  }

  async create(dto: CreatePlacementDto, actor: AuthUser): Promise<PlacementResponse> {
    return this.write(async (m) => {
      await this.youngPeople.assertPlaceable(m, dto.youngPersonId);
      await this.assertJobOffer(m, dto.jobOfferId, dto.employerId);
      if (dto.adviserId !== undefined) await this.assertAdviser(m, dto.adviserId);
      const repo = m.getRepository(Placement);
      const p = await repo.save(
        repo.create({
          youngPersonId: dto.youngPersonId,
          employerId: dto.employerId,
          jobOfferId: dto.jobOfferId ?? null,
          eventId: dto.eventId ?? null,
          adviserId: dto.adviserId ?? actor.id,
          status: dto.status ?? 'proposed',
        }),
      );
      await this.record(m, actor.id, 'create', p, undefined);
      return toPlacementResponse(p);
    });
  }

  async update(
    id: string,
    dto: UpdatePlacementDto,
    actor: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    return this.write(async (m) => {
      const p = await this.lock(m, id, dto.version);
      const before = placementAuditSnapshot(p);
      if (dto.status !== undefined && dto.status !== p.status) {
        if (!canMove(p.status, dto.status))
          throw new DomainError(
            'TRANSITION_NOT_ALLOWED',
            `A placement cannot go from ${p.status} to ${dto.status}` +
              (dto.status === 'hired' ? ' (use POST /placements/:id/hire)' : ''),
          );
        p.status = dto.status;
      }
      if (dto.adviserId !== undefined && dto.adviserId !== p.adviserId) {
        await this.assertAdviser(m, dto.adviserId);
        p.adviserId = dto.adviserId;
      }
      if (dto.jobOfferId !== undefined) {
        await this.assertJobOffer(m, dto.jobOfferId, p.employerId);
        p.jobOfferId = dto.jobOfferId;
      }
      if (dto.eventId !== undefined) p.eventId = dto.eventId;
      if (dto.weeklyHours !== undefined) {
        this.assertHired(p, 'weeklyHours');
        p.weeklyHours = dto.weeklyHours;
      }
      const datesChange =
        dto.startDate !== undefined ||
        dto.endDate !== undefined ||
        dto.trialPeriodEndDate !== undefined;
      if (datesChange) {
        this.assertHired(p, 'contract dates');
        if (p.outcome !== 'ongoing')
          throw new DomainError(
            'PLACEMENT_CLOSED',
            `The contract dates of a ${p.outcome} placement are final`,
          );
        const startDate = dto.startDate ?? p.startDate!;
        const endDate = dto.endDate !== undefined ? dto.endDate : p.endDate;
        // A new start or end recomputes the default trial period unless one is given.
        const trial =
          dto.trialPeriodEndDate !== undefined && dto.trialPeriodEndDate !== null
            ? dto.trialPeriodEndDate
            : dto.trialPeriodEndDate === null ||
                dto.startDate !== undefined ||
                dto.endDate !== undefined
              ? null
              : p.trialPeriodEndDate;
        const contract = {
          contractType: p.contractType!,
          startDate,
          endDate,
          trialPeriodEndDate: trial,
        };
        this.assertContract(contract);
        p.startDate = startDate;
        p.endDate = endDate;
        p.trialPeriodEndDate =
          trial ?? defaultTrialPeriodEnd(contract.contractType, startDate, endDate);
      }
      const saved = await m.getRepository(Placement).save(p);
      await this.record(m, actor.id, 'update', saved, before);
      if (datesChange) await this.followUps.regenerate(m, saved, actor.id);
      return { ...toPlacementResponse(saved), followUps: await this.followUps.forPlacement(m, id) };
    });
  }

  /** Hire: contract recorded, trial period defaulted, follow-up schedule generated. */
  async hire(id: string, dto: HireDto, actor: AuthUser): Promise<PlacementWithFollowUps> {
    return this.write(async (m) => {
      const p = await this.lock(m, id);
      if (!canHire(p.status))
        throw new DomainError('TRANSITION_NOT_ALLOWED', `A ${p.status} placement cannot be hired`);
      const contract = this.hireContract(dto);
      const before = placementAuditSnapshot(p);
      Object.assign(p, {
        status: 'hired',
        contractType: dto.contractType,
        startDate: dto.startDate,
        endDate: contract.endDate,
        weeklyHours: dto.weeklyHours ?? null,
        trialPeriodEndDate: contract.trialPeriodEndDate,
        outcome: 'ongoing',
        atRisk: false,
        hiredAt: this.clock.now(),
      });
      p.planVersion = await this.followUps.planHire(m, p, actor.id);
      const saved = await m.getRepository(Placement).save(p);
      await this.record(m, actor.id, 'hire', saved, before);
      return { ...toPlacementResponse(saved), followUps: await this.followUps.forPlacement(m, id) };
    });
  }

  /**
   * What `hire` would record, without writing: the trial period end and the follow-ups the latest
   * plan would generate. The same checks and functions as `hire`, so the preview cannot differ.
   */
  async previewHire(id: string, dto: HireDto): Promise<HirePreview> {
    const p = await this.ds.getRepository(Placement).findOneBy({ id });
    if (!p) throw DomainError.notFound('Placement');
    if (!canHire(p.status))
      throw new DomainError('TRANSITION_NOT_ALLOWED', `A ${p.status} placement cannot be hired`);
    const contract = this.hireContract(dto);
    const { planVersion, steps } = await this.followUps.hireSchedule(
      this.ds.manager,
      dto.contractType,
      { start: contract.startDate, trialEnd: contract.trialPeriodEndDate, end: contract.endDate },
    );
    return { ...contract, weeklyHours: dto.weeklyHours ?? null, planVersion, followUps: steps };
  }

  /** The contract of a hire, checked, with the default trial period when none is given. */
  private hireContract(dto: HireDto): ContractInput {
    const contract = {
      contractType: dto.contractType,
      startDate: dto.startDate,
      endDate: dto.endDate ?? null,
      trialPeriodEndDate: dto.trialPeriodEndDate ?? null,
    };
    this.assertContract(contract);
    return {
      ...contract,
      trialPeriodEndDate:
        contract.trialPeriodEndDate ??
        defaultTrialPeriodEnd(dto.contractType, dto.startDate, contract.endDate),
    };
  }

  /** Rupture: remaining planned follow-ups cancelled, a debrief 3 working days later. */
  async rupture(id: string, dto: RuptureDto, actor: AuthUser): Promise<PlacementWithFollowUps> {
    return this.write(async (m) => {
      const p = await this.lock(m, id);
      this.assertOngoing(p);
      const problem = ruptureDateProblem(dto.date, p.startDate!, p.endDate);
      if (problem) throw DomainError.invalid('date', problem);
      const before = placementAuditSnapshot(p);
      p.outcome = 'ruptured';
      p.ruptureDate = dto.date;
      p.ruptureInitiative = dto.initiative;
      p.ruptureReason = dto.reason.trim();
      p.ruptureInTrialPeriod = inTrialPeriod(dto.date, p.trialPeriodEndDate);
      p.atRisk = false;
      const saved = await m.getRepository(Placement).save(p);
      await this.record(m, actor.id, 'rupture', saved, before, ['ruptureReason']);
      await this.followUps.cancelPlanned(m, id, actor.id);
      await this.followUps.addDebrief(m, id, dto.date, actor.id);
      return { ...toPlacementResponse(saved), followUps: await this.followUps.forPlacement(m, id) };
    });
  }

  async complete(
    id: string,
    dto: CompletePlacementDto,
    actor: AuthUser,
  ): Promise<PlacementWithFollowUps> {
    const today = this.followUps.today();
    return this.write(async (m) => {
      const p = await this.lock(m, id);
      this.assertOngoing(p);
      const completedOn =
        dto.completedOn ?? (p.endDate !== null && p.endDate < today ? p.endDate : today);
      if (completedOn < p.startDate!)
        throw DomainError.invalid('completedOn', 'must not be before the contract start');
      if (completedOn > today)
        throw DomainError.invalid('completedOn', 'must not be in the future');
      const before = placementAuditSnapshot(p);
      p.outcome = 'completed';
      p.completedOn = completedOn;
      p.atRisk = false;
      const saved = await m.getRepository(Placement).save(p);
      await this.record(m, actor.id, 'complete', saved, before);
      await this.followUps.cancelPlanned(m, id, actor.id);
      return { ...toPlacementResponse(saved), followUps: await this.followUps.forPlacement(m, id) };
    });
  }

  private assertContract(c: Parameters<typeof contractProblems>[0]): void {
    const problems = contractProblems(c);
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'The contract is not valid', {}, problems);
  }

  private assertHired(p: Placement, what: string): void {
    if (p.status !== 'hired')
      throw new DomainError('PLACEMENT_NOT_HIRED', `Only a hired placement has ${what}`);
  }

  private assertOngoing(p: Placement): void {
    if (p.status !== 'hired' || p.outcome !== 'ongoing')
      throw new DomainError(
        'TRANSITION_NOT_ALLOWED',
        p.status !== 'hired'
          ? 'The placement was not hired'
          : `The placement is already ${p.outcome}`,
      );
  }

  private async lock(m: EntityManager, id: string, version?: number): Promise<Placement> {
    const p = await m
      .getRepository(Placement)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw DomainError.notFound('Placement');
    if (version !== undefined && version !== p.version)
      throw new DomainError('STALE_VERSION', 'The placement was changed by someone else', {
        currentVersion: p.version,
      });
    return p;
  }

  private record(
    m: EntityManager,
    actorId: string,
    action: string,
    p: Placement,
    before: Record<string, unknown> | undefined,
    changedSecrets: string[] = [],
  ): Promise<void> {
    return this.audit.record(m, {
      actorId,
      action,
      entity: 'placement',
      entityId: p.id,
      before,
      after: placementAuditSnapshot(p),
      changedSecrets,
    });
  }

  /** A placement's job offer is one of its employer's offers (docs/security.md). */
  private async assertJobOffer(
    m: EntityManager,
    jobOfferId: string | null | undefined,
    employerId: string,
  ): Promise<void> {
    if (!jobOfferId) return;
    const rows = (await m.query('SELECT employer_id FROM job_offers WHERE id = $1', [
      jobOfferId,
    ])) as { employer_id: string }[];
    if (!rows[0])
      throw DomainError.invalid('jobOfferId', "aucune offre d'emploi n'a cet identifiant");
    if (rows[0].employer_id !== employerId)
      throw DomainError.invalid(
        'jobOfferId',
        "l'offre d'emploi appartient à un autre employeur que celui de la mise en relation",
      );
  }

  /** The adviser in charge is an active adviser or manager (not an admin account, not a leaver). */
  private async assertAdviser(m: EntityManager, adviserId: string | null): Promise<void> {
    if (adviserId === null) return;
    const rows = (await m.query(
      `SELECT 1 FROM users WHERE id = $1 AND active AND role IN ('adviser', 'manager')`,
      [adviserId],
    )) as unknown[];
    if (!rows.length)
      throw DomainError.invalid(
        'adviserId',
        'doit désigner un·e conseiller·ère ou un·e responsable au compte actif',
      );
  }

  private async write<T>(run: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(run);
    } catch (err) {
      const field = foreignKeyField(err);
      if (field) throw DomainError.invalid(field, `no record has this ${field}`);
      throw err;
    }
  }
}
