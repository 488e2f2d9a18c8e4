import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/**
 * The `nafSection` filter of the lists (employers, prospects): a section key as
 * `nafSection()` / `nafSectionSql()` make them, `G` for NAF rév. 2 and `2025-G` for NAF 2025.
 */
export function NafSectionFilter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: 'section key: a letter for NAF rév. 2 (G), 2025-<letter> for NAF 2025 (2025-G)',
      example: 'G',
    }),
    IsOptional(),
    Matches(/^(2025-)?[A-V]$/, { message: 'must be a section key such as G or 2025-G' }),
  );
}
