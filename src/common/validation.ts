import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import type { FieldError } from './domain-error.js';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      // whitelist errors read "property x should not exist": say it plainly.
      message: message.includes('should not exist') ? 'unknown field' : message,
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({ errors: flattenValidationErrors(errors) }),
  });
}

/**
 * For PATCH fields: absent is fine, null is not. `@IsOptional()` alone lets null through to a
 * NOT NULL column (a 500); with this, null is validated like any value and refused.
 */
export const OptionalNotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** Short name used by the managers' pages. */
export const flatten = flattenValidationErrors;
