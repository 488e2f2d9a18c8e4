import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { besanconTerritoryEpcis, isEpciCode } from '../reference/territory.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Paris' },
);

/**
 * EMBED_ORIGINS: the sites allowed to show the job board in an iframe, as CSP source expressions.
 * Only plain origins (scheme, host, optional port; `*.` allowed at the start of the host): a
 * path, a keyword or a bare `*` would either be ignored by browsers or open the board to anyone.
 */
const EMBED_ORIGIN =
  /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
export function parseEmbedOrigins(value: string): { origins: string[]; bad: string[] } {
  const items = value
    .split(/[\s,]+/)
    .map((s) => s.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);
  const bad = items.filter((o) => !EMBED_ORIGIN.test(o));
  return { origins: [...new Set(items)], bad };
}
const embedOrigins = z.string().superRefine((v, ctx) => {
  const { bad } = parseEmbedOrigins(v);
  if (bad.length)
    ctx.addIssue({
      code: 'custom',
      message: `must be origins such as https://www.mission-locale.example, separated by commas (not: ${bad.join(', ')})`,
    });
});

// The variable names are part of the contract with operators and other tools: see README.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(1, 65535).default(3000),
  APP_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/crm'),
  // Read replicas (streaming standbys of DATABASE_URL): indicators, exports, lists, search and the
  // public pages read from them (ADR 1610).
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((urls, ctx) => {
      const bad = urls.flatMap((u, i) => {
        try {
          return ['postgres:', 'postgresql:'].includes(new URL(u).protocol) ? [] : [i + 1];
        } catch {
          return [i + 1];
        }
      });
      // Positions, not values: a replica URL may hold a password.
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `must be postgres:// URLs separated by commas (not a postgres URL: item ${bad.join(', ')})`,
        });
    })
    .optional(),
  DB_MIGRATE_ON_BOOT: bool.default(true),
  DB_POOL_SIZE: int(1, 200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { message: 'must use only letters, digits, - and _' })
    .default('crm'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_OUTBOX_DIR: z.string().min(1).default('var/outbox'),
  // Uploaded files of background employer imports, until their job ends (API and worker share it).
  IMPORT_DIR: z.string().min(1).default('var/imports'),
  // Largest SIRENE file a manager may upload in the web application (ADR 1703), in megabytes
  // (10^6 bytes). INSEE's national stock files are several gigabytes once unzipped.
  SIRENE_UPLOAD_MAX_MB: int(1, 1_000_000).default(20_000),
  // Time allowed to receive a whole request (Node's requestTimeout, 300 s by default); 0 = none.
  // Large web uploads (SIRENE files, ADR 1703) need more on a slow link.
  HTTP_REQUEST_TIMEOUT_S: int(0, 86_400).default(300),
  MAIL_FROM: z.string().min(3).default('Mission Locale <ne-pas-repondre@mission-locale.example>'),
  MAIL_RATE_PER_SECOND: int(1, 10000).default(20),
  // Mail jobs one worker process runs at once: each claims its mail, then waits for one of the
  // MAIL_SMTP_CONNECTIONS (default 8, or fewer jobs) to send it (ADR 1613).
  MAIL_CONCURRENCY: int(1, 100).default(64),
  MAIL_SMTP_CONNECTIONS: int(1, 100).optional(),
  // A `sending` row claimed longer ago than this is taken as interrupted and sent again (ADR 1613).
  MAIL_SEND_LEASE_SECONDS: int(10, 3600).default(120),
  PUBLIC_BASE_URL: url(['http:', 'https:'])
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  ALLOW_HTTP_PUBLIC_URL: bool.default(false),
  API_DOCS: bool.optional(),
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  JWT_TTL_SECONDS: int(60, 86400).default(3600),
  ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
  APP_TIMEZONE: timeZone.default('Europe/Paris'),
  DORMANT_AFTER_DAYS: int(1, 3650).default(180),
  RETENTION_MONTHS: int(1, 240).default(36),
  CORS_ORIGINS: z.string().default(''),
  EMBED_ORIGINS: embedOrigins.default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO_ON_EMPTY: bool.default(true),
  DB_QUERY_LOG: z.string().min(1).optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: int(1, 10_000_000).default(10),
  RATE_LIMIT_PUBLIC_PER_MINUTE: int(1, 10_000_000).default(120),
  RATE_LIMIT_LOGIN_PER_ACCOUNT: int(1, 10_000_000).default(10),
  // Express `trust proxy`: hops (1), addresses/subnets (10.0.0.1,loopback), or true/false.
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, { message: 'must be true, false, a hop count or proxy addresses' })
    .transform((v) =>
      /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v,
    )
    .default(false),
  JOB_SCHEDULES: bool.default(true),
  TERRITORY_EPCIS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((codes) => codes.length > 0 && codes.every(isEpciCode), {
      message: 'must be comma-separated SIREN codes of EPCIs',
    })
    .optional(),
  WEB_SESSION_IDLE_MINUTES: int(5, 1440).default(120),
});

