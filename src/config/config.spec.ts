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
