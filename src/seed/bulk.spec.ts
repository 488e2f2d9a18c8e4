import type { EntityManager } from 'typeorm';
import { bulkInsert } from './bulk.js';
import { SEED_TABLES } from './tables.js';

/** An EntityManager that records the statements it is given instead of running them. */
function recorder(): { m: EntityManager; calls: { sql: string; params: unknown[] }[] } {
  const calls: { sql: string; params: unknown[] }[] = [];
  const m = {
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return [];
    },
  } as unknown as EntityManager;
  return { m, calls };
}

describe('bulk insert of seed rows keyed by column', () => {
  it("writes the table's declared columns, in their order, NULL where a row leaves one out", async () => {
    const { m, calls } = recorder();
    await bulkInsert(m, 'event_young_people', [
      { event_id: 'e1', young_person_id: 'y1', attendance: 'attended' },
      { young_person_id: 'y2', event_id: 'e1' },
    ]);
    expect(calls).toHaveLength(1);
    const columns = Object.keys(SEED_TABLES.event_young_people);
    expect(calls[0]!.sql).toContain(`INSERT INTO event_young_people (${columns.join(', ')})`);
    expect(calls[0]!.params).toEqual([
      ['e1', 'e1'],
      ['y1', 'y2'],
      ['attended', null],
    ]);
  });

  it('refuses a key that is not a column of the table, before writing anything', async () => {
    const { m, calls } = recorder();
    await expect(bulkInsert(m, 'events', [{ id: 'x', titel: 'Forum' } as never])).rejects.toThrow(
      'seed: events has no column titel',
    );
    expect(calls).toEqual([]);
  });

  it('writes nothing for no rows', async () => {
    const { m, calls } = recorder();
    await bulkInsert(m, 'users', []);
    expect(calls).toEqual([]);
  });
});