export type AppConfig = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  role: 'all' | 'api' | 'worker';
  databaseUrl: string;
  /** Streaming replicas of databaseUrl for the heavy reads (ADR 1610); empty: the primary only. */
  databaseReplicaUrls: string[];
  migrateOnBoot: boolean;
  dbPoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  smtpUrl: string | undefined;
  mailOutboxDir: string;
  /** Where background imports keep their uploaded file until the job ends (ADR 1403). */
  importDir: string;
  /** Largest SIRENE stock file the web upload takes, in bytes (ADR 1703). */
  sireneUploadMaxBytes: number;
  /** Node's server.requestTimeout, in ms (0: no limit). */
  httpRequestTimeoutMs: number;
  mailFrom: string;
  mailRatePerSecond: number;
  /** Mail jobs run at once by one worker process (BullMQ concurrency). */
  mailConcurrency: number;
  /** SMTP connections of one process's pool; defaults to 8 (or mailConcurrency if lower). */
  mailSmtpConnections: number;
  /** After this, a row left `sending` by a worker that died is claimed again (ADR 1613). */
  mailSendLeaseSeconds: number;
  publicBaseUrl: string;
  /** `/docs` and `/docs-json` served (default: not in production). */
  apiDocs: boolean;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  jwtTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  timeZone: string;
  dormantAfterDays: number;
  retentionMonths: number;
  corsOrigins: string[];
  /** Origins allowed to frame the public job board (`/offres?embed=1`); empty: nobody. */
  embedOrigins: string[];
  logLevel: string;
  seedDemoOnEmpty: boolean;
  loginRatePerMinute: number;
  dbQueryLog: string | undefined;
  publicRatePerMinute: number;
  /** Login attempts per account (email) per 15 minutes, whatever the client address. */
  loginRatePerAccount: number;
  /** Express `trust proxy`: which reverse proxies' X-Forwarded-For give the client address. */
  trustProxy: boolean | number | string;
  /** Workers register the job schedulers at start (off: a worker that only drains queues). */
  jobSchedules: boolean;
  /** SIREN codes of the EPCIs whose SIRENE establishments are prospects. */
  territoryEpcis: string[];
  /** A staff web session ends after this long without a request. */
  webSessionIdleMinutes: number;
}>;

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      // One problem, one line that starts with the variable's name.
      problems.length === 1
        ? problems[0]!
        : `Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

/** Secrets may come from files (Docker/Kubernetes secrets): `X_FILE` holds the path of X. */
const FILE_VARIABLES = ['JWT_SECRET', 'DATABASE_URL', 'DATABASE_REPLICA_URLS', 'SMTP_URL'] as const;

function readSecretFiles(env: Record<string, string>): Record<string, string> {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined) continue;
    if (env[name] !== undefined) {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      // One trailing newline (what `echo` and most editors add) is not part of the secret.
      out[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/**
 * Production needs a mail server and the public https address every link is built from
 * (mail links, List-Unsubscribe, ICS UIDs, JSON-LD); outside production the URL follows PORT.
 */
function publicSettings(e: z.infer<typeof envSchema>): string {
  if (e.NODE_ENV !== 'production') return e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
  const problems = [
    !e.SMTP_URL && 'SMTP_URL: is required when NODE_ENV=production (smtp:// or smtps://)',
    !e.PUBLIC_BASE_URL &&
      'PUBLIC_BASE_URL: is required when NODE_ENV=production (the https address users reach)',
    e.PUBLIC_BASE_URL?.startsWith('http:') &&
      !e.ALLOW_HTTP_PUBLIC_URL &&
      `PUBLIC_BASE_URL: must be https when NODE_ENV=production (got ${e.PUBLIC_BASE_URL}; ALLOW_HTTP_PUBLIC_URL=true allows http on a test rig)`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length) throw new ConfigError(problems);
  return e.PUBLIC_BASE_URL!;
}

/** Boot errors quote the value they refuse, but never a password inside a URL. */
function withoutPasswords(value: string | undefined): string | undefined {
  return value?.replace(/(\/\/[^/:@\s]*):[^@\s]*@/g, '$1:***@');
}

/** Validates the environment once; the only place that reads process.env is main.ts passing it in. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // Empty strings count as unset, as docker compose and shells commonly pass them.
  const cleaned = readSecretFiles(
    Object.fromEntries(
      Object.entries(env).filter(
        (kv): kv is [string, string] => kv[1] !== undefined && kv[1] !== '',
      ),
    ),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) =>
          `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(withoutPasswords(cleaned[String(i.path[0])]) ?? null)})`,
      ),
    );
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: is required when NODE_ENV=production']);
  }
  const plainEmbed = parseEmbedOrigins(e.EMBED_ORIGINS).origins.filter((o) =>
    o.startsWith('http:'),
  );
  if (e.NODE_ENV === 'production' && plainEmbed.length) {
    // An https page cannot be framed by an http one without mixed-content warnings, and an
    // http parent can be altered on the way: production embeds come from https sites.
    throw new ConfigError([
      `EMBED_ORIGINS: must use https in production (got ${plainEmbed.join(', ')})`,
    ]);
  }
  const publicBaseUrl = publicSettings(e);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    role: e.APP_ROLE,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: e.DATABASE_REPLICA_URLS ?? [],
    migrateOnBoot: e.DB_MIGRATE_ON_BOOT,
    dbPoolSize: e.DB_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailOutboxDir: e.MAIL_OUTBOX_DIR,
    importDir: e.IMPORT_DIR,
    sireneUploadMaxBytes: e.SIRENE_UPLOAD_MAX_MB * 1_000_000,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_S * 1000,
    mailFrom: e.MAIL_FROM,
    mailRatePerSecond: e.MAIL_RATE_PER_SECOND,
    mailConcurrency: e.MAIL_CONCURRENCY,
    mailSmtpConnections: e.MAIL_SMTP_CONNECTIONS ?? Math.min(e.MAIL_CONCURRENCY, 8),
    mailSendLeaseSeconds: e.MAIL_SEND_LEASE_SECONDS,
    publicBaseUrl,
    apiDocs: e.API_DOCS ?? e.NODE_ENV !== 'production',
    jwtSecret: e.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: !e.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    timeZone: e.APP_TIMEZONE,
    dormantAfterDays: e.DORMANT_AFTER_DAYS,
    retentionMonths: e.RETENTION_MONTHS,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    embedOrigins: parseEmbedOrigins(e.EMBED_ORIGINS).origins,
    logLevel: e.LOG_LEVEL,
    seedDemoOnEmpty: e.SEED_DEMO_ON_EMPTY,
    loginRatePerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
    dbQueryLog: e.DB_QUERY_LOG,
    publicRatePerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
    loginRatePerAccount: e.RATE_LIMIT_LOGIN_PER_ACCOUNT,
    trustProxy: e.TRUST_PROXY,
    jobSchedules: e.JOB_SCHEDULES,
    territoryEpcis: e.TERRITORY_EPCIS ?? besanconTerritoryEpcis(),
    webSessionIdleMinutes: e.WEB_SESSION_IDLE_MINUTES,
  };
}
