import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.pipe.js';

/**
 * An id in a page's address. A malformed one names no record, so the person gets the same French
 * 404 page as for an unknown or merged one (the API's UuidPipe answers 400 naming the parameter,
 * which suits a client program, not someone who followed or mistyped a link).
 */
@Injectable()
export class PageIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw DomainError.notFound('Page');
    return value.toLowerCase();
  }
}
