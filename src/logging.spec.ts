import { loadConfig } from './config/config.js';
import { loggerParams } from './logging.js';
import { firstAdminBanner } from './users/first-admin.js';

const transportOf = (env: Record<string, string>, terminal: boolean) => {
  const params = loggerParams(loadConfig(env), undefined, terminal).pinoHttp as {
    transport?: { target: string };
  };
  return params.transport?.target;
};

describe('development logs', () => {
  it('are pretty-printed on a terminal outside production, JSON otherwise', () => {
    expect(transportOf({ NODE_ENV: 'development' }, true)).toBe('pino-pretty');
    expect(transportOf({ NODE_ENV: 'development' }, false)).toBeUndefined();
    expect(
      transportOf(
        {
          NODE_ENV: 'production',
          JWT_SECRET: 'x'.repeat(32),
          SMTP_URL: 'smtp://relay.example.org:587',
          PUBLIC_BASE_URL: 'https://crm.example.org',
        },
        true,
      ),
    ).toBeUndefined();
  });

  it('frame the first admin credentials, each on its own line', () => {
    const block = firstAdminBanner('admin@example.org', 'S3cr3t-Pass_word').trim().split('\n');
    expect(block[0]).toMatch(/^\+-+\+$/);
    expect(block.at(-1)).toBe(block[0]);
    expect(new Set(block.map((l) => l.length)).size).toBe(1);
    expect(block).toContainEqual(expect.stringMatching(/^\| {3}e-mail: +admin@example\.org +\|$/));
    expect(block).toContainEqual(
      expect.stringMatching(/^\| {3}mot de passe: S3cr3t-Pass_word +\|$/),
    );
  });
});
