import { PASSWORD_MESSAGES } from '../auth/password-policy.js';
import type { DomainError, ErrorCode, FieldError } from '../common/domain-error.js';
import { FORM_ERROR, type FieldErrors } from './components/form.js';

// Every message a page shows for an error comes from here: the API's codes and field errors
// (English, for developers) become French sentences for staff. Add a line, never a French
// string in a service.

/** The sentence for an error that concerns the whole request. */
export function messageForCode(code: ErrorCode): string {
  switch (code) {
    case 'NOT_FOUND':
      return 'Cet élément n’existe pas ou plus.';
    case 'VALIDATION_FAILED':
      return 'Certaines informations ne sont pas valides.';
    case 'INVALID_CREDENTIALS':
      return 'Adresse e-mail ou mot de passe incorrect.';
    case 'UNAUTHENTICATED':
      return 'Votre session a pris fin. Connectez-vous à nouveau.';
    case 'FORBIDDEN':
      return 'Votre rôle ne permet pas cette action.';
    case 'STALE_VERSION':
      return 'Quelqu’un d’autre a modifié cet élément pendant que vous le modifiiez. Rechargez la page pour voir sa version actuelle, puis refaites vos changements.';
    case 'CONCURRENT_UPDATE':
      return 'Une autre modification a été enregistrée au même moment. Réessayez.';
    case 'OWN_ACCOUNT_PROTECTED':
      return 'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administration.';
    case 'EMPLOYER_MERGED':
      return 'Cette entreprise a été fusionnée avec une autre : continuez sur la fiche qui la remplace.';
    case 'MERGE_TARGET_ARCHIVED':
      return 'Impossible de fusionner vers une entreprise archivée.';
    case 'PERSON_ERASED':
      return 'Cette personne a été anonymisée : sa fiche ne peut plus être modifiée.';
    case 'EXTERNAL_ID_TAKEN':
      return 'Un jeune porte déjà cet identifiant externe.';
    case 'PLACEMENT_NOT_HIRED':
      return 'Cette action n’est possible qu’une fois l’embauche enregistrée.';
    case 'PLACEMENT_CLOSED':
      return 'Ce contrat est terminé : ses dates ne peuvent plus changer.';
    case 'FOLLOW_UP_CLOSED':
      return 'Ce suivi est déjà réalisé ou annulé.';
    case 'EVENT_FULL':
      return 'L’événement est complet.';
    case 'EVENT_NOT_STARTED':
      return 'La présence ne peut être notée qu’une fois l’événement commencé.';
    case 'CAMPAIGN_EXISTS':
      return 'Une campagne existe déjà pour cette année.';
    case 'EMAIL_TAKEN':
      return 'Un compte utilise déjà cette adresse e-mail.';
    case 'EMPLOYER_SIRET_TAKEN':
      return 'Une entreprise avec ce SIRET existe déjà.';
    case 'TRANSITION_NOT_ALLOWED':
      return 'Ce changement d’état n’est pas possible.';
    case 'SERVICE_UNAVAILABLE':
      return 'Le service est momentanément indisponible. Réessayez dans quelques instants.';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

// The services' field messages that say something specific, in French. Matched on the English
// message; anything else falls back to a sentence naming the field.
const FIELD_MESSAGES: [RegExp, string | ((label: string) => string)][] = [
  [/is not an active staff member|no user has this id/, 'Choisissez un membre actif de l’équipe.'],
  [/give a name or at least a job title/, 'Indiquez un nom ou au moins une fonction.'],
  [
    /indiquez le motif pour lequel/,
    'Indiquez le motif de la levée de l’opposition, par exemple la demande écrite de l’employeur.',
  ],
  [
    /must be another employer than the one merged/,
    'Choisissez une autre entreprise que celle fusionnée.',
  ],
  [/is not an existing employer|no such employer/, 'Cette entreprise n’existe pas.'],
  [/no young person has this id|no such young person/, 'Ce jeune n’existe pas.'],
  [/was erased/, 'Cette personne a été anonymisée.'],
  [/cannot be in the future/, (l) => `« ${l} » ne peut pas être dans le futur.`],
  [/must not be before/, (l) => `« ${l} » est antérieure à la date de début.`],
  [/must be a date|is not a valid date|date/i, (l) => `Saisissez une date valide pour « ${l} ».`],
  [
    /must be a UUID|must be a valid UUID/,
    (l) => `Choisissez une valeur dans la liste pour « ${l} ».`,
  ],
  [/does not belong to this employer/, 'Ce contact n’appartient pas à cette entreprise.'],
  [/opted out/, 'Cette personne a refusé d’être contactée.'],
  [/is listed twice/, 'Cet élément apparaît deux fois.'],
  [/unknown field/, 'Ce champ n’est pas attendu.'],
  [/ is reserved$/, 'Cet identifiant est réservé par l’application : choisissez-en un autre.'],
  [/ is used twice$/, 'Cet identifiant est déjà celui d’une autre étape.'],
  [/^year must be between/, 'Saisissez une année sur quatre chiffres, de 2000 à l’année en cours.'],
  [/must be an email/, 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'],
  [
    /must be longer than or equal to 12 characters/,
    (l) => `« ${l} » doit contenir au moins 12 caractères.`,
  ],
];

/** One field error in French; `label` is the field's visible label. */
export function fieldMessage(error: FieldError, label: string): string {
  // The password rules already speak French (src/auth/password-policy.ts).
  if ((Object.values(PASSWORD_MESSAGES) as string[]).includes(error.message)) return error.message;
  for (const [pattern, french] of FIELD_MESSAGES)
    if (pattern.test(error.message)) return typeof french === 'string' ? french : french(label);
  return `La valeur de « ${label} » n’est pas acceptée.`;
}

/**
 * A domain error as the errors of a form: field errors beside their field (keyed by the API
 * field name), anything else under `_form`, shown in the error summary.
 */
export function formErrorsOf(err: DomainError, labels: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const e of err.errors) {
    if (out[e.field]) continue;
    out[e.field] = fieldMessage(e, labels[e.field] ?? e.field);
  }
  if (!err.errors.length) out[FORM_ERROR] = messageForCode(err.code);
  return out;
}
