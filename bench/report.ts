// Turns bench/results.json into the "Latest run" table of docs/performance.md (between the
// bench:begin and bench:end markers), so the document shows what the committed run measured.
// Run by `npm run bench` after a full run, or alone: `node dist/bench/report.js`.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';

export interface Machine {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
  postgres: string;
}

/** Where and on what a run happened: recorded beside its figures. */
export function machine(postgresVersion: string): Machine {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: postgresVersion,
  };
}

export function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

interface Row {
  endpoint: string;
  connections: number;
  rps: number;
  p50: number;
  p97_5?: number;
  p99: number;
  errors: number;
  non2xx: number;
  floorRps: number | null;
  ratio: number | null;
  rssMb: number;
}

interface Results {
  at: string;
  commit?: string;
  machine?: Machine;
  seconds: number;
  rows: Row[];
  mail: Record<string, unknown> | null;
  sirene: Record<string, unknown> | null;
  import: Record<string, unknown> | null;
}

const cell = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export function markdown(r: Results): string {
  const m = r.machine;
  const lines = [
    `Run of ${r.at.slice(0, 16).replace('T', ' ')} UTC, commit ${cell(r.commit)}` +
      (m
        ? `, ${m.cpus} × ${m.model}, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}`
        : '') +
      `; ${r.seconds} s measured per row (generated from \`bench/results.json\` by \`bench/report.ts\`).`,
    '',
    '| endpoint | conn | req/s | p50 ms | p97.5 ms | p99 ms | errors | floor req/s | ratio | RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.endpoint} | ${x.connections} | ${x.rps} | ${x.p50} | ${cell(x.p97_5)} | ${x.p99} | ${x.errors + x.non2xx} | ${cell(x.floorRps)} | ${cell(x.ratio)} | ${x.rssMb} |`,
    ),
  ];
  for (const [name, value] of [
    ['Survey campaign (mail)', r.mail],
    ['SIRENE load', r.sirene],
    ['Employer import', r.import],
  ] as const)
    if (value) lines.push('', `${name}: \`${JSON.stringify(value)}\``);
  return lines.join('\n');
}

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

export function writeReport(resultsFile = 'bench/results.json', doc = 'docs/performance.md'): void {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
  const text = readFileSync(doc, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${doc} has no ${BEGIN} … ${END} section`);
  writeFileSync(doc, `${text.slice(0, a + BEGIN.length)}\n${markdown(results)}\n${text.slice(b)}`);
}

if (process.argv[1]?.endsWith('report.js')) writeReport();
