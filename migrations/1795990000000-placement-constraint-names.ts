import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The placements' foreign keys get names chosen by us instead of TypeORM's hashes, so the service
 * that turns a violation into "which field is wrong" names them plainly (placement.entity.ts sets
 * the same names, so the schema check finds nothing to change).
 */
const RENAMES: [string, string][] = [
  ['FK_e7b246bd9b2accb27af0da599a5', 'placements_young_person_fk'],
  ['FK_345d54f8326a195fb2e04999084', 'placements_employer_fk'],
  ['FK_567bc33804baa5f142db56caa01', 'placements_job_offer_fk'],
  ['FK_1bba4794214b3016a8044eb67e3', 'placements_event_fk'],
  ['FK_406593c7d868a6e2af3b9a9fad6', 'placements_adviser_fk'],
];

export class PlacementConstraintNames1795990000000 implements MigrationInterface {
  name = 'PlacementConstraintNames1795990000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES)
      await q.query(`ALTER TABLE "placements" RENAME CONSTRAINT "${from}" TO "${to}"`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES)
      await q.query(`ALTER TABLE "placements" RENAME CONSTRAINT "${to}" TO "${from}"`);
  }
}
