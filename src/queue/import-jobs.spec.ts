import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { ImportJobs, type ImportJobRow } from './import-jobs.js';

interface Row extends ImportJobRow {
  counted: number;
}

/** An in-memory table with the four repository calls ImportJobs makes. */
function table() {
  const rows = new Map<string, Row>();
  let next = 0;
  const matches = (row: Row, where: Partial<Row>) =>
    Object.entries(where).every(([k, v]) => row[k as keyof Row] === v);
  const repo = {
    create: (fields: Partial<Row>) => ({ ...fields }),
    save: async (fields: Partial<Row>) => {
      const row: Row = {
        id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
        status: 'queued',
        actorId: '',
        error: null,
        counted: 0,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        ...fields,
      };
      rows.set(row.id, row);
      return { ...row };
    },
    findOneBy: async ({ id }: { id: string }) => {
      const row = rows.get(id);
      return row ? { ...row } : null;
    },
    update: async (where: Partial<Row>, fields: Partial<Row>) => {
      let affected = 0;
      for (const row of rows.values())
        if (matches(row, where)) {
          Object.assign(row, fields);
          affected++;
        }
      return { affected, raw: [], generatedMaps: [] };
    },
  };
  return { rows, repo: repo as unknown as Repository<Row> };
}

// An upload from another file system when the machine has one (then the move is a copy and a
// delete, as from the OS temporary directory into a Docker volume), else from a sibling folder.
function uploadsDir(importDir: string): string {
  const other = '/dev/shm';
  if (existsSync(other) && statSync(other).dev !== statSync(importDir).dev)
    return mkdtempSync(join(other, 'crm-import-jobs-spec-'));
  return mkdtempSync(join(tmpdir(), 'crm-import-jobs-spec-uploads-'));
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function setUp(queueAdd: Queue['add'] = async () => ({}) as never) {
  const importDir = mkdtempSync(join(tmpdir(), 'crm-import-jobs-spec-'));
  const uploads = uploadsDir(importDir);
  made.push(importDir, uploads);
  const { rows, repo } = table();
  const added: unknown[][] = [];
  const logged: string[] = [];
  const queue = {
    add: (...args: Parameters<Queue['add']>) => (added.push(args), queueAdd(...args)),
  } as unknown as Queue;
  const logger = { error: (line: string) => logged.push(line) } as unknown as Logger;
  const jobs = new ImportJobs(repo, {
    job: 'test-import',
    queue,
    importDir,
    files: { first: '.first.csv', second: '.second.csv' },
    logger,
    logLabel: 'test import',
  });
  const upload = (name: string, content: string) => {
    const path = join(uploads, name);
    writeFileSync(path, content);
    return path;
  };
  return { importDir, uploads, rows, added, logged, jobs, upload };
}

const alice = { id: 'a11ce000-0000-4000-8000-000000000001', role: 'manager' };

describe('ImportJobs', () => {
  it('moves the uploads into IMPORT_DIR under the import id and queues the id only', async () => {
    const s = setUp();
    const first = s.upload('a.csv', 'first file');
    const second = s.upload('b.csv', 'second file');
    const { id, status } = await s.jobs.enqueue({ actorId: alice.id }, { first, second });
    expect(status).toBe('queued');
    expect(readdirSync(s.uploads)).toEqual([]);
    expect(readdirSync(s.importDir).sort()).toEqual([`${id}.first.csv`, `${id}.second.csv`]);
    expect(readFileSync(s.jobs.files(id).second, 'utf8')).toBe('second file');
    expect(s.added).toEqual([
      ['test-import', { importId: id }, { jobId: `test-import-${id}`, attempts: 1 }],
    ]);
    expect(s.rows.get(id)).toMatchObject({ status: 'queued', actorId: alice.id });
  });

  it('fails an import it cannot queue, deletes its files and throws', async () => {
    const s = setUp(async () => {
      throw new Error('Redis unreachable');
    });
    await expect(
      s.jobs.enqueue(
        { actorId: alice.id },
        { first: s.upload('a.csv', 'x'), second: s.upload('b.csv', 'y') },
      ),
    ).rejects.toThrow('Redis unreachable');
    const [row] = [...s.rows.values()];
    expect(row).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL_ERROR', detail: 'The import could not be queued' },
    });
    expect(row!.finishedAt).toBeInstanceOf(Date);
    expect(readdirSync(s.importDir)).toEqual([]);
    expect(readdirSync(s.uploads)).toEqual([]);
  });

  it('shows an import to its author and to an admin only', async () => {
    const s = setUp();
    const { id } = await s.jobs.enqueue(
      { actorId: alice.id },
      { first: s.upload('a.csv', 'x'), second: s.upload('b.csv', 'y') },
    );
    expect((await s.jobs.visible(id, alice)).id).toBe(id);
    expect((await s.jobs.visible(id, { id: 'someone-else', role: 'admin' })).id).toBe(id);
    await expect(s.jobs.visible(id, { id: 'someone-else', role: 'manager' })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
    await expect(
      s.jobs.visible('00000000-0000-4000-8000-999999999999', alice),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('claims a queued import once; a running one is a re-run, one over or gone is not run', async () => {
    const s = setUp();
    const { id } = await s.jobs.enqueue(
      { actorId: alice.id },
      { first: s.upload('a.csv', 'x'), second: s.upload('b.csv', 'y') },
    );
    const first = await s.jobs.claim(id);
    expect(first).toMatchObject({ rerun: false, row: { id, status: 'running' } });
    expect(s.rows.get(id)!.startedAt).toBeInstanceOf(Date);
    expect(await s.jobs.claim(id)).toMatchObject({ rerun: true, row: { id, status: 'running' } });
    await s.jobs.finish(id, 'done', {});
    expect(await s.jobs.claim(id)).toEqual({ outcome: { importId: id, status: 'done' } });
    const gone = '00000000-0000-4000-8000-999999999999';
    expect(await s.jobs.claim(gone)).toEqual({ outcome: { importId: gone, status: 'missing' } });
  });

  it('settles an import: its report when done, its error when failed, the files deleted', async () => {
    const s = setUp();
    const files = () => ({ first: s.upload('a.csv', 'x'), second: s.upload('b.csv', 'y') });
    const done = (await s.jobs.enqueue({ actorId: alice.id }, files())).id;
    const refused = (await s.jobs.enqueue({ actorId: alice.id }, files())).id;
    const broken = (await s.jobs.enqueue({ actorId: alice.id }, files())).id;

    expect(await s.jobs.settle(done, async () => ({ counted: 42 }))).toEqual({
      importId: done,
      status: 'done',
    });
    expect(s.rows.get(done)).toMatchObject({ status: 'done', counted: 42, error: null });

    await s.jobs.settle(refused, async () => {
      throw DomainError.invalid('first', 'is not a CSV file');
    });
    expect(s.rows.get(refused)).toMatchObject({
      status: 'failed',
      error: {
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'first' })],
      },
    });

    const secret = 'Jeanne Dupont, 12 rue des Lilas';
    const err = Object.assign(new TypeError(secret), { code: 'E_TEST' });
    expect(
      await s.jobs.settle(broken, async () => {
        throw err;
      }),
    ).toEqual({ importId: broken, status: 'failed' });
    expect(s.rows.get(broken)).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL_ERROR', detail: 'The import stopped on an unexpected error' },
    });
    expect(s.logged).toEqual([`test import ${broken} failed: TypeError E_TEST`]);
    expect(s.logged.join()).not.toContain('Jeanne');

    for (const id of [done, refused, broken])
      expect(s.rows.get(id)!.finishedAt).toBeInstanceOf(Date);
    expect(readdirSync(s.importDir)).toEqual([]);
  });
});
