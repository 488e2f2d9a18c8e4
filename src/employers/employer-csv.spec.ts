import { Readable } from 'node:stream';
import {
  CSV_COLUMNS,
  LineEndings,
  Windows1252ToUtf8,
  isUtf8,
  detectDelimiter,
  foldHeader,
  formatTags,
  parseTags,
  mapHeaders,
  parseCsvRecord,
  recordStartLine,
  toCsvRecord,
} from './employer-csv.js';
import type { EmployerRow } from './employers.dto.js';

describe('CSV headers', () => {
  it('maps French headers whatever their case and accents, and common aliases', () => {
    const r = mapHeaders(['siret', 'RAISON SOCIALE', 'Etiquettes', 'Code APE', 'Référent']);
    expect(r).toEqual({
      ok: true,
      keys: ['siret', 'legalName', 'tags', 'nafCode', 'referentEmail'],
    });
  });

  it("folds the spellings of users' spreadsheets: underscores, hyphens, capitals, accents", () => {
    const r = mapHeaders([
      'raison_sociale',
      'code-naf',
      'CODE_POSTAL',
      'Code  commune-INSEE',
      "tranche_d'effectif",
      'REFERENT_E-MAIL',
      'Étiquettes',
    ]);
    expect(r).toEqual({
      ok: true,
      keys: [
        'legalName',
        'nafCode',
        'postalCode',
        'inseeCode',
        'headcountBand',
        'referentEmail',
        'tags',
      ],
    });
    expect(mapHeaders(['RAISON SOCIALE', 'Code NAF'])).toEqual({
      ok: true,
      keys: ['legalName', 'nafCode'],
    });
    expect(foldHeader('Raison_Sociale')).toBe(foldHeader('raison-sociale'));
  });

  it('refuses unknown and repeated columns, and a missing legal name column', () => {
    const r = mapHeaders(['SIRET', 'Raison social', 'SIRET']);
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'column 2', message: 'unknown column "Raison social"' },
        { field: 'column 3', message: 'column "SIRET" repeated' },
        { field: 'Raison sociale', message: 'the column is required' },
      ],
    });
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('SIRET;Raison sociale;Notes')).toBe(';');
    expect(detectDelimiter('SIRET,Raison sociale,Notes')).toBe(',');
  });
});

describe('CSV records', () => {
  const keys = ['siret', 'legalName', 'qpv', 'status', 'source', 'tags', 'notes'] as const;

  it('reads French labels and yes/no', () => {
    const r = parseCsvRecord(
      [...keys],
      ['73282932000074', 'Acme', 'Oui', 'Partenaire', 'Événement', 'BTP, génie civil|c', ''],
    );
    expect(r).toEqual({
      ok: true,
      row: {
        input: {
          siret: '73282932000074',
          legalName: 'Acme',
          qpv: true,
          status: 'partner',
          source: 'event',
          tags: ['BTP, génie civil', 'c'],
          notes: null,
        },
      },
    });
  });

  it('names the column of each bad value', () => {
    const r = parseCsvRecord([...keys], ['', 'Acme', 'peut-être', 'client', 'autre', '', '']);
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'QPV', message: 'must be "oui" or "non"' },
        { field: 'Statut', message: expect.stringContaining('partenaire') },
      ],
    });
  });

  it('leaves absent columns untouched', () => {
    const r = parseCsvRecord(['legalName'], ['Seul']);
    expect(r).toEqual({ ok: true, row: { input: { legalName: 'Seul' } } });
  });

  it("reads the NAF nomenclature column in its labels, and empty as the code's own", () => {
    const keys = ['legalName', 'nafCode', 'nafVersion'] as const;
    expect(parseCsvRecord([...keys], ['A', '47.24Y', 'NAF 2025'])).toMatchObject({
      ok: true,
      row: { input: { nafCode: '47.24Y', nafVersion: '2025' } },
    });
    expect(parseCsvRecord([...keys], ['A', '56.10A', 'rév. 2'])).toMatchObject({
      row: { input: { nafVersion: 'rev2' } },
    });
    expect(parseCsvRecord([...keys], ['A', '56.10A', ''])).toMatchObject({
      row: { input: { nafVersion: null } },
    });
    expect(parseCsvRecord([...keys], ['A', '56.10A', 'NAF 1993'])).toMatchObject({
      ok: false,
      errors: [{ field: 'Nomenclature NAF' }],
    });
  });

  it('exports a row that parses back to the same values', () => {
    const row: EmployerRow = {
      id: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b',
      siret: '73282932000074',
      siren: '732829320',
      legalName: 'Acme; « test »',
      tradeName: null,
      nafCode: '47.24Y',
      nafVersion: '2025',
      headcountBand: '11',
      street: '1 rue',
      postalCode: '25000',
      inseeCode: '25056',
      city: 'Besançon',
      epciCode: '242500361',
      epciName: 'Grand Besançon Métropole',
      qpv: false,
      frr: true,
      status: 'archived',
      referentId: null,
      source: 'inbound',
      tags: ['x', 'y'],
      notes: 'a\nb',
      lastInteractionAt: null,
      closedAt: null,
      mergedIntoId: null,
      version: 3,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const record = toCsvRecord(row, null);
    const keysOf = CSV_COLUMNS.map((c) => c.key);
    const parsed = parseCsvRecord(keysOf, record);
    expect(parsed).toEqual({
      ok: true,
      row: {
        id: row.id,
        referentEmail: null,
        input: {
          siret: row.siret,
          legalName: row.legalName,
          tradeName: null,
          nafCode: '47.24Y',
          nafVersion: '2025',
          headcountBand: '11',
          street: '1 rue',
          postalCode: '25000',
          inseeCode: '25056',
          city: 'Besançon',
          qpv: false,
          frr: true,
          status: 'archived',
          source: 'inbound',
          tags: ['x', 'y'],
          notes: 'a\nb',
        },
      },
    });
  });
});

