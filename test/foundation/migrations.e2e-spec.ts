import { createDataSource } from '../../src/database/data-source.js';
import { cloneDatabase } from '../support/test-app.js';
import { databaseUrl } from '../support/env.js';

describe('migrations', () => {
  it('leave no difference between the entities and the migrated schema', async () => {
    const ds = createDataSource({ databaseUrl: databaseUrl(await cloneDatabase()), dbPoolSize: 1 });
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('revert cleanly, down to an empty schema, and apply again', async () => {
    const ds = createDataSource({ databaseUrl: databaseUrl(await cloneDatabase()), dbPoolSize: 1 });
    await ds.initialize();
    try {
      for (let i = 0; i < ds.migrations.length; i++)
        await ds.undoLastMigration({ transaction: 'each' });
      const tables = await ds.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'",
      );
      expect(tables).toEqual([{ n: 0 }]);
      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(ds.migrations.length);
    } finally {
      await ds.destroy();
    }
  });
});
