// Questionnaire v1 (DESIGN.md §2), one answer row per question key: a new question needs no migration.

export const QUESTIONNAIRE_VERSION = 1;

export const NEEDS_OPTIONS = ['none', '1-2', '3-5', '6+'] as const;
export type NeedsOption = (typeof NEEDS_OPTIONS)[number];

export const SERVICE_OPTIONS = [
  'job_dating',
  'in_employment_follow_up',
  'offer_writing',
  'pre_hire_training',
  'immersion',
  'apprenticeship_information',
] as const;
export type ServiceOption = (typeof SERVICE_OPTIONS)[number];

export const NEEDS_LABELS: Record<NeedsOption, string> = {
  none: 'Aucun',
  '1-2': '1 à 2 recrutements',
  '3-5': '3 à 5 recrutements',
  '6+': '6 recrutements ou plus',
};

export const SERVICE_LABELS: Record<ServiceOption, string> = {
  job_dating: 'Job dating',
  in_employment_follow_up: 'Suivi dans l’emploi des jeunes recrutés',
  offer_writing: 'Aide à la rédaction des offres',
  pre_hire_training: 'Formation avant embauche',
  immersion: 'Immersion professionnelle (PMSMP)',
  apprenticeship_information: 'Information sur l’apprentissage',
};

export const SATISFACTION_LABELS: Record<number, string> = {
  1: 'Pas du tout satisfait',
  2: 'Peu satisfait',
  3: 'Moyennement satisfait',
  4: 'Satisfait',
  5: 'Très satisfait',
};

export const TRADES_MAX = 500;
export const COMMENT_MAX = 2000;

/** Stored answers, keyed by question key; absent keys were left blank. */
export interface SurveyAnswers {
  satisfaction?: number;
  recommend?: number;
  recruitment_needs?: NeedsOption;
  recruitment_trades?: string;
  services?: ServiceOption[];
  comment?: string;
  callback?: boolean;
}

export const QUESTION_KEYS = [
  'satisfaction',
  'recommend',
  'recruitment_needs',
  'recruitment_trades',
  'services',
  'comment',
  'callback',
] as const;
export type QuestionKey = (typeof QUESTION_KEYS)[number];

export interface FormError {
  /** The form field (and HTML id prefix) the message belongs to. */
  field: QuestionKey;
  message: string;
}

export type ParsedForm = { ok: true; answers: SurveyAnswers } | { ok: false; errors: FormError[] };

const one = (v: unknown): string | undefined => {
  if (Array.isArray(v)) return v.length ? one(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v.trim() : undefined;
};

const intIn = (v: string | undefined, min: number, max: number): number | null | undefined => {
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,2}$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
};

/** Validates a posted survey form (urlencoded, so every value is a string or an array of them). */
export function parseSurveyForm(body: unknown): ParsedForm {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors: FormError[] = [];
  const answers: SurveyAnswers = {};

  const satisfaction = intIn(one(b.satisfaction), 1, 5);
  if (satisfaction === undefined)
    errors.push({ field: 'satisfaction', message: 'Indiquez votre satisfaction, de 1 à 5.' });
  else if (satisfaction === null)
    errors.push({ field: 'satisfaction', message: 'Choisissez une note entre 1 et 5.' });
  else answers.satisfaction = satisfaction;

  const recommend = intIn(one(b.recommend), 0, 10);
  if (recommend === null)
    errors.push({ field: 'recommend', message: 'Choisissez une note entre 0 et 10.' });
  else if (recommend !== undefined) answers.recommend = recommend;

  const needs = one(b.recruitment_needs);
  if (needs) {
    if ((NEEDS_OPTIONS as readonly string[]).includes(needs))
      answers.recruitment_needs = needs as NeedsOption;
    else
      errors.push({
        field: 'recruitment_needs',
        message: 'Choisissez une des réponses proposées.',
      });
  }

  const trades = one(b.recruitment_trades);
  if (trades) {
    if (trades.length > TRADES_MAX)
      errors.push({
        field: 'recruitment_trades',
        message: `Limitez votre réponse à ${TRADES_MAX} caractères.`,
      });
    else answers.recruitment_trades = trades;
  }

  const rawServices = b.services === undefined ? [] : [b.services].flat();
  const services: ServiceOption[] = [];
  for (const s of rawServices) {
    if (typeof s === 'string' && (SERVICE_OPTIONS as readonly string[]).includes(s)) {
      if (!services.includes(s as ServiceOption)) services.push(s as ServiceOption);
    } else {
      errors.push({ field: 'services', message: 'Choisissez parmi les services proposés.' });
      break;
    }
  }
  if (services.length) answers.services = SERVICE_OPTIONS.filter((s) => services.includes(s));

  const comment = one(b.comment);
  if (comment) {
    if (comment.length > COMMENT_MAX)
      errors.push({
        field: 'comment',
        message: `Limitez votre commentaire à ${COMMENT_MAX} caractères.`,
      });
    else answers.comment = comment;
  }

  const callback = one(b.callback);
  if (callback === 'yes') answers.callback = true;
  else if (callback === 'no') answers.callback = false;
  else if (callback) errors.push({ field: 'callback', message: 'Répondez par oui ou par non.' });

  return errors.length ? { ok: false, errors } : { ok: true, answers };
}

/** Answers as rows (question key, JSON value), only for questions that were answered. */
export function answerRows(a: SurveyAnswers): { questionKey: QuestionKey; value: unknown }[] {
  return QUESTION_KEYS.filter((k) => a[k] !== undefined).map((k) => ({
    questionKey: k,
    value: a[k],
  }));
}

/** Rebuilds answers from stored rows, ignoring keys or values this version does not know. */
export function answersFromRows(rows: { questionKey: string; value: unknown }[]): SurveyAnswers {
  const raw: Record<string, unknown> = {};
  for (const r of rows) raw[r.questionKey] = r.value;
  const a: SurveyAnswers = {};
  if (typeof raw.satisfaction === 'number') a.satisfaction = raw.satisfaction;
  if (typeof raw.recommend === 'number') a.recommend = raw.recommend;
  if (typeof raw.recruitment_needs === 'string')
    a.recruitment_needs = raw.recruitment_needs as NeedsOption;
  if (typeof raw.recruitment_trades === 'string') a.recruitment_trades = raw.recruitment_trades;
  if (Array.isArray(raw.services)) a.services = raw.services as ServiceOption[];
  if (typeof raw.comment === 'string') a.comment = raw.comment;
  if (typeof raw.callback === 'boolean') a.callback = raw.callback;
  return a;
}
