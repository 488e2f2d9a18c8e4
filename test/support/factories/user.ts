import type { DataSource } from 'typeorm';
import { type Columns, hex, insertRow } from './sql.js';

export type UserColumns = Columns<
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'email'
  | 'display_name'
  | 'role'
  | 'active'
  | 'password_hash'
>;

/** A staff user row that cannot log in (for an author or a referent; log in with TestApp's staff). */
export function aUser(ds: DataSource, overrides: UserColumns = {}): Promise<string> {
  return insertRow(ds, 'users', {
    email: `user-${hex(4)}@ml.example`,
    display_name: 'Auteur',
    role: 'adviser',
    password_hash: 'x',
    ...overrides,
  });
}