describe('tags in a cell', () => {
  it('reads back every list it writes, commas inside tags included', () => {
    for (const tags of [
      [],
      ['BTP'],
      ['BTP, génie civil'],
      ['BTP, génie civil', 'apprentissage'],
      ['a', 'b', 'c'],
    ])
      expect(parseTags(formatTags(tags))).toEqual(tags);
    expect(formatTags(['BTP, génie civil', 'x'])).toBe('BTP, génie civil | x');
  });

  it('splits a typed list on commas when the cell has no "|"', () => {
    expect(parseTags('alimentaire, apprentissage')).toEqual(['alimentaire', 'apprentissage']);
    expect(parseTags('a | b, c')).toEqual(['a', 'b, c']);
    expect(parseTags('  ')).toEqual([]);
  });
});

describe('line numbers', () => {
  it('gives the first line of a record spanning several lines', () => {
    expect(recordStartLine(5, ['a', 'x\ny'])).toBe(4);
    expect(recordStartLine(2, ['a', 'b'])).toBe(2);
  });

  it('turns CRLF into LF even when a chunk ends between CR and LF', async () => {
    const out: Buffer[] = [];
    for await (const chunk of Readable.from([Buffer.from('a;b\r'), Buffer.from('\nc;d\r\n')]).pipe(
      new LineEndings(),
    ))
      out.push(chunk as Buffer);
    expect(Buffer.concat(out).toString()).toBe('a;b\nc;d\n');
  });
});

describe('encodings', () => {
  it('recognises UTF-8 and converts Windows-1252 to it', async () => {
    const cp1252 = Buffer.from([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65, 0x20, 0x80]); // "Hélène €"
    expect(await isUtf8(Readable.from([Buffer.from('Hélène €', 'utf8')]))).toBe(true);
    expect(await isUtf8(Readable.from([cp1252]))).toBe(false);
    const out: Buffer[] = [];
    for await (const chunk of Readable.from([cp1252]).pipe(new Windows1252ToUtf8()))
      out.push(chunk as Buffer);
    expect(Buffer.concat(out).toString('utf8')).toBe('Hélène €');
  });

  it('does not take a UTF-8 character split across chunks for invalid bytes', async () => {
    const bytes = Buffer.from('é', 'utf8');
    expect(await isUtf8(Readable.from([bytes.subarray(0, 1), bytes.subarray(1)]))).toBe(true);
  });
});
