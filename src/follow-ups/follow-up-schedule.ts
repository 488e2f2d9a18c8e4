import { addDays, daysBetween } from '../common/clock.js';
import type { PlanStep } from './follow-up-plan.entity.js';
import type { FollowUpStatus, WithWhom } from './follow-up.entity.js';
import { onOrAfterWorkingDay, onOrBeforeWorkingDay } from '../reference/working-days.js';

/** Contract dates a schedule is built from: S, T (trial period end) and E, as YYYY-MM-DD. */
export interface ContractDates {
  start: string;
  trialEnd: string | null;
  end: string | null;
}

export interface ScheduledStep {
  key: string;
  dueDate: string;
  withWhom: WithWhom;
}

/** Step keys the service uses for follow-ups that no plan generates. */
export const RESERVED_STEP_KEYS = ['ad_hoc', 'debrief', 'risk_check'] as const;

// A repeat never produces more than this many occurrences, whatever the plan says.
const MAX_REPEATS = 100;

function anchorDate(step: PlanStep, c: ContractDates): string | null {
  switch (step.anchor) {
    case 'start':
      return c.start;
    case 'trial_end':
      return c.trialEnd;
    case 'end':
      return c.end;
    case 'mid':
      return c.end === null ? null : addDays(c.start, Math.floor(daysBetween(c.start, c.end) / 2));
  }
}

/**
 * Dates a plan's steps for one contract (pure: same input, same output).
 * - an anchor the contract lacks (no end for an open-ended contract, no trial period) drops the step;
 * - `minContractDays` keeps a step only when E − S ≥ minContractDays (open-ended contracts qualify);
 * - `repeatEveryDays` repeats the step from its first date until E (repeats are keyed `key#n`);
 * - a date outside [S, E] is dropped; a weekend or French public holiday moves to the previous
 *   working day, but never before S (then the first working day from S).
 */
export function generateSchedule(steps: PlanStep[], c: ContractDates): ScheduledStep[] {
  const out: ScheduledStep[] = [];
  const length = c.end === null ? null : daysBetween(c.start, c.end);
  const inContract = (d: string) => d >= c.start && (c.end === null || d <= c.end);
  const place = (raw: string): string | null => {
    if (!inContract(raw)) return null;
    let due = onOrBeforeWorkingDay(raw);
    if (due < c.start) due = onOrAfterWorkingDay(c.start);
    return inContract(due) ? due : null;
  };

  for (const step of steps) {
    if (step.minContractDays !== undefined && length !== null && length < step.minContractDays)
      continue;
    const anchor = anchorDate(step, c);
    if (anchor === null) continue;
    const first = addDays(anchor, step.offsetDays);
    if (step.repeatEveryDays === undefined) {
      const due = place(first);
      if (due) out.push({ key: step.key, dueDate: due, withWhom: step.withWhom });
      continue;
    }
    // Repeats run until the contract ends; an open-ended contract gets a bounded number.
    for (let n = 1, raw = first; n <= MAX_REPEATS; n++, raw = addDays(raw, step.repeatEveryDays)) {
      if (c.end !== null && raw > c.end) break;
      const due = place(raw);
      if (due) out.push({ key: `${step.key}#${n}`, dueDate: due, withWhom: step.withWhom });
      if (c.end === null && n >= 10) break;
    }
  }
  return out.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key));
}

export interface ExistingFollowUp {
  id: string;
  stepKey: string;
  status: FollowUpStatus;
  dueDate: string;
}

export interface Reconciliation {
  insert: ScheduledStep[];
  /** Planned (or re-planned) follow-ups whose date changes. */
  move: { id: string; dueDate: string; withWhom: WithWhom; reopen: boolean }[];
  cancel: string[];
}

/**
 * What to change when a placement's contract dates change: done follow-ups are never touched
 * (their step is not planned again), planned ones move to their new date or are cancelled when
 * the new dates drop their step, and steps the new dates add are inserted. Follow-ups outside
 * the plan (ad hoc, debrief, risk check) are left alone.
 */
export function reconcileSchedule(
  existing: ExistingFollowUp[],
  generated: ScheduledStep[],
): Reconciliation {
  const reserved = new Set<string>(RESERVED_STEP_KEYS);
  const planStep = existing.filter((f) => !reserved.has(f.stepKey));
  const byKey = new Map<string, ExistingFollowUp[]>();
  for (const f of planStep) byKey.set(f.stepKey, [...(byKey.get(f.stepKey) ?? []), f]);
  const wanted = new Set(generated.map((g) => g.key));

  const result: Reconciliation = { insert: [], move: [], cancel: [] };
  for (const g of generated) {
    const same = byKey.get(g.key) ?? [];
    if (same.some((f) => f.status === 'done')) continue;
    const planned = same.find((f) => f.status === 'planned');
    const cancelled = same.find((f) => f.status === 'cancelled');
    if (planned) {
      if (planned.dueDate !== g.dueDate)
        result.move.push({
          id: planned.id,
          dueDate: g.dueDate,
          withWhom: g.withWhom,
          reopen: false,
        });
    } else if (cancelled) {
      result.move.push({
        id: cancelled.id,
        dueDate: g.dueDate,
        withWhom: g.withWhom,
        reopen: true,
      });
    } else {
      result.insert.push(g);
    }
  }
  for (const f of planStep) {
    if (f.status === 'planned' && !wanted.has(f.stepKey)) result.cancel.push(f.id);
  }
  return result;
}
