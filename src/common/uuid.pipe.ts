import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from './domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Malformed ids are a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, meta: ArgumentMetadata): string {
    if (!isUuid(value)) throw DomainError.invalid(meta.data ?? 'id', 'must be a UUID');
    return value.toLowerCase();
  }
}
