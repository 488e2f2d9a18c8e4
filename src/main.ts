// The process entry: the Node version is checked before the application's modules are even
// loaded (a static import graph would be parsed, and argon2 loaded, before any check ran).
import './node-version.js';

await import('./server.js');
