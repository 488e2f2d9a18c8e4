// npm run bench: national-scale data, the service in production mode, autocannon against each
// endpoint at 10 and 50 connections, and the same SQL replayed through pg as the floor.
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runFloor, type Captured, type RunStats } from './floor.js';
import { importBench, type ImportBenchResult } from './import.js';
import { webLogin } from './web.js';
import { commit, machine, writeReport } from './report.js';
import { mailBench, type MailBenchResult } from './mail.js';
import { searchFloor } from './search-floor.js';
import { sireneBench, type SireneBenchResult } from './sirene.js';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/crm_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** Connections per suite, unless BENCH_CONNECTIONS sets them for all (e.g. `10`). */
const CONNECTIONS_SET = process.env.BENCH_CONNECTIONS?.split(',').map(Number);
const PASSWORD = 'demo-mission-locale';
const BENCH_SUBJECT = 'Appel de suivi (bench)';
export const SERVICE_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  /** A staff web session (`Cookie` header), for the pages of the web application. */
  cookie?: string;
  body?: unknown;
  read: boolean;
  /** A hand-written floor (the best SQL for the same answer) instead of the service's SQL. */
  floor?: (db: pg.Client) => Promise<{ statements: Captured[]; ids: string[] }>;
}

interface Row {
  endpoint: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  /** autocannon reports p90 and p97.5, no p95: the web pages' target is checked on p97.5. */
  p97_5: number;
  errors: number;
  non2xx: number;
  floorRps: number | null;
  floorP99: number | null;
  ratio: number | null;
  rssMb: number;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

// Written on the bench database once the seed has finished: a load cut short (Ctrl-C, a crash)
// leaves no mark, and the next run loads again instead of measuring half a dataset.
const readyMark = (scale: Scale) => `crm bench: ${scale} dataset, seed 1, complete`;

type Scale = 'national' | 'ml';
/** The staff web pages are measured on a Mission Locale's own data (issue 15), the API nationally. */
const DATABASES: Record<Scale, string> = {
  national: DB_URL,
  // BENCH_ML_DATABASE_URL: a copy of crm_bench_ml (createdb -T), to try indexes without touching it.
  ml: process.env.BENCH_ML_DATABASE_URL ?? DB_URL.replace(/\/[^/]+$/, '/crm_bench_ml'),
};

async function ensureData(scale: Scale): Promise<void> {
  const db = DATABASES[scale];
  const READY_MARK = readyMark(scale);
  const admin = new pg.Client({ connectionString: db.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const name = new URL(db).pathname.slice(1);
  const mark = await admin.query(
    `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
    [name],
  );
  if (mark.rows[0]?.mark !== READY_MARK) {
    console.log(`loading the ${scale} dataset into ${name} (once)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    execFileSync(process.execPath, ['dist/src/cli/seed.js', '--scale', scale, '--seed', '1'], {
      env: { ...process.env, DATABASE_URL: db },
      stdio: 'inherit',
    });
    await admin.query(`COMMENT ON DATABASE ${name} IS '${READY_MARK}'`);
  }
  await admin.end();
  // A dataset loaded by an older commit gets the migrations added since (indexes, columns).
  execFileSync(process.execPath, ['dist/src/cli/migrate.js'], {
    env: { ...process.env, DATABASE_URL: db },
    stdio: 'inherit',
  });
}

async function startService(port: number, db: string, queryLog?: string): Promise<ChildProcess> {
  // The same heap bounds as `npm run start:prod` and the Docker image.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, 'dist/src/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ROLE: 'api',
      PORT: String(port),
      DATABASE_URL: db,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      // Required in production; the API role sends no mail.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      PUBLIC_BASE_URL,
      QUEUE_PREFIX: `bench-${Date.now()}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '10000000',
      ...(queryLog ? { DB_QUERY_LOG: queryLog } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error('the service did not become ready');
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const PUBLIC_BASE_URL = 'https://crm.bench.example';
const owners = new Map<string, string>();

async function webSession(base: string, email: string): Promise<string> {
  const cookie = await webLogin(base, PUBLIC_BASE_URL, email, PASSWORD);
  owners.set(cookie, email);
  return cookie;
}
function tokenOwner(token: string): string | undefined {
  return owners.get(token);
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  const token = ((await res.json()) as { accessToken: string }).accessToken;
  owners.set(token, email);
  return token;
}

async function endpoints(base: string, db: string): Promise<Endpoint[]> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  const one = async <T>(sql: string): Promise<T> => (await c.query(sql)).rows[0] as T;
  const busy = await one<{ email: string; id: string }>(
    `SELECT u.email, u.id FROM users u JOIN placements p ON p.adviser_id = u.id JOIN follow_ups f ON f.placement_id = p.id
     WHERE f.status = 'planned' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const employer = await one<{ id: string; name: string }>(
    `SELECT e.id, coalesce(e.trade_name, e.legal_name) AS name FROM employers e JOIN interactions i ON i.employer_id = e.id
     WHERE e.trade_name IS NOT NULL GROUP BY e.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const epci = await one<{ code: string }>(
    `SELECT epci_code AS code FROM employers GROUP BY epci_code ORDER BY count(*) DESC LIMIT 1`,
  );
  const manager = await one<{ email: string }>(
    `SELECT email FROM users WHERE role = 'manager' ORDER BY email LIMIT 1`,
  );
  await c.end();

  const adviserToken = await login(base, busy.email);
  const managerToken = await login(base, manager.email);
  const words = employer.name.split(/\s+/);
  const fragment = (words[0] ?? '')
    .slice(0, 6)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  // Two typos: a dropped letter and a swapped pair.
  const typo = employer.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^(\w)(\w)(\w)/, '$1$3$2')
    .replace(/e(?=[^e]*$)/, '');
  const year = new Date().getUTCFullYear() - 1;
  return [
    {
      name: 'employers: name fragment',
      method: 'GET',
      path: `/api/v1/employers?q=${encodeURIComponent(fragment)}`,
      token: adviserToken,
      read: true,
      floor: (db) => searchFloor(db, fragment),
    },
    {
      name: 'employers: typos',
      method: 'GET',
      path: `/api/v1/employers?q=${encodeURIComponent(typo)}`,
      token: adviserToken,
      read: true,
      floor: (db) => searchFloor(db, typo),
    },
    {
      name: 'employers: EPCI + dormant',
      method: 'GET',
      path: `/api/v1/employers?epci=${epci.code}&dormant=true`,
      token: adviserToken,
      read: true,
    },
    {
      name: 'employer timeline',
      method: 'GET',
      path: `/api/v1/employers/${employer.id}/timeline`,
      token: adviserToken,
      read: true,
    },
    {
      name: 'me/agenda (busy adviser)',
      method: 'GET',
      path: '/api/v1/me/agenda',
      token: adviserToken,
      read: true,
    },
    { name: 'public offers', method: 'GET', path: '/public/job-offers', read: true },
    // The public board (HTML, rendered by Preact): the whole board, and words + contract type.
    { name: 'job board /offres', method: 'GET', path: '/offres', read: true },
    {
      name: 'job board: words + contract',
      method: 'GET',
      path: '/offres?q=vendeuse&contrat=cdi',
      read: true,
    },
    {
      // The current year, up to today: computed from the rows on every request.
      name: 'indicators (this year)',
      method: 'GET',
      path: `/api/v1/indicators?from=${year + 1}-01-01&to=${year + 1}-12-31`,
      token: managerToken,
      read: true,
    },
    {
      // Closed months: served from the cache while nothing they count changes (ADR 1612).
      name: 'indicators (last year, closed)',
      method: 'GET',
      path: `/api/v1/indicators?from=${year}-01-01&to=${year}-12-31`,
      token: managerToken,
      read: true,
    },
    {
      name: 'create interaction',
      method: 'POST',
      path: `/api/v1/employers/${employer.id}/interactions`,
      token: adviserToken,
      body: {
        type: 'phone',
        direction: 'outbound',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        subject: BENCH_SUBJECT,
      },
      read: false,
    },
  ];
}

/** The staff web application's main pages, with a session cookie (issue 15: p95 ≤ 50 ms). */
async function webEndpoints(base: string, db: string): Promise<Endpoint[]> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  const one = async <T>(sql: string): Promise<T> => (await c.query(sql)).rows[0] as T;
  const busy = await one<{ email: string }>(
    `SELECT u.email FROM users u JOIN placements p ON p.adviser_id = u.id JOIN follow_ups f ON f.placement_id = p.id
     WHERE f.status = 'planned' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const employer = await one<{ id: string; name: string }>(
    `SELECT e.id, e.legal_name AS name FROM employers e JOIN interactions i ON i.employer_id = e.id
     GROUP BY e.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const manager = await one<{ email: string }>(
    `SELECT email FROM users WHERE role = 'manager' ORDER BY email LIMIT 1`,
  );
  await c.end();
  const adviser = await webSession(base, busy.email);
  const boss = await webSession(base, manager.email);
  const fragment = (employer.name.split(/\s+/)[0] ?? '').slice(0, 6).toLowerCase();
  const page = (name: string, path: string, cookie: string): Endpoint => ({
    name: `web: ${name}`,
    method: 'GET',
    path,
    cookie,
    read: true,
  });
  return [
    page('Ma journée', '/', adviser),
    page('employer search', `/employers?q=${encodeURIComponent(fragment)}`, adviser),
    page('employer page', `/employers/${employer.id}`, adviser),
    page('job offers', '/job-offers', adviser),
    page('survey campaigns', '/survey-campaigns', boss),
  ];
}

/** The benchmarks that run on their own database, outside the two suites. */
const STANDALONE = ['mail', 'sirene', 'import'];

const SUITES: {
  scale: Scale;
  /** Whether BENCH_ONLY selects this suite: the endpoints' names are known once it runs. */
  selected: (only: RegExp) => boolean;
  /**
   * The API at the load of issue 16 (10 and 50 clients); the staff pages at one client — the
   * server time of a page, what a person waits for (issue 15) — and at 10.
   */
  connections: number[];
  endpoints: (base: string, db: string) => Promise<Endpoint[]>;
}[] = [
  // The national API suite runs unless BENCH_ONLY names the web pages or one of the stand-alone
  // benchmarks (mail, sirene, import): those must not load the national dataset first.
  {
    scale: 'national',
    selected: (only) => !['web:', ...STANDALONE].some((name) => only.test(name)),
    connections: [10, 50],
    endpoints,
  },
  {
    scale: 'ml',
    selected: (only) => only.test('web:'),
    connections: [1, 10],
    endpoints: webEndpoints,
  },
];

const headersOf = (e: Endpoint): Record<string, string> => ({
  ...(e.token ? { authorization: `Bearer ${e.token}` } : {}),
  ...(e.cookie ? { cookie: e.cookie } : {}),
  ...(e.body ? { 'content-type': 'application/json' } : {}),
});

async function capture(
  base: string,
  e: Endpoint,
  queryLog: string,
): Promise<{ statements: Captured[]; body: string }> {
  writeFileSync(queryLog, '');
  const res = await fetch(`${base}${e.path}`, {
    method: e.method,
    headers: headersOf(e),
    body: e.body ? JSON.stringify(e.body) : undefined,
  });
  const body = await res.text();
  if (res.status >= 300) throw new Error(`${e.name}: ${res.status} ${body}`);
  await new Promise((r) => setTimeout(r, 100));
  const statements = readFileSync(queryLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Captured);
  return { statements, body };
}

/**
 * A hand-written floor must give the page the service gave, else the comparison means nothing.
 * The request's other statements (the caller's session check) are replayed as captured.
 */
async function handWrittenFloor(
  e: Endpoint,
  captured: { statements: Captured[]; body: string },
): Promise<Captured[]> {
  const serviceBody = captured.body;
  const others = captured.statements.filter(
    (st) => !/^(START TRANSACTION|BEGIN|COMMIT)/i.test(st.query) && !/\bemployers\b/.test(st.query),
  );
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  try {
    const { statements, ids } = await e.floor!(db);
    const served = (JSON.parse(serviceBody) as { items: { id: string }[] }).items.map((i) => i.id);
    if (JSON.stringify(ids.slice(0, served.length)) !== JSON.stringify(served))
      throw new Error(`${e.name}: the floor's answer differs from the service's`);
    return [...others, ...statements];
  } finally {
    await db.end();
  }
}

function load(
  base: string,
  e: Endpoint,
  connections: number,
  duration: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${base}${e.path}`,
        method: e.method,
        connections,
        pipelining: 1,
        duration,
        headers: headersOf(e),
        body: e.body ? JSON.stringify(e.body) : undefined,
        // Writes get distinct instants, as real ones would: thousands of interactions at the same
        // millisecond would make the timeline's newest-first index scan read them all.
        ...(e.body
          ? {
              requests: [
                {
                  setupRequest: (req: autocannon.Request) => ({
                    ...req,
                    body: JSON.stringify({
                      ...(e.body as object),
                      occurredAt: new Date(
                        Date.now() - Math.floor(Math.random() * 30 * 86_400_000),
                      ).toISOString(),
                    }),
                  }),
                },
              ],
            }
          : {}),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;

async function postgresVersion(): Promise<string> {
  const c = new pg.Client({ connectionString: DB_URL });
  await c.connect();
  const { rows } = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  await c.end();
  return rows[0]?.v ?? 'unknown';
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function measureSuite(suite: (typeof SUITES)[number]): Promise<Row[]> {
  await ensureData(suite.scale);
  const db = DATABASES[suite.scale];
  const dir = join(tmpdir(), `crm-bench-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const queryLog = join(dir, 'queries.jsonl');

  // Phase 1: capture the SQL each endpoint runs (query log on), for the floor.
  let port = await freePort();
  let base = `http://127.0.0.1:${port}`;
  let service = await startService(port, db, queryLog);
  const plan: { e: Endpoint; statements: Captured[] }[] = [];
  try {
    for (const e of (await suite.endpoints(base, db)).filter((x) => !ONLY || ONLY.test(x.name))) {
      let statements: Captured[] = [];
      if (e.read) {
        const captured = await capture(base, e, queryLog);
        statements = e.floor
          ? await handWrittenFloor(e, captured)
          : captured.statements.filter(
              (st) => !/^(START TRANSACTION|BEGIN|COMMIT)/i.test(st.query),
            );
      }
      plan.push({ e, statements });
    }
    if (process.env.BENCH_DUMP_SQL)
      writeFileSync(
        process.env.BENCH_DUMP_SQL,
        JSON.stringify(
          plan.map((p) => ({ name: p.e.name, statements: p.statements })),
          null,
          2,
        ),
      );
  } finally {
    await stop(service);
    rmSync(dir, { recursive: true, force: true });
  }
  if (plan.length === 0) return [];

  // Phase 2: the measured service, without the query log.
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  service = await startService(port, db);
  const tokens = new Map<string, string>();
  const rows: Row[] = [];
  try {
    for (const { e, statements } of plan) {
      // Tokens were issued by the first process with its own secret: log in again.
      const email = e.token ? tokenOwner(e.token) : undefined;
      if (email && !tokens.has(email)) tokens.set(email, await login(base, email));
      const webEmail = e.cookie ? tokenOwner(e.cookie) : undefined;
      if (webEmail && !tokens.has(`web:${webEmail}`))
        tokens.set(`web:${webEmail}`, await webSession(base, webEmail));
      const endpoint = {
        ...e,
        token: email ? tokens.get(email) : undefined,
        cookie: webEmail ? tokens.get(`web:${webEmail}`) : undefined,
      };
      // One request answered before the warm-up: a read that fills a cache on its first request
      // (indicators of closed months, ADR 1612) is measured warm, not while its first
      // computation, which outlasts the warm-up, is still running.
      if (e.read) await (await fetch(`${base}${e.path}`, { headers: headersOf(endpoint) })).text();
      for (const connections of CONNECTIONS_SET ?? suite.connections) {
        await load(base, endpoint, connections, WARMUP);
        const r = await load(base, endpoint, connections, SECONDS);
        const floor: RunStats | null = e.read
          ? await runFloor(db, statements, connections, SECONDS, WARMUP)
          : null;
        const row: Row = {
          endpoint: e.name,
          connections,
          rps: Math.round(r.requests.average),
          p50: r.latency.p50,
          p99: r.latency.p99,
          p97_5: r.latency.p97_5,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          floorRps: floor ? Math.round(floor.rps) : null,
          floorP99: floor ? Math.round(floor.p99 * 10) / 10 : null,
          ratio: floor ? Math.round((r.requests.average / floor.rps) * 100) / 100 : null,
          rssMb: rssMb(service.pid!),
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  } finally {
    await stop(service);
    // Leave the dataset as loaded: remove what the write benchmark created.
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    await c.query(`DELETE FROM interactions WHERE subject = $1`, [BENCH_SUBJECT]);
    // Only the rows whose date changes: rewriting the ~95,000 recent ones every run (none of
    // them changed) left dead rows and filled the name trigram index's pending list, which the
    // next run's typo searches then read (ADR 1600, 2026-11-30).
    await c.query(
      `UPDATE employers e SET last_interaction_at = x.last
         FROM (SELECT e2.id, (SELECT max(occurred_at) FROM interactions i WHERE i.employer_id = e2.id) AS last
                 FROM employers e2
                WHERE e2.id IN (SELECT employer_id FROM interactions WHERE subject = $1)
                   OR e2.last_interaction_at > now() - interval '31 days') x
        WHERE e.id = x.id AND e.last_interaction_at IS DISTINCT FROM x.last`,
      [BENCH_SUBJECT],
    );
    await c.end();
  }
  return rows;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const suite of SUITES)
    if (!ONLY || suite.selected(ONLY)) rows.push(...(await measureSuite(suite)));
  let mail: MailBenchResult | null = null;
  if (!ONLY || ONLY.test('mail')) {
    mail = await mailBench(DB_URL.replace(/\/[^/]+$/, '/crm_bench_mail'), await freePort());
    console.log(JSON.stringify({ mail }));
  }
  let sirene: SireneBenchResult | null = null;
  if (!ONLY || ONLY.test('sirene')) {
    sirene = await sireneBench(DB_URL.replace(/\/[^/]+$/, '/crm_bench_sirene'));
    console.log(JSON.stringify({ sirene }));
  }
  let employerImport: ImportBenchResult | null = null;
  if (!ONLY || ONLY.test('import')) {
    employerImport = await importBench(DB_URL.replace(/\/[^/]+$/, '/crm_bench_import'));
    console.log(JSON.stringify({ import: employerImport }));
  }
  mkdirSync('bench', { recursive: true });
  // A full run is the committed record; a narrowed one (BENCH_ONLY) goes beside it, ignored by git.
  writeFileSync(
    ONLY ? 'bench/results.partial.json' : 'bench/results.json',
    `${JSON.stringify({ at: new Date().toISOString(), commit: commit(), machine: machine(await postgresVersion()), only: process.env.BENCH_ONLY ?? null, seconds: SECONDS, rows, mail, sirene, import: employerImport }, null, 2)}\n`,
  );
  // A partial run (BENCH_ONLY) leaves the document's table alone: it shows full runs only.
  if (!ONLY) writeReport();
  console.log(
    '\nendpoint                     conn  req/s   p50 ms  p99 ms  errors  floor req/s  ratio  RSS MB',
  );
  for (const r of rows) {
    console.log(
      `${r.endpoint.padEnd(28)} ${String(r.connections).padStart(4)} ${String(r.rps).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.errors + r.non2xx).padStart(7)} ${String(r.floorRps ?? '—').padStart(12)} ${String(r.ratio ?? '—').padStart(6)} ${String(r.rssMb).padStart(7)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
