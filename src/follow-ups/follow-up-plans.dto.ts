import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { ANCHORS, type Anchor, type FollowUpPlan } from './follow-up-plan.entity.js';
import { WITH_WHOM, type WithWhom } from './follow-up.entity.js';

export class PlanStepDto {
  @ApiProperty({ example: 'first_week', description: 'lower_snake, unique within the plan' })
  @Matches(/^[a-z][a-z0-9_]{0,49}$/, {
    message: 'key must be lower_snake letters and digits (at most 50)',
  })
  key: string;

  @ApiProperty({ enum: ANCHORS, description: "S, T, E, or 'mid' = the middle of [S, E]" })
  @IsIn(ANCHORS)
  anchor: Anchor;

  @ApiProperty({ example: 7 })
  @IsInt()
  @Min(-3650)
  @Max(3650)
  offsetDays: number;

  @ApiPropertyOptional({ description: 'keep the step only when E − S ≥ this many days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  minContractDays?: number;

  @ApiPropertyOptional({ description: 'repeat every N days until E' })
  @IsOptional()
  @IsInt()
  @Min(7)
  @Max(3650)
  repeatEveryDays?: number;

  @ApiProperty({ enum: WITH_WHOM })
  @IsIn(WITH_WHOM)
  withWhom: WithWhom;
}

export class PutPlanDto {
  @ApiProperty({ type: [PlanStepDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanStepDto)
  steps: PlanStepDto[];
}

export class PlanResponse {
  @ApiProperty({ enum: CONTRACT_TYPES }) contractType: ContractType;
  @ApiProperty() version: number;
  @ApiProperty({ type: [PlanStepDto] }) steps: PlanStepDto[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) createdById: string | null;
}

export function toPlanResponse(p: FollowUpPlan): PlanResponse {
  return {
    contractType: p.contractType,
    version: p.version,
    steps: p.steps,
    createdAt: p.createdAt.toISOString(),
    createdById: p.createdById,
  };
}
