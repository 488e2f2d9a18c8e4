// First: refuses an older Node before any module below loads argon2 (imports run in order).
import '../node-version.js';
import 'reflect-metadata';
import { prepareDatabase, describeDatabaseError } from '../boot.js';
import { ConfigError, loadConfig } from '../config/config.js';

try {
  const config = loadConfig(process.env);
  try {
    await prepareDatabase(config, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write('migrations up to date\n');
  } catch (err) {
    process.stderr.write(`${describeDatabaseError(config, err)}\n`);
    process.exit(1);
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
