import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import type { WorkingTime } from '../job-offers/job-offer.entity.js';
import { allCommunes, findCommune } from '../reference/communes.js';

/**
 * The public board's query string (`/offres?q=…&commune=…&epci=…&contrat=…&temps=…&page=…`):
 * French parameter names and values, so a shared or bookmarked link reads like what it shows.
 */
export const BOARD_PAGE_SIZE = 20;
export const BOARD_MAX_PAGE = 500;
const Q_MAX_LENGTH = 100;
const Q_MAX_WORDS = 8;

/** The value in the URL (`contrat=apprentissage`) and the short label on the board. */
export const CONTRACT_FILTERS: Record<ContractType, { slug: string; label: string }> = {
  cdi: { slug: 'cdi', label: 'CDI' },
  cdd: { slug: 'cdd', label: 'CDD' },
  apprenticeship: { slug: 'apprentissage', label: 'Apprentissage' },
  professionalisation: { slug: 'professionnalisation', label: 'Professionnalisation' },
  temporary_work: { slug: 'interim', label: 'Intérim' },
  pec: { slug: 'pec', label: 'Parcours Emploi Compétences (PEC)' },
  cie: { slug: 'cie', label: 'Contrat Initiative Emploi (CIE)' },
  iae: { slug: 'iae', label: 'Insertion par l’activité économique (IAE)' },
  pmsmp: { slug: 'immersion', label: 'Immersion professionnelle (PMSMP)' },
};

export const WORKING_TIME_FILTERS: Record<WorkingTime, { slug: string; label: string }> = {
  full_time: { slug: 'plein', label: 'Temps plein' },
  part_time: { slug: 'partiel', label: 'Temps partiel' },
};

export interface BoardFilter {
  /** The words as typed (shown back in the search field). */
  q: string;
  /** Non-empty words of `q`; PostgreSQL normalises each (accents, case) like the text. */
  words: string[];
  commune: string | null;
  epci: string | null;
  contracts: ContractType[];
  workingTime: WorkingTime | null;
  page: number;
  embed: boolean;
}

export interface BoardFieldError {
  field: 'q' | 'commune' | 'epci' | 'contrat' | 'temps' | 'page' | 'embed';
  message: string;
}

export type BoardQueryResult =
  { ok: true; filter: BoardFilter } | { ok: false; errors: BoardFieldError[]; filter: BoardFilter };

let epciNames: Map<string, string> | undefined;

/** The official name of an EPCI (from the communes reference), or undefined for an unknown code. */
export function findEpciName(code: string): string | undefined {
  if (!epciNames) {
    epciNames = new Map();
    for (const c of allCommunes()) if (c.epci) epciNames.set(c.epci.code, c.epci.name);
  }
  return epciNames.get(code);
}

/** Lower case, no accents, letters and digits only: "Intérim" and "interim" name one filter. */
function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const CONTRACT_BY_NAME = new Map<string, ContractType>();
for (const t of CONTRACT_TYPES) {
  CONTRACT_BY_NAME.set(CONTRACT_FILTERS[t].slug, t);
  CONTRACT_BY_NAME.set(fold(CONTRACT_FILTERS[t].label), t);
  // The API's own value, for links built by integrations from the JSON feed.
  CONTRACT_BY_NAME.set(fold(t), t);
}
CONTRACT_BY_NAME.set('contratdapprentissage', 'apprenticeship');
CONTRACT_BY_NAME.set('contratdeprofessionnalisation', 'professionalisation');

const TIME_BY_NAME = new Map<string, WorkingTime>([
  ['plein', 'full_time'],
  ['tempsplein', 'full_time'],
  ['fulltime', 'full_time'],
  ['partiel', 'part_time'],
  ['tempspartiel', 'part_time'],
  ['parttime', 'part_time'],
]);

/** Query values arrive as strings, arrays (repeated keys) or objects (qs brackets). */
function single(raw: unknown): string | undefined | null {
  if (raw === undefined) return undefined;
  return typeof raw === 'string' ? raw : null;
}

function many(raw: unknown): string[] | null {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw as string[];
  return null;
}

