import { daysBetween } from '../common/clock.js';
import { FIXED_TERM_TYPES, type ContractType } from '../common/vocabulary.js';
import type { PlacementStatus } from './placement.entity.js';

/** Moves a PATCH may make; `hired` only through POST /placements/:id/hire. */
const MOVES: Record<PlacementStatus, readonly PlacementStatus[]> = {
  proposed: ['interview', 'declined', 'withdrawn'],
  interview: ['declined', 'withdrawn'],
  hired: [],
  declined: [],
  withdrawn: [],
};

export function canMove(from: PlacementStatus, to: PlacementStatus): boolean {
  return from === to || MOVES[from].includes(to);
}

export function canHire(from: PlacementStatus): boolean {
  return from === 'proposed' || from === 'interview';
}

export interface ContractInput {
  contractType: ContractType;
  startDate: string;
  endDate: string | null;
  trialPeriodEndDate: string | null;
}

/** Field errors of a contract: end required for fixed-term types, after start; trial inside. */
export function contractProblems(c: ContractInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (c.endDate === null && FIXED_TERM_TYPES.includes(c.contractType))
    problems.push({ field: 'endDate', message: `a ${c.contractType} contract needs an end date` });
  if (c.endDate !== null && c.contractType === 'cdi')
    problems.push({ field: 'endDate', message: 'a cdi has no end date' });
  if (c.endDate !== null && c.endDate <= c.startDate)
    problems.push({ field: 'endDate', message: 'endDate must be after startDate' });
  if (c.trialPeriodEndDate !== null) {
    if (c.contractType === 'pmsmp')
      problems.push({ field: 'trialPeriodEndDate', message: 'an immersion has no trial period' });
    else if (c.trialPeriodEndDate < c.startDate)
      problems.push({ field: 'trialPeriodEndDate', message: 'must not be before startDate' });
    else if (c.endDate !== null && c.trialPeriodEndDate > c.endDate)
      problems.push({ field: 'trialPeriodEndDate', message: 'must not be after endDate' });
  }
  return problems;
}

/** A rupture date must fall within the contract: on or after S, on or before E. */
export function ruptureDateProblem(
  date: string,
  startDate: string,
  endDate: string | null,
): string | null {
  if (date < startDate) return 'the rupture date is before the contract start';
  if (endDate !== null && date > endDate) return 'the rupture date is after the contract end';
  return null;
}

/** Whether a rupture on `date` falls within the trial period (its last day included). */
export function inTrialPeriod(date: string, trialPeriodEndDate: string | null): boolean {
  return trialPeriodEndDate !== null && daysBetween(date, trialPeriodEndDate) >= 0;
}
