// Questionnaire v1 (docs/product.md), one answer row per question key: a new question needs no migration.

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

export type QuestionKey = keyof SurveyAnswers;

interface QuestionBase<K extends QuestionKey> {
  key: K;
  /** The question as the employer reads it (the page's legend, the mail). */
  label: string;
  /** Its column in the results' CSV. */
  column: string;
  /** A hint under the label. */
  hint?: string;
}

/** A note on a scale of radio buttons (1–5, 0–10). */
export interface ScaleQuestion extends QuestionBase<'satisfaction' | 'recommend'> {
  kind: 'scale';
  min: number;
  max: number;
  /** What each point means, when the scale says it (read as the buttons' titles in the mail). */
  pointLabels?: Record<number, string>;
  /** Set when the question must be answered: the message when it is not. */
  required?: string;
}

/** One answer among options (radio buttons). */
export interface ChoiceQuestion extends QuestionBase<'recruitment_needs'> {
  kind: 'choice';
  options: readonly { value: string; label: string }[];
}

/** Any number of options (checkboxes). */
export interface MultiQuestion extends QuestionBase<'services'> {
  kind: 'multi';
  options: readonly { value: string; label: string }[];
}

/** Free text, on one line or several. */
export interface TextQuestion extends QuestionBase<'recruitment_trades' | 'comment'> {
  kind: 'text';
  multiline: boolean;
  maxLength: number;
  /** Shown when the text is too long. */
  tooLong: string;
  /** A follow-up asked inside another question's group, not numbered on its own. */
  within?: QuestionKey;
}

/** Oui / Non. */
export interface YesNoQuestion extends QuestionBase<'callback'> {
  kind: 'yesno';
}

export type Question =
  ScaleQuestion | ChoiceQuestion | MultiQuestion | TextQuestion | YesNoQuestion;

/**
 * The questionnaire, in the order the employer reads it. Parsing, the page, the mail's one-click
 * buttons (the first question), the stored rows and the results' CSV all follow this list.
 */
export const QUESTIONS: readonly Question[] = [
  {
    key: 'satisfaction',
    column: 'Satisfaction (1 à 5)',
    kind: 'scale',
    label: 'Dans l’ensemble, êtes-vous satisfait de la Mission Locale ?',
    hint: '1 = pas du tout satisfait, 5 = très satisfait',
    min: 1,
    max: 5,
    pointLabels: SATISFACTION_LABELS,
    required: 'Indiquez votre satisfaction, de 1 à 5.',
  },
  {
    key: 'recommend',
    column: 'Recommandation (0 à 10)',
    kind: 'scale',
    label:
      'Quelle est la probabilité que vous recommandiez la Mission Locale à un autre employeur ?',
    hint: '0 = pas du tout probable, 10 = très probable',
    min: 0,
    max: 10,
  },
  {
    key: 'recruitment_needs',
    column: 'Recrutements prévus (12 mois)',
    kind: 'choice',
    label: 'Combien de recrutements prévoyez-vous dans les 12 prochains mois ?',
    options: NEEDS_OPTIONS.map((value) => ({ value, label: NEEDS_LABELS[value] })),
  },
  {
    key: 'recruitment_trades',
    column: 'Métiers',
    kind: 'text',
    label: 'Sur quels métiers ?',
    multiline: false,
    maxLength: TRADES_MAX,
    tooLong: `Limitez votre réponse à ${TRADES_MAX} caractères.`,
    within: 'recruitment_needs',
  },
  {
    key: 'services',
    column: 'Services souhaités',
    kind: 'multi',
    label: 'Quels services de la Mission Locale souhaiteriez-vous ?',
    hint: 'Plusieurs réponses possibles.',
    options: SERVICE_OPTIONS.map((value) => ({ value, label: SERVICE_LABELS[value] })),
  },
  {
    key: 'comment',
    column: 'Commentaire',
    kind: 'text',
    label: 'Un commentaire, une suggestion ?',
    multiline: true,
    maxLength: COMMENT_MAX,
    tooLong: `Limitez votre commentaire à ${COMMENT_MAX} caractères.`,
  },
  {
    key: 'callback',
    column: 'Souhaite être rappelé',
    kind: 'yesno',
    label: 'Souhaitez-vous que nous vous rappelions ?',
  },
];

