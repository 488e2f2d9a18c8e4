import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Naf2025JobService } from '../../src/employers/naf-2025-job.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { cliEnv } from '../jobs/queue-helpers.js';

const exec = promisify(execFile);
// Each run starts the application in a new process: seconds on a busy machine.
const CLI_TIMEOUT = 120_000;

interface Row {
  id: string;
  naf_code: string | null;
  naf_version: string;
  version: number;
}

describe('npm run jobs -- naf-2025', () => {
  let t: TestApp;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-12-01T09:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'naf-2025-'));
    // One-to-one: 01.11Z → 01.11Y. Merged: 01.63Z and 01.64Z → 01.63Y.
    ids.cereals1 = await anEmployer(t.ds, { naf_code: '01.11Z' });
    ids.cereals2 = await anEmployer(t.ds, { naf_code: '01.11Z' });
    ids.seeds = await anEmployer(t.ds, { naf_code: '01.64Z', status: 'archived' });
    // Split: 01.49Z → 01.47Y, 01.48G, 01.48H, 01.48J (all in section A).
    ids.split = await anEmployer(t.ds, { naf_code: '01.49Z' });
    // Already NAF 2025, no code, merged into another record: not for this job.
    ids.already = await anEmployer(t.ds, { naf_code: '01.48G', naf_version: '2025' });
    ids.noCode = await anEmployer(t.ds, { naf_code: null });
    ids.merged = await anEmployer(t.ds, {
      naf_code: '01.11Z',
      status: 'archived',
      merged_into_id: ids.cereals1,
    });
  });
  afterAll(() => t.close());

  const rows = async (): Promise<Record<string, Row>> => {
    const list: Row[] = await t.ds.query(
      'SELECT id, naf_code, naf_version, version FROM employers ORDER BY id',
    );
    return Object.fromEntries(list.map((r) => [r.id, r]));
  };
  const audits = (): Promise<{ entity_id: string; actor_id: string | null; changes: unknown }[]> =>
    t.ds.query(
      `SELECT entity_id, actor_id, changes FROM audit_log
        WHERE entity = 'employer' AND action = 'naf_2025' ORDER BY entity_id`,
    );
  const cli = async (...args: string[]) => {
    const { stdout } = await exec(process.execPath, ['dist/src/cli/jobs.js', 'naf-2025', ...args], {
      env: cliEnv(t),
    });
    return (JSON.parse(stdout) as { job: string; result: Record<string, unknown> }).result;
  };
  const csvLines = (path: string) =>
    readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');

  it('proposes the one-to-one codes and lists the split ones, changing nothing', async () => {
    const before = await rows();
    const file = join(dir, 'proposals.csv');
    const result = await t.get(Naf2025JobService).run({ csvPath: file });
    expect(result).toEqual({
      rev2Employers: 4,
      proposable: 3,
      forReview: 1,
      reviewWithinOneSection: 1,
      applied: null,
      proposals: [
        { nafCode: '01.11Z', proposed: '01.11Y', employers: 2 },
        { nafCode: '01.64Z', proposed: '01.63Y', employers: 1 },
      ],
      review: [
        {
          nafCode: '01.49Z',
          candidates: ['01.47Y', '01.48G', '01.48H', '01.48J'],
          section: '2025-A',
          employers: 1,
        },
      ],
      file,
    });
    expect(await rows()).toEqual(before);
    expect(await audits()).toEqual([]);

    const [header, ...lines] = csvLines(file);
    expect(header).toBe(
      'Identifiant;Code NAF rév. 2;Code NAF 2025 proposé;Codes NAF 2025 possibles;Suite',
    );
    const cereals = [ids.cereals1, ids.cereals2].sort();
    expect(lines).toEqual([
      `${cereals[0]};01.11Z;01.11Y;01.11Y;proposé`,
      `${cereals[1]};01.11Z;01.11Y;01.11Y;proposé`,
      `${ids.seeds};01.64Z;01.63Y;01.63Y;proposé`,
      `${ids.split};01.49Z;;01.47Y 01.48G 01.48H 01.48J;à revoir`,
    ]);
  });

  it('refuses to overwrite a file, before writing anything', async () => {
    const before = await rows();
    const file = join(dir, 'exists.csv');
    writeFileSync(file, 'kept');
    await expect(t.get(Naf2025JobService).run({ apply: true, csvPath: file })).rejects.toThrow(
      'EEXIST',
    );
    expect(readFileSync(file, 'utf8')).toBe('kept');
    expect(await rows()).toEqual(before);
    expect(await audits()).toEqual([]);
  });

  it(
    'refuses an unknown option on the command line',
    async () => {
      await expect(cli('--aply')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('naf-2025: unexpected "--aply"'),
      });
    },
    CLI_TIMEOUT,
  );

  it(
    '--apply moves the one-to-one employers to NAF 2025 with an audit entry each, and only them',
    async () => {
      const before = await rows();
      await t.ds.query('DELETE FROM indicator_changes');
      const file = join(dir, 'applied.csv');
      const result = await cli('--apply', '--csv', file);
      expect(result).toMatchObject({ rev2Employers: 4, proposable: 3, forReview: 1, applied: 3 });

      const after = await rows();
      for (const [id, code] of [
        [ids.cereals1, '01.11Y'],
        [ids.cereals2, '01.11Y'],
        [ids.seeds, '01.63Y'],
      ] as const)
        expect(after[id!]).toEqual({
          id,
          naf_code: code,
          naf_version: '2025',
          version: before[id!]!.version + 1,
        });
      for (const untouched of [ids.split, ids.already, ids.noCode, ids.merged])
        expect(after[untouched!]).toEqual(before[untouched!]);

      expect(await audits()).toEqual(
        [
          [ids.cereals1, '01.11Z', '01.11Y'],
          [ids.cereals2, '01.11Z', '01.11Y'],
          [ids.seeds, '01.64Z', '01.63Y'],
        ]
          .sort(([a], [b]) => a!.localeCompare(b!))
          .map(([id, from, to]) => ({
            entity_id: id,
            actor_id: null,
            changes: [
              { field: 'nafCode', before: from, after: to },
              { field: 'nafVersion', before: 'rev2', after: '2025' },
            ],
          })),
      );
      // The indicator cache heard of the change (the employers trigger fired).
      expect(await t.ds.query('SELECT count(*)::int AS n FROM indicator_changes')).not.toEqual([
        { n: 0 },
      ]);
      expect(csvLines(file).filter((l) => l.endsWith(';appliqué'))).toHaveLength(3);
      expect(csvLines(file).at(-1)).toBe(
        `${ids.split};01.49Z;;01.47Y 01.48G 01.48H 01.48J;à revoir`,
      );
    },
    CLI_TIMEOUT,
  );

  it(
    'a second --apply finds nothing left to move and writes nothing',
    async () => {
      const before = await rows();
      const auditCount = (await audits()).length;
      const result = await cli('--apply');
      expect(result).toEqual({
        rev2Employers: 1,
        proposable: 0,
        forReview: 1,
        reviewWithinOneSection: 1,
        applied: 0,
        proposals: [],
        review: [expect.objectContaining({ nafCode: '01.49Z', employers: 1 })],
        file: null,
      });
      expect(await rows()).toEqual(before);
      expect(await audits()).toHaveLength(auditCount);
    },
    CLI_TIMEOUT,
  );
});
