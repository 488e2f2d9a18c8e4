import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import type { WithWhom } from './follow-up.entity.js';

// 'mid' (the middle of a fixed-term contract) extends docs/http-api.md's start | trial_end | end for the
// "mid-contract" and "mid-term review" steps of docs/product.md; see docs/follow-ups.md.
export const ANCHORS = ['start', 'trial_end', 'end', 'mid'] as const;
export type Anchor = (typeof ANCHORS)[number];

export interface PlanStep {
  key: string;
  anchor: Anchor;
  offsetDays: number;
  minContractDays?: number;
  repeatEveryDays?: number;
  withWhom: WithWhom;
}

/** Immutable versions: a PUT writes a new row; placements remember the version they used. */
@Entity('follow_up_plans')
export class FollowUpPlan {
  @PrimaryColumn({ type: 'enum', enum: CONTRACT_TYPES, enumName: 'contract_type' })
  contractType: ContractType;

  @PrimaryColumn('int')
  version: number;

  @Column('jsonb')
  steps: PlanStep[];

  @Column('uuid', { nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
