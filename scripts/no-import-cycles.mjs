// Fails when a file under src/ imports (through any chain) a file that imports it back. Relative
// imports only; `import type` counts too, since a type-only cycle still ties two modules together.
// Stands in for `madge --circular`, whose TypeScript parser does not support TypeScript 6 yet.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'src');
const files = (function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? walk(join(dir, d.name))
      : /\.tsx?$/.test(d.name) && !/\.spec\.tsx?$/.test(d.name)
        ? [join(dir, d.name)]
        : [],
  );
})(root);
const known = new Set(files);

const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g,
  )) {
    const base = resolve(dirname(file), m[1]).replace(/\.js$/, '');
    const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => known.has(p));
    if (target) targets.push(target);
  }
  edges.set(file, targets);
}

// Depth-first search; a back edge is a cycle.
const state = new Map();
const stack = [];
const cycles = [];
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const next of edges.get(file)) {
    if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of files) if (!state.has(file)) visit(file);

if (cycles.length) {
  for (const c of cycles)
    console.error(`import cycle: ${c.map((f) => relative(root, f)).join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycle in ${files.length} files under src/`);
