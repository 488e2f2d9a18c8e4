import type { EmployersService } from '../employers/employers.service.js';

// How the pages name the records they link to (one place, so that every page says the same).

export const employerName = (e: { legalName: string; tradeName: string | null }) =>
  e.tradeName || e.legalName;

export const personName = (y: { firstName: string; lastName: string }) =>
  `${y.firstName} ${y.lastName}`;

/** The names of the employers of a page of rows (as `employerName` gives them), in one read. */
export function employerNamesById(
  employers: EmployersService,
  ids: string[],
): Promise<Map<string, string>> {
  return employers.namesByIds(ids);
}
