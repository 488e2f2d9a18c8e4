import type { DataSource } from 'typeorm';
import { Generator, type SeedOptions, type SeedResult } from './generator.js';

/** Runs every step of the generator in dependency order. Refuses a database that has employers. */
export async function seed(ds: DataSource, opts: SeedOptions): Promise<SeedResult> {
  const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM employers')) as { n: number }[];
  if (n > 0) throw new Error(`the database already has ${n} employers: seed an empty database`);
  const g = new Generator(ds, opts);
  const accounts = await g.users();
  await g.employersAndContacts();
  await g.interactions();
  await g.offers();
  await g.youngPeople();
  await g.events();
  await g.placements();
  await g.survey();
  // VACUUM as well: bulk inserts leave no visibility map, so index-only scans would not happen.
  await ds.query('VACUUM ANALYZE');
  return { accounts, counts: g.counts };
}
