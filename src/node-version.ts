// Imported first by every entry point, before anything loads argon2 (a native addon that crashes
// silently on an older Node). Plain code with no imports: it must run on any Node.
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= REQUIRED_MAJOR)) {
  process.stderr.write(
    `This service needs Node.js ${REQUIRED_MAJOR} or newer (see .node-version), not ${process.version}: run it through npm or node_modules/.bin/node.\n`,
  );
  process.exit(1);
}
export {};
