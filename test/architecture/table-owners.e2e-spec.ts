import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// One owner per table (docs/architecture.md): a table is written only by the module whose folder
// holds its entity. This reads every source file under src/ and finds its writes — SQL
// statements (INSERT / UPDATE / DELETE / TRUNCATE, in any string) and TypeORM writes (a
// repository's or the manager's save/insert/update/delete/...). Reads may cross modules.

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Writes allowed outside the owner: none. Add `'<folder> -> <table>'` only with a reason. */
const EXCEPTIONS: readonly string[] = [];

/** Folders that are not domain modules but may write anything: the demo data generator. */
const UNRESTRICTED = new Set(['seed']);

const REPOSITORY_WRITES =
  'save|insert|update|upsert|delete|remove|softDelete|softRemove|restore|increment|decrement|clear';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(d.name) && !/\.spec\.tsx?$/.test(d.name) ? [path] : [];
  });
}

const folderOf = (path: string) => relative(SRC, path).split(sep)[0]!;

/** Table name -> owning folder, and entity class -> table, from the `@Entity('...')` decorators. */
function ownerMap(files: string[]): { owners: Map<string, string>; classes: Map<string, string> } {
  const owners = new Map<string, string>();
  const classes = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /@Entity\(\s*'([a-z_]+)'[^)]*\)(?:\s*(?:@[A-Za-z]+\([^)]*\)|\/\/[^\n]*))*\s*export\s+class\s+(\w+)/gs,
    )) {
      owners.set(m[1]!, folderOf(file));
      classes.set(m[2]!, m[1]!);
    }
  }
  return { owners, classes };
}

export interface Write {
  folder: string;
  file: string;
  table: string;
  how: string;
}

export function writesIn(
  file: string,
  text: string,
  tables: ReadonlySet<string>,
  classes: ReadonlyMap<string, string>,
): Omit<Write, 'folder'>[] {
  const found: Omit<Write, 'folder'>[] = [];
  const add = (table: string | undefined, how: string) => {
    if (table && tables.has(table)) found.push({ file, table, how });
  };
  // SQL in any string: the keyword, then the table (optionally schema-qualified or quoted).
  for (const m of text.matchAll(
    /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:public\.)?"?([a-z_]+)"?/g,
  ))
    add(m[2], m[1]!.replace(/\s+/g, ' '));
  // TypeORM: `getRepository(Entity)` followed by a write, directly or through a variable.
  const repoVars = new Map<string, string>();
  for (const m of text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*[\w.]*getRepository\((\w+)\)/g))
    repoVars.set(m[1]!, m[2]!);
  for (const m of text.matchAll(
    new RegExp(`getRepository\\((\\w+)\\)\\s*\\.(${REPOSITORY_WRITES})\\(`, 'g'),
  ))
    add(classes.get(m[1]!), `repository.${m[2]}`);
  for (const [name, cls] of repoVars)
    for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\.(${REPOSITORY_WRITES})\\(`, 'g')))
      add(classes.get(cls), `repository.${m[1]}`);
  // The manager's own writes: m.save(Entity, ...), manager.insert(Entity, ...).
  for (const m of text.matchAll(
    new RegExp(`\\b(?:m|em|manager|entityManager)\\.(${REPOSITORY_WRITES})\\((\\w+)\\s*,`, 'g'),
  ))
    add(classes.get(m[2]!), `manager.${m[1]}`);
  // Query builders: .update(Entity), .insert().into(Entity), .delete().from(Entity), or a
  // repository's builder followed by a write.
  for (const m of text.matchAll(
    /createQueryBuilder\(\)\s*\.update\((\w+)\)|\.insert\(\)\s*\.into\((\w+)\)|\.delete\(\)\s*\.from\((\w+)\)/g,
  ))
    add(classes.get((m[1] ?? m[2] ?? m[3])!), 'query builder');
  for (const m of text.matchAll(
    /getRepository\((\w+)\)\s*\.createQueryBuilder\([^)]*\)\s*\.(?:update|delete|insert)\(/g,
  ))
    add(classes.get(m[1]!), 'query builder');
  return found;
}

describe('one owner per table', () => {
  const files = sourceFiles(SRC);
  const { owners, classes } = ownerMap(files);
  const tables = new Set(owners.keys());

  it('finds the owner of every table from the entities', () => {
    expect(owners.get('employers')).toBe('employers');
    expect(owners.get('interactions')).toBe('contacts');
    expect(owners.get('audit_log')).toBe('audit');
    expect(owners.size).toBeGreaterThanOrEqual(20);
  });

  it('recognises the shapes of writes it looks for', () => {
    const shapes = [
      "m.query('UPDATE employers SET notes = $1')",
      'm.query(`INSERT INTO employers (id) VALUES ($1)`)',
      "m.query('DELETE FROM employers WHERE id = $1')",
      'm.getRepository(Employer).save(e)',
      'const repo = m.getRepository(Employer);\nawait repo.update({ id }, { notes })',
      'await m.insert(Employer, { id })',
      'm.createQueryBuilder().update(Employer).set({ notes }).execute()',
    ];
    for (const text of shapes)
      expect(writesIn('x.ts', text, tables, classes)).toEqual([
        expect.objectContaining({ table: 'employers' }),
      ]);
    // Reads and row locks are not writes.
    expect(
      writesIn(
        'x.ts',
        "m.query('SELECT id FROM employers WHERE id = $1 FOR UPDATE'); m.getRepository(Employer).findOne({})",
        tables,
        classes,
      ),
    ).toEqual([]);
  });

  it('has every write made by the module that owns the table', () => {
    const outside: string[] = [];
    for (const file of files) {
      const folder = folderOf(file);
      if (UNRESTRICTED.has(folder)) continue;
      for (const w of writesIn(relative(SRC, file), readFileSync(file, 'utf8'), tables, classes)) {
        const owner = owners.get(w.table)!;
        const key = `${folder} -> ${w.table}`;
        if (owner !== folder && !EXCEPTIONS.includes(key))
          outside.push(`${w.file}: ${w.how} ${w.table} (owned by ${owner}/)`);
      }
    }
    expect([...new Set(outside)].sort()).toEqual([]);
  });
});
