// SIRENE import: a generated StockEtablissement of BENCH_SIRENE_ROWS rows (default 1 M) in
// INSEE's format, 2 % of them in the territory, streamed by `node dist/src/cli/sirene.js` with the
// production heap limits. Memory: the peak RSS must not grow with the file, so the same import
// of a file four times smaller is the reference (ratio of peaks close to 1). Speed: against the
// floor of csv-parse alone reading the same file.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import pg from 'pg';
import { withLuhnDigit } from '../src/reference/siret.js';

const ROWS = Number(process.env.BENCH_SIRENE_ROWS ?? 1_000_000);
const SERVICE_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];

const ETAB_HEADER = [
  'siren',
  'nic',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'etablissementSiege',
  'enseigne1Etablissement',
  'numeroVoieEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'codeCommuneEtablissement',
  'etatAdministratifEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'caractereEmployeurEtablissement',
];

async function writeFiles(dir: string, rows: number): Promise<{ etab: string; ul: string }> {
  const etab = join(dir, `StockEtablissement-${rows}.csv`);
  const ul = join(dir, `StockUniteLegale-${rows}.csv`);
  const e = createWriteStream(etab);
  const u = createWriteStream(ul);
  const put = async (s: NodeJS.WritableStream, line: string) => {
    if (!s.write(line)) await once(s, 'drain');
  };
  await put(e, `${ETAB_HEADER.join(',')}\n`);
  await put(
    u,
    'siren,statutDiffusionUniteLegale,denominationUniteLegale,nomUniteLegale,prenom1UniteLegale\n',
  );
  for (let i = 0; i < rows; i++) {
    const siren = String(100_000_000 + i);
    const siret = withLuhnDigit(`${siren}0001`);
    // 2 % in Besançon (territory), the rest in Montbéliard; one in ten closed.
    const commune =
      i % 50 === 0 ? ['25000', 'BESANCON', '25056'] : ['25200', 'MONTBELIARD', '25388'];
    const state = i % 10 === 0 ? 'F' : 'A';
    await put(
      e,
      `"${siren}","${siret.slice(9)}","${siret}","O","2015-03-01","11","true","ENSEIGNE ${i}","12","RUE","DES GRANGES","${commune[0]}","${commune[1]}","${commune[2]}","${state}","56.10A","NAFRev2","O"\n`,
    );
    await put(u, `"${siren}","O","SOCIETE ${i}","",""\n`);
  }
  e.end();
  u.end();
  await Promise.all([once(e, 'finish'), once(u, 'finish')]);
  return { etab, ul };
}

async function peakImport(dbUrl: string, files: { etab: string; ul: string }) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...SERVICE_NODE_FLAGS,
      'dist/src/cli/sirene.js',
      '--etablissements',
      files.etab,
      '--unites-legales',
      files.ul,
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        // Required in production; the import sends no mail.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        PUBLIC_BASE_URL: 'https://crm.bench.example',
        SEED_DEMO_ON_EMPTY: 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  let peakMb = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakMb = Math.max(peakMb, Math.round(Number(m[1]) / 1024));
    } catch {
      // exited
    }
  }, 200);
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(timer);
  if (code !== 0) throw new Error(`sirene import exited ${code}`);
  return {
    seconds: (Date.now() - started) / 1000,
    peakMb,
    report: JSON.parse(out.trim().split('\n').pop()!),
  };
}

async function floorSeconds(file: string): Promise<number> {
  const started = Date.now();
  let n = 0;
  for await (const _ of createReadStream(file).pipe(parse({ columns: true }))) n++;
  if (n === 0) throw new Error('empty file');
  return (Date.now() - started) / 1000;
}

export interface SireneBenchResult {
  rows: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  peakRssMb: number;
  smallRows: number;
  smallPeakRssMb: number;
  memoryGrowth: number;
}

export async function sireneBench(dbUrl: string): Promise<SireneBenchResult> {
  const admin = new pg.Client({ connectionString: dbUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const name = new URL(dbUrl).pathname.slice(1);
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
    env: { ...process.env, DATABASE_URL: dbUrl },
    stdio: 'inherit',
  });
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-sirene-'));
  try {
    const small = await writeFiles(dir, Math.round(ROWS / 4));
    const big = await writeFiles(dir, ROWS);
    const s = await peakImport(dbUrl, small);
    const b = await peakImport(dbUrl, big);
    const floor = await floorSeconds(big.etab);
    return {
      rows: ROWS,
      seconds: b.seconds,
      floorSeconds: floor,
      ratio: Math.round((floor / b.seconds) * 100) / 100,
      peakRssMb: b.peakMb,
      smallRows: Math.round(ROWS / 4),
      smallPeakRssMb: s.peakMb,
      memoryGrowth: Math.round((b.peakMb / s.peakMb) * 100) / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('sirene.js'))
  console.log(
    JSON.stringify({
      sirene: await sireneBench(
        process.env.BENCH_SIRENE_DATABASE_URL ??
          'postgres://postgres@127.0.0.1:5432/crm_bench_sirene',
      ),
    }),
  );
