/** Removes the spaces (and dots) people type in SIRET numbers. */
export function normalizeSiret(input: string): string {
  return input.replace(/[\s.\u00a0]/g, '');
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const LA_POSTE_SIREN = '356000000';

/**
 * A valid SIRET: 14 digits passing Luhn, except La Poste's establishments (SIREN 356000000), whose
 * digits sum to a multiple of 5 instead.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== '35600000000048') {
    return [...siret].reduce((s, d) => s + Number(d), 0) % 5 === 0;
  }
  return luhn(siret);
}

export function sirenOf(siret: string): string {
  return siret.slice(0, 9);
}

/** Appends the Luhn check digit: used by the data generator and tests to make valid numbers. */
export function withLuhnDigit(first13: string): string {
  for (let d = 0; d <= 9; d++) if (luhn(first13 + d)) return first13 + d;
  throw new Error('unreachable');
}