/** Reads the board's query string; unknown parameters (utm_source…) are ignored. */
export function parseBoardQuery(query: Record<string, unknown>): BoardQueryResult {
  const errors: BoardFieldError[] = [];
  const filter: BoardFilter = {
    q: '',
    words: [],
    commune: null,
    epci: null,
    contracts: [],
    workingTime: null,
    page: 1,
    embed: false,
  };

  const q = single(query.q);
  if (q === null) errors.push({ field: 'q', message: 'Indiquez une seule recherche.' });
  else if (q !== undefined) {
    const text = q.trim().replace(/\s+/g, ' ');
    filter.q = text.slice(0, Q_MAX_LENGTH);
    if (text.length > Q_MAX_LENGTH)
      errors.push({
        field: 'q',
        message: `La recherche ne doit pas dépasser ${Q_MAX_LENGTH} caractères.`,
      });
    else {
      const words = text.split(' ').filter((w) => fold(w) !== '');
      if (words.length > Q_MAX_WORDS)
        errors.push({ field: 'q', message: `Utilisez au plus ${Q_MAX_WORDS} mots.` });
      else filter.words = words;
    }
  }

  const commune = single(query.commune);
  if (commune === null) errors.push({ field: 'commune', message: 'Choisissez une seule commune.' });
  else if (commune) {
    const code = commune.trim().toUpperCase();
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(code) || !findCommune(code))
      errors.push({ field: 'commune', message: 'Cette commune n’existe pas.' });
    else filter.commune = code;
  }

  const epci = single(query.epci);
  if (epci === null) errors.push({ field: 'epci', message: 'Choisissez un seul territoire.' });
  else if (epci) {
    const code = epci.trim();
    if (!/^[0-9]{9}$/.test(code) || !findEpciName(code))
      errors.push({
        field: 'epci',
        message: 'Ce territoire (intercommunalité) n’existe pas.',
      });
    else filter.epci = code;
  }

  const contracts = many(query.contrat);
  if (contracts === null)
    errors.push({ field: 'contrat', message: 'Ce type de contrat n’existe pas.' });
  else {
    for (const c of contracts.filter((v) => v.trim() !== '')) {
      const type = CONTRACT_BY_NAME.get(fold(c));
      if (!type) {
        errors.push({
          field: 'contrat',
          message: `« ${c.slice(0, 40)} » n’est pas un type de contrat.`,
        });
        break;
      }
      if (!filter.contracts.includes(type)) filter.contracts.push(type);
    }
    filter.contracts.sort((a, b) => CONTRACT_TYPES.indexOf(a) - CONTRACT_TYPES.indexOf(b));
  }

  const time = single(query.temps);
  if (time === null)
    errors.push({ field: 'temps', message: 'Choisissez un seul temps de travail.' });
  else if (time) {
    const t = TIME_BY_NAME.get(fold(time));
    if (!t) errors.push({ field: 'temps', message: 'Choisissez temps plein ou temps partiel.' });
    else filter.workingTime = t;
  }

  const page = single(query.page);
  if (page === null) errors.push({ field: 'page', message: 'Ce numéro de page n’existe pas.' });
  else if (page !== undefined && page !== '') {
    const n = /^[0-9]{1,6}$/.test(page) ? Number(page) : NaN;
    if (!(n >= 1 && n <= BOARD_MAX_PAGE))
      errors.push({ field: 'page', message: 'Ce numéro de page n’existe pas.' });
    else filter.page = n;
  }

  const embed = single(query.embed);
  if (embed === null || (embed !== undefined && !['', '0', '1'].includes(embed)))
    errors.push({ field: 'embed', message: 'Le paramètre embed vaut 1 ou 0.' });
  else filter.embed = embed === '1';

  return errors.length ? { ok: false, errors, filter } : { ok: true, filter };
}

/**
 * The board URL for a filter: the same parameters in a fixed order, empty ones left out, so
 * every link, form and sitemap entry for one view is one URL (one cache entry, one bookmark).
 */
export function boardHref(f: BoardFilter, overrides: Partial<BoardFilter> = {}): string {
  const v = { ...f, ...overrides };
  const params = new URLSearchParams();
  if (v.q) params.set('q', v.q);
  if (v.commune) params.set('commune', v.commune);
  if (v.epci) params.set('epci', v.epci);
  for (const c of v.contracts) params.append('contrat', CONTRACT_FILTERS[c].slug);
  if (v.workingTime) params.set('temps', WORKING_TIME_FILTERS[v.workingTime].slug);
  if (v.page > 1) params.set('page', String(v.page));
  if (v.embed) params.set('embed', '1');
  const s = params.toString();
  return s ? `/offres?${s}` : '/offres';
}

/** True when the visitor narrowed the list (the empty-result message differs). */
export function isFiltered(f: BoardFilter): boolean {
  return Boolean(f.words.length || f.commune || f.epci || f.contracts.length || f.workingTime);
}
