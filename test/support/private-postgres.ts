import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pgBin(name: string): string {
  const version = readdirSync('/usr/lib/postgresql').sort().pop();
  return `/usr/lib/postgresql/${version}/bin/${name}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A PostgreSQL server of the test's own (initdb in a temp folder, run as the postgres user), so a
 * test can stop and restart it without disturbing the machine's shared server.
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'crm-pg-'));
  private constructor(readonly port: number) {}

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    execFileSync('chown', ['postgres:postgres', pg.dir]);
    pg.asPostgres(pgBin('initdb'), [
      '-D',
      pg.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await pg.start();
    return pg;
  }

  /**
   * A streaming replica of `primary`: a second cluster copied with `pg_basebackup -R` (the copy
   * writes standby.signal and primary_conninfo), started as a hot standby on a port of its own.
   * initdb's pg_hba.conf already lets 127.0.0.1 connect for replication with --auth=trust.
   */
  static async replicaOf(primary: PrivatePostgres): Promise<PrivatePostgres> {
    const replica = new PrivatePostgres(await freePort());
    execFileSync('chown', ['postgres:postgres', replica.dir]);
    replica.asPostgres(pgBin('pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      replica.data,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await replica.start();
    return replica;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private asPostgres(bin: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args, {
      stdio: 'ignore',
    });
  }

  /** Same, without blocking the event loop (an in-process app keeps serving meanwhile). */
  private async asPostgresAsync(bin: string, args: string[]): Promise<void> {
    const asRoot = process.getuid?.() === 0;
    const child = spawn(
      asRoot ? 'runuser' : bin,
      asRoot ? ['-u', 'postgres', '--', bin, ...args] : args,
      { stdio: 'ignore' },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${bin} exited with ${code}`)),
      );
    });
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.asPostgresAsync(pgBin('pg_ctl'), [
      '-D',
      this.data,
      '-o',
      opts,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  async stop(): Promise<void> {
    await this.asPostgresAsync(pgBin('pg_ctl'), ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
