import type { Role } from '../common/vocabulary.js';

/** The service's name as staff read it in titles and the header. */
export const SERVICE_NAME = 'CRM relations entreprises';

export const ROLE_LABELS: Record<Role, string> = {
  adviser: 'Conseiller·ère',
  manager: 'Direction',
  admin: 'Administration',
};
