import type { ContractType } from '../common/vocabulary.js';
import type { WorkingTime } from '../job-offers/job-offer.entity.js';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { paragraphsHtml } from './paragraphs.js';

export type SchemaEmploymentType = 'FULL_TIME' | 'PART_TIME' | 'TEMPORARY' | 'INTERN';

/**
 * schema.org employmentType from our contract type: the working time, plus TEMPORARY for
 * fixed-term contracts. An immersion (PMSMP) is not employment: the closest value is INTERN.
 */
export function employmentTypeOf(
  contractType: ContractType,
  workingTime: WorkingTime,
): SchemaEmploymentType[] {
  const time: SchemaEmploymentType = workingTime === 'part_time' ? 'PART_TIME' : 'FULL_TIME';
  switch (contractType) {
    case 'cdi':
    case 'cie':
      return [time];
    case 'cdd':
    case 'apprenticeship':
    case 'professionalisation':
    case 'temporary_work':
    case 'pec':
    case 'iae':
      return [time, 'TEMPORARY'];
    case 'pmsmp':
      return ['INTERN'];
    default: {
      const unreachable: never = contractType;
      return unreachable;
    }
  }
}

/** The schema.org JobPosting of a published offer (what search engines index). */
export function jobPostingOf(offer: PublicJobOffer, url: string): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: offer.title,
    // Search engines read the description as HTML: paragraphs and line breaks survive.
    description: paragraphsHtml(offer.description),
    identifier: { '@type': 'PropertyValue', name: 'Mission Locale', value: offer.id },
    url,
    datePosted: offer.publishedAt,
    ...(offer.expiresAt ? { validThrough: offer.expiresAt } : {}),
    employmentType: employmentTypeOf(offer.contractType, offer.workingTime),
    hiringOrganization: { '@type': 'Organization', name: offer.employer.name },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        postalCode: offer.location.postalCode,
        addressLocality: offer.location.city,
        addressCountry: 'FR',
      },
    },
    occupationalCategory: offer.romeCode,
    totalJobOpenings: offer.positions,
    ...(offer.startDate ? { jobStartDate: offer.startDate } : {}),
    ...(offer.weeklyHours !== null ? { workHours: `${offer.weeklyHours} h par semaine` } : {}),
  };
}

/**
 * JSON safe to place inside <script type="application/ld+json">: `<`, `>` and `&` become \u
 * escapes, so no text of the offer can close the script element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
