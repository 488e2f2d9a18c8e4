import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { DomainError } from '../common/domain-error.js';

export const PASSWORD_MIN_LENGTH = 12;
/** zxcvbn's score, 0–4: 3 is "safely unguessable: moderate protection from offline attacks". */
export const PASSWORD_MIN_SCORE = 3;

// Built on first use: the dictionaries (common passwords, French words, first and last names,
// Wikipedia) take a moment to index, and most processes never check a password.
let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
    translations: fr.translations,
    // The l33t matcher tries every substitution of digits and symbols: 100 (the default) made a
    // random 21-character hex string take up to a second; 12 still catches `p@ssw0rd`-like ones.
    l33tMaxSubstitutions: 12,
    maxLength: 100,
  });
  return factory;
}

/** The refusals, in French: the API's problem+json and the web forms show them as they are. */
export const PASSWORD_MESSAGES = {
  tooShort: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  blank: 'Le mot de passe ne peut pas être fait que d’espaces.',
  guessable:
    'Ce mot de passe est trop facile à deviner (mot courant, prénom, suite de touches, e-mail ou nom du compte…). Choisissez une phrase de plusieurs mots sans rapport entre eux.',
} as const;

/**
 * Why a new password is refused, in French, or null when it is acceptable: at least 12
 * characters, not only spaces, and not guessable (zxcvbn score ≥ 3 with the French and common
 * dictionaries, and the account's own email and name as words an attacker would try).
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (!password.trim()) return PASSWORD_MESSAGES.blank;
  // The whole value, an email's local part, the words run together and each word:
  // `jeanne.dupont2026` and `jeannedupont75` are guessable.
  const inputs = userInputs
    .flatMap((s) => {
      const words = s.split(/[^\p{L}\p{N}]+/u);
      return [s, s.split('@')[0]!, words.join(''), ...words];
    })
    .filter(Boolean);
  // zxcvbn's cost grows with length; past 100 characters (maxLength) the score no longer matters.
  if (estimator().check(password, inputs).score < PASSWORD_MIN_SCORE)
    return PASSWORD_MESSAGES.guessable;
  return null;
}

/** The same, as the 400 naming the `password` field that the API and the web forms show. */
export function assertStrongPassword(password: string, userInputs: string[] = []): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw DomainError.invalid('password', problem);
}
