// Checks the OpenAPI document the way a client would use it (docs/http-api.md, "The contract"):
// writes it from the built app (no database needed), lints it with Redocly's recommended rules,
// generates TypeScript types with openapi-typescript and type-checks a client using them.
// Run after `nest build` (npm run lint:openapi does both).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
// Each tool runs on this Node (24), not on whatever `node` the shims would find on PATH.
const bin = (name) => join('node_modules', '.bin', name);
const run = (script, args) => execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });
try {
  const doc = join(dir, 'openapi.json');
  run('dist/src/cli/openapi.js', [doc]);
  run(bin('redocly'), ['lint', '--config', 'redocly.yaml', doc]);
  run(bin('openapi-typescript'), [doc, '--output', join(dir, 'api.d.ts')]);
  // A few lines a client would write: if the generated types lose a path or a schema, this fails.
  writeFileSync(
    join(dir, 'client.ts'),
    `import type { components, paths } from './api.js';
type Employer = components['schemas']['EmployerResponse'];
type Created = paths['/api/v1/employers']['post']['responses'][201]['content']['application/json'];
type Problem = paths['/api/v1/employers/{id}']['get']['responses'][404]['content']['application/problem+json'];
export const same = (e: Created): Employer => e;
export const detail = (p: Problem): string => p.detail;
`,
  );
  run(bin('tsc'), [
    '--ignoreConfig',
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    join(dir, 'client.ts'),
  ]);
  process.stdout.write('OpenAPI document: lint clean, generated client type-checks\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
