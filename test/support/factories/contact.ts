import type { DataSource } from 'typeorm';
import { type Columns, hex, insertRow } from './sql.js';

export type ContactColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'first_name'
  | 'last_name'
  | 'job_title'
  | 'email'
  | 'phone'
  | 'is_primary'
  | 'survey_recipient'
  | 'opted_out_at'
  | 'erased_at'
>;

/** The primary contact person of an employer, with an email address of its own. */
export function aContact(
  ds: DataSource,
  employerId: string,
  overrides: ContactColumns = {},
): Promise<string> {
  return insertRow(ds, 'contact_persons', {
    employer_id: employerId,
    first_name: 'Camille',
    last_name: 'Martin',
    email: `rh-${hex(4)}@employeur.example`,
    is_primary: true,
    ...overrides,
  });
}
