import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { addDays, Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import type { ContractType } from '../common/vocabulary.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Placement } from '../placements/placement.entity.js';
import { FollowUp, type WithWhom } from './follow-up.entity.js';
import { FollowUpPlansService } from './follow-up-plans.service.js';
import {
  generateSchedule,
  reconcileSchedule,
  type ContractDates,
  type ScheduledStep,
} from './follow-up-schedule.js';
import {
  followUpAuditSnapshot,
  toFollowUpResponse,
  type CompleteFollowUpDto,
  type CreateFollowUpDto,
  type FollowUpResponse,
  type FollowUpsQuery,
  type UpdateFollowUpDto,
} from './follow-ups.dto.js';
import { addWorkingDays, onOrBeforeWorkingDay } from '../reference/working-days.js';

/** Working days between a rupture and the debrief with the young person. */
export const DEBRIEF_AFTER_WORKING_DAYS = 3;
/** A high risk gets a follow-up within this many days when none is planned. */
export const RISK_CHECK_WITHIN_DAYS = 7;

/**
 * The follow-up schedule of placements: generated at hire from the plan, regenerated when contract
 * dates change, closed on rupture or completion. Placement services call these inside their own
 * transaction so the placement and its follow-ups commit together.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly plans: FollowUpPlansService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return localDate(this.clock.now(), this.config.timeZone);
  }

  /**
   * The schedule a hire with these contract dates gets from the latest plan of its type: what
   * `planHire` writes, and what the hire form shows before it is confirmed.
   */
  async hireSchedule(
    m: EntityManager,
    contractType: ContractType,
    dates: ContractDates,
  ): Promise<{ planVersion: number; steps: ScheduledStep[] }> {
    const plan = await this.plans.latest(m, contractType);
    return { planVersion: plan.version, steps: generateSchedule(plan.steps, dates) };
  }

  /** Generates the schedule of a newly hired placement from the latest plan; returns its version. */
  async planHire(m: EntityManager, p: Placement, actorId: string): Promise<number> {
    if (!p.contractType || !p.startDate) throw new Error('a hired placement has a contract');
    const { planVersion, steps } = await this.hireSchedule(m, p.contractType, {
      start: p.startDate,
      trialEnd: p.trialPeriodEndDate,
      end: p.endDate,
    });
    for (const s of steps) await this.insert(m, p.id, s.key, s.dueDate, s.withWhom, actorId);
    return planVersion;
  }

  async get(id: string): Promise<FollowUpResponse> {
    const f = await this.ds.getRepository(FollowUp).findOneBy({ id });
    if (!f) throw DomainError.notFound('Follow-up');
    return toFollowUpResponse(f);
  }

  /** After a change of contract dates: planned steps follow the new dates, done ones stay. */
  async regenerate(m: EntityManager, p: Placement, actorId: string): Promise<void> {
    if (!p.contractType || !p.startDate || p.planVersion === null) return;
    const plan = await this.plans.version(m, p.contractType, p.planVersion);
    const generated = generateSchedule(plan.steps, {
      start: p.startDate,
      trialEnd: p.trialPeriodEndDate,
      end: p.endDate,
    });
    const repo = m.getRepository(FollowUp);
    const existing = await repo.find({
      where: { placementId: p.id },
      lock: { mode: 'pessimistic_write' },
    });
    const plan2 = reconcileSchedule(existing, generated);
    const byId = new Map(existing.map((f) => [f.id, f]));
    for (const mv of plan2.move) {
      const f = byId.get(mv.id)!;
      const before = followUpAuditSnapshot(f);
      f.dueDate = mv.dueDate;
      f.withWhom = mv.withWhom;
      f.status = 'planned';
      f.sequence += 1;
      await this.save(m, f, before, actorId, 'reschedule');
    }
    for (const id of plan2.cancel) {
      const f = byId.get(id)!;
      const before = followUpAuditSnapshot(f);
      f.status = 'cancelled';
      f.sequence += 1;
      await this.save(m, f, before, actorId, 'cancel');
    }
    for (const s of plan2.insert) await this.insert(m, p.id, s.key, s.dueDate, s.withWhom, actorId);
  }

  /** Cancels every planned follow-up of a placement (rupture, completion). */
  async cancelPlanned(m: EntityManager, placementId: string, actorId: string): Promise<void> {
    const planned = await m.getRepository(FollowUp).find({
      where: { placementId, status: 'planned' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const f of planned) {
      const before = followUpAuditSnapshot(f);
      f.status = 'cancelled';
      f.sequence += 1;
      await this.save(m, f, before, actorId, 'cancel');
    }
  }

  /** The debrief with the young person, 3 working days after a rupture. */
  async addDebrief(
    m: EntityManager,
    placementId: string,
    ruptureDate: string,
    actorId: string,
  ): Promise<void> {
    const due = addWorkingDays(ruptureDate, DEBRIEF_AFTER_WORKING_DAYS);
    await this.insert(m, placementId, 'debrief', due, 'young_person', actorId);
  }

  async forPlacement(m: EntityManager, placementId: string): Promise<FollowUpResponse[]> {
    const rows = await m
      .getRepository(FollowUp)
      .find({ where: { placementId }, order: { dueDate: 'ASC', stepKey: 'ASC' } });
    return rows.map(toFollowUpResponse);
  }

  async list(q: FollowUpsQuery, caller: AuthUser): Promise<Page<FollowUpResponse>> {
    const after = decodeCursor(q.cursor, 2);
    const qb = this.ds
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .innerJoin(Placement, 'p', 'p.id = f.placement_id')
      .orderBy('f.dueDate', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(q.limit + 1);
    if (q.adviserId)
      qb.andWhere('p.adviser_id = :adviser', {
        adviser: q.adviserId === 'me' ? caller.id : q.adviserId,
      });
    if (q.status) qb.andWhere('f.status = :status', { status: q.status });
    if (q.dueFrom) qb.andWhere('f.due_date >= :dueFrom', { dueFrom: q.dueFrom });
    if (q.dueTo) qb.andWhere('f.due_date <= :dueTo', { dueTo: q.dueTo });
    if (q.overdue === true)
      qb.andWhere("f.status = 'planned' AND f.due_date < :today", { today: this.today() });
    if (q.overdue === false)
      qb.andWhere("NOT (f.status = 'planned' AND f.due_date < :today)", { today: this.today() });
    if (q.placementId) qb.andWhere('f.placement_id = :pid', { pid: q.placementId });
    if (after) qb.andWhere('(f.due_date, f.id) > (:d, :id)', { d: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(rows, q.limit, (f) => [f.dueDate, f.id], toFollowUpResponse);
  }

  async createAdHoc(
    placementId: string,
    dto: CreateFollowUpDto,
    actor: AuthUser,
  ): Promise<FollowUpResponse> {
    return this.ds.transaction(async (m) => {
      const p = await m.getRepository(Placement).findOneBy({ id: placementId });
      if (!p) throw DomainError.notFound('Placement');
      if (p.status !== 'hired')
        throw new DomainError('PLACEMENT_NOT_HIRED', 'Follow-ups are for hired placements only');
      const f = await this.insert(
        m,
        placementId,
        'ad_hoc',
        dto.dueDate,
        dto.withWhom ?? 'both',
        actor.id,
        dto.channel ?? null,
      );
      return toFollowUpResponse(f);
    });
  }

  async update(id: string, dto: UpdateFollowUpDto, actor: AuthUser): Promise<FollowUpResponse> {
    return this.ds.transaction(async (m) => {
      const f = await this.lockForWrite(m, id, dto.version);
      if (f.status !== 'planned')
        throw new DomainError('FOLLOW_UP_CLOSED', `A ${f.status} follow-up cannot be changed`);
      const before = followUpAuditSnapshot(f);
      if (dto.dueDate !== undefined && dto.dueDate !== f.dueDate) {
        f.dueDate = dto.dueDate;
        f.sequence += 1;
      }
      if (dto.withWhom !== undefined) f.withWhom = dto.withWhom;
      if (dto.channel !== undefined) f.channel = dto.channel;
      return toFollowUpResponse(await this.save(m, f, before, actor.id, 'update'));
    });
  }

  /** The placement a follow-up belongs to (PlacementsService locks it before completing). */
  async placementOf(m: EntityManager, id: string): Promise<string> {
    const ref = await m
      .getRepository(FollowUp)
      .findOne({ where: { id }, select: { id: true, placementId: true } });
    if (!ref) throw DomainError.notFound('Follow-up');
    return ref.placementId;
  }

  /**
   * Records a follow-up as done, in the caller's transaction (the caller holds the placement's
   * lock). For an ongoing placement, says whether it is now at risk — exactly when its latest
   * completed follow-up (by date done) said `high` — and a high risk also schedules a risk check
   * within 7 days unless a follow-up is already planned by then.
   */
  async complete(
    m: EntityManager,
    id: string,
    dto: CompleteFollowUpDto,
    actor: AuthUser,
    ongoing: boolean,
  ): Promise<{ followUp: FollowUpResponse; atRisk: boolean | null }> {
    const today = this.today();
    if (dto.doneOn > today) throw DomainError.invalid('doneOn', 'doneOn cannot be in the future');
    const f = await this.lockForWrite(m, id, dto.version);
    if (f.status !== 'planned')
      throw new DomainError('FOLLOW_UP_CLOSED', `This follow-up is already ${f.status}`);
    const before = followUpAuditSnapshot(f);
    const outcomeChanged = (dto.outcome ?? null) !== f.outcome;
    f.status = 'done';
    f.doneOn = dto.doneOn;
    f.channel = dto.channel;
    f.risk = dto.risk;
    f.outcome = dto.outcome?.trim() || null;
    if (dto.withWhom) f.withWhom = dto.withWhom;
    f.sequence += 1;
    const saved = await this.save(m, f, before, actor.id, 'complete', outcomeChanged);
    if (!ongoing) return { followUp: toFollowUpResponse(saved), atRisk: null };
    const latest = await m.getRepository(FollowUp).findOne({
      where: { placementId: f.placementId, status: 'done' },
      order: { doneOn: 'DESC', updatedAt: 'DESC' },
    });
    if (dto.risk === 'high') await this.ensureRiskCheck(m, f.placementId, today, actor.id);
    return { followUp: toFollowUpResponse(saved), atRisk: latest?.risk === 'high' };
  }

  /** Erasure: a young person's names quoted in the outcomes of their follow-ups are redacted. */
  async redactNames(
    m: EntityManager,
    youngPersonId: string,
    pattern: string,
    replacement: string,
  ): Promise<void> {
    await m.query(
      `UPDATE follow_ups f SET outcome = regexp_replace(f.outcome, $2, $3, 'gi')
       FROM placements p WHERE p.id = f.placement_id AND p.young_person_id = $1
       AND f.outcome ~* $2`,
      [youngPersonId, pattern, replacement],
    );
  }

  private async ensureRiskCheck(
    m: EntityManager,
    placementId: string,
    today: string,
    actorId: string,
  ): Promise<void> {
    const limit = addDays(today, RISK_CHECK_WITHIN_DAYS);
    const planned = await m
      .getRepository(FollowUp)
      .createQueryBuilder('f')
      .where("f.placement_id = :placementId AND f.status = 'planned'", { placementId })
      .andWhere('f.due_date BETWEEN :today AND :limit', { today, limit })
      .getExists();
    if (planned) return;
    let due = onOrBeforeWorkingDay(limit);
    if (due < today) due = today;
    await this.insert(m, placementId, 'risk_check', due, 'both', actorId);
  }

  private async lockForWrite(m: EntityManager, id: string, version?: number): Promise<FollowUp> {
    const f = await m
      .getRepository(FollowUp)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!f) throw DomainError.notFound('Follow-up');
    if (version !== undefined && version !== f.version)
      throw new DomainError('STALE_VERSION', 'The follow-up was changed by someone else', {
        currentVersion: f.version,
      });
    return f;
  }

  private async insert(
    m: EntityManager,
    placementId: string,
    stepKey: string,
    dueDate: string,
    withWhom: WithWhom,
    actorId: string,
    channel: FollowUp['channel'] = null,
  ): Promise<FollowUp> {
    const repo = m.getRepository(FollowUp);
    const f = await repo.save(
      repo.create({
        placementId,
        stepKey,
        dueDate,
        withWhom,
        channel,
        status: 'planned',
        doneOn: null,
        outcome: null,
        risk: null,
        sequence: 0,
      }),
    );
    await this.audit.record(m, {
      actorId,
      action: 'create',
      entity: 'follow_up',
      entityId: f.id,
      after: followUpAuditSnapshot(f),
    });
    return f;
  }

  private async save(
    m: EntityManager,
    f: FollowUp,
    before: Record<string, unknown>,
    actorId: string,
    action: string,
    outcomeChanged = false,
  ): Promise<FollowUp> {
    const saved = await m.getRepository(FollowUp).save(f);
    await this.audit.record(m, {
      actorId,
      action,
      entity: 'follow_up',
      entityId: f.id,
      before,
      after: followUpAuditSnapshot(saved),
      changedSecrets: outcomeChanged ? ['outcome'] : [],
    });
    return saved;
  }
}
