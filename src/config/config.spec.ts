import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.role).toBe('all');
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/crm');
    expect(c.queuePrefix).toBe('crm');
    expect(c.timeZone).toBe('Europe/Paris');
    expect(c.dormantAfterDays).toBe(180);
    expect(c.jwtSecretGenerated).toBe(true);
  });

  it('reports one line per bad value, naming the variable', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x', APP_ROLE: 'both' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('whole number');
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toContain('postgres');
    expect(problems.find((p) => p.startsWith('APP_ROLE:'))).toBeDefined();
  });

  it('requires JWT_SECRET in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET: is required when NODE_ENV=production',
    ]);
  });

  it('defaults the territory to the EPCIs of the arrondissement of Besançon, and checks a given one', () => {
    // Grand Besançon Métropole, CC Loue-Lison, CC du Doubs Baumois.
    expect(loadConfig({}).territoryEpcis).toEqual(['200068070', '242500361', '242504447']);
    expect(loadConfig({ TERRITORY_EPCIS: ' 242500361 ,' }).territoryEpcis).toEqual(['242500361']);
    expect(problemsOf({ TERRITORY_EPCIS: '242500361,123456789' })[0]).toMatch(/^TERRITORY_EPCIS:/);
  });

  it('rejects an unknown time zone', () => {
    expect(problemsOf({ APP_TIMEZONE: 'Mars/Olympus' })[0]).toMatch(/^APP_TIMEZONE:/);
  });

  it('strips a trailing slash from PUBLIC_BASE_URL so links are built consistently', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://crm.example.org/' }).publicBaseUrl).toBe(
      'https://crm.example.org',
    );
  });

  it('reads EMBED_ORIGINS as a list of origins, commas or spaces, trailing slash dropped', () => {
    expect(loadConfig({}).embedOrigins).toEqual([]);
    expect(
      loadConfig({
        EMBED_ORIGINS:
          'https://www.mission-locale.example/, https://*.besancon.example  http://localhost:8080',
      }).embedOrigins,
    ).toEqual([
      'https://www.mission-locale.example',
      'https://*.besancon.example',
      'http://localhost:8080',
    ]);
  });

  it.each([
    '*',
    "'self'",
    'www.mission-locale.example',
    'https://www.mission-locale.example/offres',
    'javascript:alert(1)',
    'https://ml.example; script-src *',
    'https://*',
  ])('refuses %s in EMBED_ORIGINS with one line naming it', (value) => {
    const problems = problemsOf({ EMBED_ORIGINS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^EMBED_ORIGINS: must be origins/);
  });

  it('refuses http embedding origins in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        EMBED_ORIGINS: 'http://www.mission-locale.example',
      }),
    ).toEqual([
      'EMBED_ORIGINS: must use https in production (got http://www.mission-locale.example)',
    ]);
  });

  it('bounds the SIRENE upload size and the request timeout, Node’s 300 s by default', () => {
    const c = loadConfig({});
    expect(c.sireneUploadMaxBytes).toBe(20_000_000_000);
    expect(c.httpRequestTimeoutMs).toBe(300_000);
    const set = loadConfig({ SIRENE_UPLOAD_MAX_MB: '500', HTTP_REQUEST_TIMEOUT_S: '0' });
    expect(set.sireneUploadMaxBytes).toBe(500_000_000);
    expect(set.httpRequestTimeoutMs).toBe(0);
    expect(problemsOf({ SIRENE_UPLOAD_MAX_MB: '0' })[0]).toMatch(/^SIRENE_UPLOAD_MAX_MB: /);
    expect(problemsOf({ HTTP_REQUEST_TIMEOUT_S: '-1' })[0]).toMatch(/^HTTP_REQUEST_TIMEOUT_S: /);
  });

  it('bounds the web session idle timeout, 120 minutes by default', () => {
    expect(loadConfig({}).webSessionIdleMinutes).toBe(120);
    expect(loadConfig({ WEB_SESSION_IDLE_MINUTES: '30' }).webSessionIdleMinutes).toBe(30);
    expect(problemsOf({ WEB_SESSION_IDLE_MINUTES: '0' })[0]).toMatch(
      /^WEB_SESSION_IDLE_MINUTES: must be at least 5/,
    );
    expect(problemsOf({ WEB_SESSION_IDLE_MINUTES: 'an hour' })[0]).toMatch(
      /^WEB_SESSION_IDLE_MINUTES: must be a whole number/,
    );
  });

  it('reads TRUST_PROXY as Express does: off by default, a hop count, addresses, or true', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(problemsOf({ TRUST_PROXY: 'a;b' })[0]).toMatch(/^TRUST_PROXY: /);
    expect(loadConfig({}).loginRatePerAccount).toBe(10);
  });
});