export const QUESTION_KEYS: readonly QuestionKey[] = QUESTIONS.map((q) => q.key);

/**
 * The question the mail asks with one-click buttons (`/s/<token>?q1=<n>` opens the form with it
 * chosen): the first one.
 */
export const FIRST_QUESTION = QUESTIONS[0] as ScaleQuestion;

/** The questions numbered on the page (follow-ups belong to their parent's number). */
export const NUMBERED_QUESTIONS = QUESTIONS.filter((q) => !(q.kind === 'text' && q.within));

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

type Parsed = { value?: unknown; error?: string };

/** One question's posted value: its stored value, nothing (left blank) or a French error. */
function parseOne(q: Question, raw: unknown): Parsed {
  switch (q.kind) {
    case 'scale': {
      const n = intIn(one(raw), q.min, q.max);
      if (n === undefined) return q.required ? { error: q.required } : {};
      if (n === null) return { error: `Choisissez une note entre ${q.min} et ${q.max}.` };
      return { value: n };
    }
    case 'choice': {
      const v = one(raw);
      if (!v) return {};
      return q.options.some((o) => o.value === v)
        ? { value: v }
        : { error: 'Choisissez une des réponses proposées.' };
    }
    case 'multi': {
      const chosen = new Set<string>();
      for (const v of raw === undefined ? [] : [raw].flat()) {
        if (typeof v !== 'string' || !q.options.some((o) => o.value === v))
          return { error: 'Choisissez parmi les services proposés.' };
        chosen.add(v);
      }
      // Stored in the questionnaire's order, each once.
      const value = q.options.map((o) => o.value).filter((v) => chosen.has(v));
      return value.length ? { value } : {};
    }
    case 'text': {
      const v = one(raw);
      if (!v) return {};
      return v.length > q.maxLength ? { error: q.tooLong } : { value: v };
    }
    case 'yesno': {
      const v = one(raw);
      if (v === 'yes') return { value: true };
      if (v === 'no') return { value: false };
      return v ? { error: 'Répondez par oui ou par non.' } : {};
    }
  }
}

/** Validates a posted survey form (urlencoded, so every value is a string or an array of them). */
export function parseSurveyForm(body: unknown): ParsedForm {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors: FormError[] = [];
  const answers: Record<string, unknown> = {};
  for (const q of QUESTIONS) {
    const r = parseOne(q, b[q.key]);
    if (r.error) errors.push({ field: q.key, message: r.error });
    else if (r.value !== undefined) answers[q.key] = r.value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers: answers as SurveyAnswers };
}

/** A stored value this version of the question can read, or undefined. */
function storedValue(q: Question, v: unknown): unknown {
  switch (q.kind) {
    case 'scale':
      return typeof v === 'number' ? v : undefined;
    case 'choice':
    case 'text':
      return typeof v === 'string' ? v : undefined;
    case 'multi':
      return Array.isArray(v) ? v : undefined;
    case 'yesno':
      return typeof v === 'boolean' ? v : undefined;
  }
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
  const raw = new Map(rows.map((r) => [r.questionKey, r.value]));
  const a: Record<string, unknown> = {};
  for (const q of QUESTIONS) {
    const v = storedValue(q, raw.get(q.key));
    if (v !== undefined) a[q.key] = v;
  }
  return a as SurveyAnswers;
}

/** An answer as the results' CSV writes it: option labels, `oui`/`non`, blank when unanswered. */
export function csvAnswer(q: Question, value: unknown): string {
  if (value === undefined) return '';
  switch (q.kind) {
    case 'scale':
    case 'text':
      return String(value);
    case 'choice':
      return q.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multi':
      return (value as unknown[])
        .map((v) => q.options.find((o) => o.value === v)?.label ?? String(v))
        .join(', ');
    case 'yesno':
      return value ? 'oui' : 'non';
  }
}
