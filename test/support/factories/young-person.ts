import type { DataSource } from 'typeorm';
import { type Columns, hex, insertRow } from './sql.js';

export type YoungPersonColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'external_id'
  | 'first_name'
  | 'last_name'
  | 'birth_date'
  | 'email'
  | 'phone'
  | 'referent_id'
  | 'erased_at'
>;

export function aYoungPerson(ds: DataSource, overrides: YoungPersonColumns = {}): Promise<string> {
  return insertRow(ds, 'young_people', {
    first_name: 'Léa',
    last_name: `Durand-${hex(2)}`,
    ...overrides,
  });
}