describe('loadConfig: production settings and secret files', () => {
  const prod = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    SMTP_URL: 'smtp://mail.example.org:587',
    PUBLIC_BASE_URL: 'https://crm.mission-locale.example/',
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a complete production setting and keeps the https public URL', () => {
    const c = loadConfig(prod);
    expect(c.publicBaseUrl).toBe('https://crm.mission-locale.example');
    expect(c.smtpUrl).toBe('smtp://mail.example.org:587');
  });

  it('requires an https PUBLIC_BASE_URL in production, with one line naming it', () => {
    expect(problemsOf({ ...prod, PUBLIC_BASE_URL: undefined })).toEqual([
      'PUBLIC_BASE_URL: is required when NODE_ENV=production (the https address users reach)',
    ]);
    const http = problemsOf({ ...prod, PUBLIC_BASE_URL: 'http://crm.example.org' });
    expect(http).toHaveLength(1);
    expect(http[0]).toMatch(/^PUBLIC_BASE_URL: must be https when NODE_ENV=production/);
    let message = '';
    try {
      loadConfig({ ...prod, PUBLIC_BASE_URL: 'http://crm.example.org' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
  });

  it('allows http in production only with ALLOW_HTTP_PUBLIC_URL=true (a local test rig)', () => {
    const c = loadConfig({
      ...prod,
      PUBLIC_BASE_URL: 'http://localhost:8080',
      ALLOW_HTTP_PUBLIC_URL: 'true',
    });
    expect(c.publicBaseUrl).toBe('http://localhost:8080');
  });

  it('defaults the public URL to the port outside production', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8081' }).publicBaseUrl).toBe('http://localhost:8081');
  });

  it('requires SMTP_URL in production', () => {
    expect(problemsOf({ ...prod, SMTP_URL: undefined })).toEqual([
      'SMTP_URL: is required when NODE_ENV=production (smtp:// or smtps://)',
    ]);
    expect(loadConfig({}).smtpUrl).toBeUndefined();
  });

  it('serves the API docs outside production, and in production only with API_DOCS=true', () => {
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig(prod).apiDocs).toBe(false);
    expect(loadConfig({ ...prod, API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: 'false' }).apiDocs).toBe(false);
  });

  it('reads JWT_SECRET, DATABASE_URL and SMTP_URL from *_FILE paths, without the final newline', () => {
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const c = loadConfig({
      ...prod,
      JWT_SECRET: undefined,
      SMTP_URL: undefined,
      JWT_SECRET_FILE: file('jwt', `${'s'.repeat(48)}\n`),
      DATABASE_URL_FILE: file('db', 'postgres://crm:secret@db:5432/crm\n'),
      SMTP_URL_FILE: file('smtp', 'smtps://user:pass@smtp.example.org:465'),
    });
    expect(c.jwtSecret).toBe('s'.repeat(48));
    expect(c.jwtSecretGenerated).toBe(false);
    expect(c.databaseUrl).toBe('postgres://crm:secret@db:5432/crm');
    expect(c.smtpUrl).toBe('smtps://user:pass@smtp.example.org:465');
  });

  it('names the variable when a secret file is missing or doubles a plain variable', () => {
    expect(problemsOf({ JWT_SECRET_FILE: join(dir, 'absent') })).toEqual([
      `JWT_SECRET_FILE: cannot read ${join(dir, 'absent')} (ENOENT)`,
    ]);
    expect(
      problemsOf({ DATABASE_URL: 'postgres://a@b/c', DATABASE_URL_FILE: join(dir, 'x') }),
    ).toEqual(['DATABASE_URL_FILE: set DATABASE_URL or DATABASE_URL_FILE, not both']);
  });

  it('reads DATABASE_REPLICA_URLS as a comma-separated list, empty by default', () => {
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    expect(
      loadConfig({
        DATABASE_REPLICA_URLS: ' postgres://ro@replica-1:5432/crm ,postgresql://ro@replica-2/crm,',
      }).databaseReplicaUrls,
    ).toEqual(['postgres://ro@replica-1:5432/crm', 'postgresql://ro@replica-2/crm']);
    const path = join(dir, 'replicas');
    writeFileSync(path, 'postgres://ro:secret@replica-1/crm\n');
    expect(loadConfig({ DATABASE_REPLICA_URLS_FILE: path }).databaseReplicaUrls).toEqual([
      'postgres://ro:secret@replica-1/crm',
    ]);
  });

  it('refuses a replica that is not a postgres URL, naming its position but not its password', () => {
    const problems = problemsOf({
      DATABASE_REPLICA_URLS: 'postgres://ro:secret@replica-1/crm,mysql://ro:secret@replica-2/crm',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_REPLICA_URLS: must be postgres:\/\/ URLs .*item 2\)/);
    expect(problems[0]).not.toContain('secret');
  });
});
