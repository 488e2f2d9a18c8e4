import { DomainError } from '../../common/domain-error.js';
import { isUuid } from '../../common/uuid.pipe.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import type { EmployersService } from '../../employers/employers.service.js';

/**
 * The employer a page's URL names (`/employers/:id/…`), for every employer screen: a malformed
 * id, an unknown employer or one merged into another is the French 404 page. A malformed id is a
 * 404 rather than a 400 because the URL names no page, exactly like an unknown one.
 */
export async function employerOr404(
  employers: EmployersService,
  id: string,
): Promise<EmployerResponse> {
  if (!isUuid(id)) throw DomainError.notFound('Employer');
  const employer = await employers.get(id.toLowerCase());
  // A merged employer's page leads to the one it was merged into.
  if (employer.mergedIntoId) throw new DomainError('NOT_FOUND', 'Employer merged');
  return employer;
}
