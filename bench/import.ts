// Background employer import (ADR 1403): a generated CSV of BENCH_IMPORT_ROWS rows (default
// 200,000, the import's cap) posted with async=true to an API process, run by a separate worker
// process, both with the production heap flags. Measures the worker's peak RSS while it imports
// (target: under 300 MB), the API's, and the time until the import is done.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withLuhnDigit } from '../src/reference/siret.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const SERVICE_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];
const ADMIN_EMAIL = 'bench-import@example.org';
const ADMIN_PASSWORD = `bench-${randomBytes(12).toString('hex')}`;
const HEADER =
  "SIRET;Raison sociale;Enseigne;Code NAF;Tranche d'effectif;Adresse;Code postal;Code commune INSEE;Statut;Origine;Étiquettes;QPV";

export interface ImportBenchResult {
  rows: number;
  seconds: number;
  status: string;
  totals: Record<string, number>;
  workerPeakRssMb: number;
  workerIdleRssMb: number;
  apiPeakRssMb: number;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const memory = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0; // exited
  }
};

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const put = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await put(`\ufeff${HEADER}\r\n`);
  for (let i = 0; i < rows; i++) {
    // Distinct valid SIRETs: 9 00000 + the row number, Luhn digit last.
    const siret = withLuhnDigit(`9${String(i).padStart(12, '0')}`);
    await put(`${siret};Entreprise ${i};;56.10A;;;25000;25056;prospect;autre;bench;non\r\n`);
  }
  out.end();
  await once(out, 'finish');
}

function start(role: 'api' | 'worker', dbUrl: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...SERVICE_NODE_FLAGS, 'dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ROLE: role,
      DATABASE_URL: dbUrl,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      PUBLIC_BASE_URL: 'https://crm.bench.example',
      SEED_DEMO_ON_EMPTY: 'false',
      JOB_SCHEDULES: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function importBench(dbUrl: string): Promise<ImportBenchResult> {
  const admin = new pg.Client({ connectionString: dbUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const name = new URL(dbUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
    env: { ...process.env, DATABASE_URL: dbUrl },
    stdio: 'inherit',
  });
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
  const file = join(dir, 'employeurs.csv');
  await writeCsv(file, ROWS);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const shared = {
    QUEUE_PREFIX: `bench-import-${Date.now()}`,
    IMPORT_DIR: join(dir, 'imports'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  };
  const api = start('api', dbUrl, {
    ...shared,
    PORT: String(port),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
  });
  let worker: ChildProcess | undefined;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 120) throw new Error('the API did not become ready');
      await new Promise((r) => setTimeout(r, 500));
    }
    worker = start('worker', dbUrl, shared);
    await new Promise((r) => setTimeout(r, 5000)); // the worker connects and idles
    const workerIdleRssMb = memory(worker.pid!, 'VmRSS');
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { Authorization: `Bearer ${accessToken}` };
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'employeurs.csv');
    const started = Date.now();
    const posted = await fetch(`${base}/api/v1/employers/import?async=true`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    if (posted.status !== 202) throw new Error(`import answered ${posted.status}`);
    const location = posted.headers.get('location')!;
    let workerPeakRssMb = 0;
    const sampler = setInterval(() => {
      workerPeakRssMb = Math.max(workerPeakRssMb, memory(worker!.pid!, 'VmRSS'));
    }, 200);
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const v = (await (await fetch(`${base}${location}`, { headers: auth })).json()) as {
          status: string;
          totals: Record<string, number>;
        };
        if (v.status === 'done' || v.status === 'failed')
          return {
            rows: ROWS,
            seconds: (Date.now() - started) / 1000,
            status: v.status,
            totals: v.totals,
            workerPeakRssMb,
            workerIdleRssMb,
            apiPeakRssMb: memory(api.pid!, 'VmHWM'),
          };
      }
    } finally {
      clearInterval(sampler);
    }
  } finally {
    if (worker) await stop(worker);
    await stop(api);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('import.js'))
  console.log(
    JSON.stringify({
      import: await importBench(
        process.env.BENCH_IMPORT_DATABASE_URL ??
          'postgres://postgres@127.0.0.1:5432/crm_bench_import',
      ),
    }),
  );
