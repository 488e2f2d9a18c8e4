import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import type { ContractType } from '../common/vocabulary.js';
import { FollowUpPlan, type PlanStep } from './follow-up-plan.entity.js';
import { RESERVED_STEP_KEYS } from './follow-up-schedule.js';
import { toPlanResponse, type PlanResponse, type PlanStepDto } from './follow-up-plans.dto.js';

/**
 * The migrations seed a plan for every contract type and plans are only ever added to, so a
 * missing one is a broken database, not something the caller can fix: it surfaces as a 500 and
 * the problem filter logs it (docs/errors.md).
 */
export class MissingFollowUpPlanError extends Error {
  override readonly name = 'MissingFollowUpPlanError';
}

/** Audit rows need a uuid: a plan (a contract type) gets a stable name-based one. */
export function planAuditId(type: ContractType): string {
  const h = createHash('sha1').update(`follow_up_plan:${type}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Rules a plan must follow beyond the shape of each step. */
export function planProblems(steps: PlanStepDto[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if ((RESERVED_STEP_KEYS as readonly string[]).includes(s.key))
      problems.push({ field: `steps.${i}.key`, message: `${s.key} is reserved` });
    if (seen.has(s.key))
      problems.push({ field: `steps.${i}.key`, message: `${s.key} is used twice` });
    seen.add(s.key);
  });
  return problems;
}

@Injectable()
export class FollowUpPlansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async latestAll(): Promise<PlanResponse[]> {
    const rows = await this.ds
      .getRepository(FollowUpPlan)
      .createQueryBuilder('p')
      .distinctOn(['p.contractType'])
      .orderBy('p.contractType', 'ASC')
      .addOrderBy('p.version', 'DESC')
      .getMany();
    return rows.map(toPlanResponse);
  }

  async latest(m: EntityManager, type: ContractType): Promise<FollowUpPlan> {
    const plan = await m
      .getRepository(FollowUpPlan)
      .findOne({ where: { contractType: type }, order: { version: 'DESC' } });
    if (!plan) throw new MissingFollowUpPlanError(`No follow-up plan exists for ${type}`);
    return plan;
  }

  async version(m: EntityManager, type: ContractType, version: number): Promise<FollowUpPlan> {
    const plan = await m.getRepository(FollowUpPlan).findOneBy({ contractType: type, version });
    if (!plan) throw new MissingFollowUpPlanError(`Follow-up plan ${type} v${version} is missing`);
    return plan;
  }

  /** Writes version n+1; placements hired before keep the version they were planned with. */
  async put(type: ContractType, dtoSteps: PlanStepDto[], actorId: string): Promise<PlanResponse> {
    const problems = planProblems(dtoSteps);
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'The plan is not valid', {}, problems);
    // Store exactly the documented step shape, without absent optional keys.
    const steps: PlanStep[] = dtoSteps.map((s) => ({
      key: s.key,
      anchor: s.anchor,
      offsetDays: s.offsetDays,
      ...(s.minContractDays !== undefined ? { minContractDays: s.minContractDays } : {}),
      ...(s.repeatEveryDays !== undefined ? { repeatEveryDays: s.repeatEveryDays } : {}),
      withWhom: s.withWhom,
    }));
    try {
      return await this.ds.transaction(async (m) => {
        // Serialise writers of one plan: concurrent PUTs become consecutive versions.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`follow_up_plan:${type}`]);
        const current = await this.latest(m, type);
        const repo = m.getRepository(FollowUpPlan);
        const saved = await repo.save(
          repo.create({
            contractType: type,
            version: current.version + 1,
            steps,
            createdById: actorId,
          }),
        );
        await this.audit.record(m, {
          actorId,
          action: 'update',
          entity: 'follow_up_plan',
          entityId: planAuditId(type),
          before: { contractType: type, planVersion: current.version, steps: current.steps },
          after: { contractType: type, planVersion: saved.version, steps },
        });
        return toPlanResponse(saved);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DomainError(
          'CONCURRENT_UPDATE',
          'Another version of this plan was saved at the same time',
        );
      throw err;
    }
  }
}
