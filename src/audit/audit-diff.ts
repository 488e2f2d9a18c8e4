import type { FieldChange } from './audit-log.entity.js';

// Identity and contact values never go into the audit log: an RGPD erase must leave no trace,
// so only the fact that these fields changed is kept.
export const SENSITIVE_FIELDS = new Set([
  'password',
  'passwordHash',
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthDate',
  'externalId',
  'token',
  'tokenHash',
]);

const IGNORED = new Set(['updatedAt', 'createdAt', 'version']);

function comparable(v: unknown): string {
  return JSON.stringify(v instanceof Date ? v.toISOString() : (v ?? null));
}

/** Field-level changes between two snapshots; sensitive fields are named without their values. */
export function diff(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...keys].sort()) {
    if (IGNORED.has(field)) continue;
    const b = before?.[field];
    const a = after?.[field];
    if (comparable(b) === comparable(a)) continue;
    if (SENSITIVE_FIELDS.has(field)) changes.push({ field });
    else
      changes.push({
        field,
        ...(before ? { before: b ?? null } : {}),
        ...(after ? { after: a ?? null } : {}),
      });
  }
  return changes;
}
