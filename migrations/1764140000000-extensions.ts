import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Extensions1764140000000 implements MigrationInterface {
  name = 'Extensions1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    // unaccent() is only STABLE (it depends on the dictionary setting); index expressions need an
    // IMMUTABLE function, so pin the dictionary explicitly in a wrapper.
    await q.query(`
      CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    // Normalised form used for search and duplicate detection: no accents, lower case, single spaces.
    await q.query(`
      CREATE OR REPLACE FUNCTION f_normalize(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT regexp_replace(lower(public.f_unaccent($1)), '[^a-z0-9]+', ' ', 'g') $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS f_normalize(text)');
    await q.query('DROP FUNCTION IF EXISTS f_unaccent(text)');
  }
}
