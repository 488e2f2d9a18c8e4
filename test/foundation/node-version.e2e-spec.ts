import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

// Issue 14, item 18: on an older Node (the system's, outside node_modules/.bin) the entry points
// stop with one line instead of crashing inside argon2.
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));

describe('Node version check', () => {
  it('the test machine has a system Node older than 24 to try (Debian nodejs)', () => {
    expect(SYSTEM_NODE).toBeDefined();
    const version = execFileSync(SYSTEM_NODE!, ['--version'], { encoding: 'utf8' }).trim();
    expect(Number(/^v(\d+)/.exec(version)![1])).toBeLessThan(24);
  });

  it.each(['dist/src/main.js', 'dist/src/cli/migrate.js', 'dist/src/cli/seed.js'])(
    '%s exits non-zero with one clear line',
    (entry) => {
      const res = spawnSync(SYSTEM_NODE!, [entry], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      });
      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^This service needs Node\.js 24 or newer \(see \.node-version\), not v\d+\./,
        ),
      ]);
    },
  );

  it('says which Node in .node-version and package.json devEngines', () => {
    expect(readFileSync('.node-version', 'utf8').trim()).toBe('24');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      devEngines: { runtime: { name: string; version: string } };
    };
    expect(pkg.devEngines.runtime).toMatchObject({ name: 'node', version: '>=24 <25' });
  });
});
