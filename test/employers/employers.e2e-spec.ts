import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { EmployersService } from '../../src/employers/employers.service.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';

const NOW = new Date('2026-06-15T09:00:00Z');

describe('employers', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  const count = async (sql = 'SELECT count(*)::int AS n FROM employers') =>
    ((await t.ds.query(sql)) as { n: number }[])[0]!.n;

  describe('creation and reference checks', () => {
    it('creates an employer, normalising the SIRET and deriving the SIREN, commune and EPCI', async () => {
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({
          siret: '732 829 320 00074',
          legalName: '  Boulangerie   du Centre ',
          nafCode: '10.71C',
          headcountBand: '11',
          address: { street: '1 rue des Granges', postalCode: '25000', inseeCode: '25056' },
          source: 'outreach',
          tags: ['alimentaire', ' Alimentaire ', 'apprentissage'],
        })
        .expect(201);
      expect(res.body).toMatchObject({
        siret: '73282932000074',
        siren: '732829320',
        legalName: 'Boulangerie du Centre',
        nafCode: '10.71C',
        address: {
          street: '1 rue des Granges',
          postalCode: '25000',
          inseeCode: '25056',
          city: 'Besançon',
        },
        epci: { code: '242500361' },
        status: 'prospect',
        source: 'outreach',
        tags: ['alimentaire', 'apprentissage'],
        lastInteractionAt: null,
        dormant: false,
        version: 1,
      });
      expect(res.body.epci.name).toMatch(/Besançon/);
      expect(res.body).not.toHaveProperty('warnings');
      const audit = await t.ds.query(
        "SELECT actor_id FROM audit_log WHERE entity = 'employer' AND entity_id = $1 AND action = 'create'",
        [res.body.id],
      );
      expect(audit).toEqual([{ actor_id: adviser.id }]);
    });

    it('rejects a SIRET that fails the Luhn check with 400 naming the field, and writes nothing', async () => {
      const before = await count();
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ siret: '73282932000075', legalName: 'Mauvais numéro' })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { field: 'siret', message: 'is not a valid SIRET (check digit)' },
      ]);
      expect(await count()).toBe(before);
    });

    it('accepts a La Poste establishment SIRET (digits summing to a multiple of 5)', async () => {
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ siret: '35600000000015', legalName: 'La Poste — bureau de Besançon' })
        .expect(201);
      expect(res.body.siren).toBe('356000000');
    });

    it('rejects an unknown NAF code, an unknown commune and a postal code of another commune', async () => {
      const bad = async (body: object) =>
        (
          await t.http
            .post('/api/v1/employers')
            .set(adviser.auth)
            .send({ legalName: 'X', ...body })
            .expect(400)
        ).body.errors;
      expect(await bad({ nafCode: '56.10Z' })).toEqual([
        { field: 'nafCode', message: expect.stringContaining('NAF') },
      ]);
      expect(await bad({ address: { inseeCode: '99999' } })).toEqual([
        { field: 'address.inseeCode', message: expect.any(String) },
      ]);
      expect(await bad({ address: { inseeCode: '25056', postalCode: '75001' } })).toEqual([
        { field: 'address.postalCode', message: expect.stringContaining('Besançon') },
      ]);
      expect(await bad({ headcountBand: '99' })).toEqual([
        { field: 'headcountBand', message: expect.any(String) },
      ]);
    });

    it('refuses a referent who is not an active staff member', async () => {
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: 'X', referentId: '7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b' })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'referentId', message: 'is not an active staff member' },
      ]);
    });

    it('derives the commune from a postal code that serves only one', async () => {
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: 'Fromagerie', address: { postalCode: '25000' } })
        .expect(201);
      expect(res.body.address).toMatchObject({ inseeCode: '25056', city: 'Besançon' });
    });

    it('rejects unknown fields and a null legal name', async () => {
      await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: 'X', dormant: true })
        .expect(400);
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: null })
        .expect(400);
      expect(res.body.errors[0].field).toBe('legalName');
    });

    it('answers 409 with the existing id when the SIRET is taken', async () => {
      const siret = aSiret();
      const first = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ siret, legalName: 'Premier' })
        .expect(201);
      const res = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ siret: `${siret.slice(0, 3)} ${siret.slice(3)}`, legalName: 'Second' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'EMPLOYER_SIRET_TAKEN', existingId: first.body.id });
    });

    it('lets exactly one of two simultaneous creations of a SIRET win, the other gets 409', async () => {
      const siret = aSiret();
      const results = await Promise.all(
        [1, 2, 3].map((i) =>
          t.http
            .post('/api/v1/employers')
            .set(adviser.auth)
            .send({ siret, legalName: `Course ${i}` }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const winner = results.find((r) => r.status === 201)!.body.id;
      for (const r of results.filter((x) => x.status === 409))
        expect(r.body).toMatchObject({ code: 'EMPLOYER_SIRET_TAKEN', existingId: winner });
    });

    it('accepts a likely duplicate (same normalised name and postal code) with a warning', async () => {
      const first = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: 'Garage Éric Lefèvre', address: { postalCode: '25000' } })
        .expect(201);
      const second = await t.http
        .post('/api/v1/employers')
        .set(adviser.auth)
        .send({ legalName: 'GARAGE ERIC LEFEVRE', address: { postalCode: '25000' } })
        .expect(201);
      expect(second.body.warnings).toEqual([
        { code: 'LIKELY_DUPLICATE', message: expect.any(String), employerIds: [first.body.id] },
      ]);
    });

    it('answers 400 for a malformed id and 404 for a missing one', async () => {
      await t.http.get('/api/v1/employers/nope').set(adviser.auth).expect(400);
      await t.http
        .get('/api/v1/employers/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b')
        .set(adviser.auth)
        .expect(404);
    });

    it('refuses the list without a token', async () => {
      await t.http.get('/api/v1/employers').expect(401);
    });
  });

  describe('editing', () => {
    it('updates with the current version and answers 409 to a stale one', async () => {
      const id = await anEmployer(t.ds, { legal_name: 'Menuiserie Roy', status: 'prospect' });
      const ok = await t.http
        .patch(`/api/v1/employers/${id}`)
        .set(adviser.auth)
        .send({ version: 1, status: 'partner', notes: 'Bon accueil' })
        .expect(200);
      expect(ok.body).toMatchObject({ status: 'partner', notes: 'Bon accueil', version: 2 });
      const stale = await t.http
        .patch(`/api/v1/employers/${id}`)
        .set(adviser.auth)
        .send({ version: 1, notes: 'Écrasé ?' })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
      const after = await t.http.get(`/api/v1/employers/${id}`).set(adviser.auth).expect(200);
      expect(after.body.notes).toBe('Bon accueil');
      const audit = await t.ds.query(
        "SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update'",
        [id],
      );
      expect(audit[0].changes).toEqual(
        expect.arrayContaining([{ field: 'status', before: 'prospect', after: 'partner' }]),
      );
    });

    it('does not bump the version nor audit a PATCH that changes nothing', async () => {
      const id = await anEmployer(t.ds, { legal_name: 'Inchangé', notes: 'n' });
      const res = await t.http
        .patch(`/api/v1/employers/${id}`)
        .set(adviser.auth)
        .send({ version: 1, legalName: 'Inchangé', notes: 'n' })
        .expect(200);
      expect(res.body.version).toBe(1);
      expect(await t.ds.query('SELECT id FROM audit_log WHERE entity_id = $1', [id])).toEqual([]);
    });

    it('requires the version on PATCH', async () => {
      const id = await anEmployer(t.ds);
      const res = await t.http
        .patch(`/api/v1/employers/${id}`)
        .set(adviser.auth)
        .send({ notes: 'x' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('version');
    });

    it('refuses to change the SIRET to one another employer has', async () => {
      const siret = aSiret();
      const other = await anEmployer(t.ds, { siret });
      const id = await anEmployer(t.ds);
      const res = await t.http
        .patch(`/api/v1/employers/${id}`)
        .set(adviser.auth)
        .send({ version: 1, siret })
        .expect(409);
      expect(res.body.existingId).toBe(other);
    });

    it('archives on DELETE, for managers only', async () => {
      const id = await anEmployer(t.ds);
      await t.http.delete(`/api/v1/employers/${id}`).set(adviser.auth).expect(403);
      const res = await t.http.delete(`/api/v1/employers/${id}`).set(manager.auth).expect(200);
      expect(res.body.status).toBe('archived');
      const list = await t.http.get('/api/v1/employers?limit=100').set(adviser.auth).expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(id);
      const archived = await t.http
        .get('/api/v1/employers?status=archived&limit=100')
        .set(adviser.auth)
        .expect(200);
      expect(archived.body.items.map((e: { id: string }) => e.id)).toContain(id);
    });
  });

  describe('search and filters', () => {
    let helene: string;

    beforeAll(async () => {
      helene = await anEmployer(t.ds, {
        legal_name: 'SARL Hélène et Fils',
        siret: aSiret(),
        trade_name: 'Pâtisserie Hélène',
        postal_code: '25000',
        insee_code: '25056',
        epci_code: '242500361',
        naf_code: '10.71D',
        tags: ['alimentaire'],
        referent_id: adviser.id,
      });
      await anEmployer(t.ds, { legal_name: 'Plomberie Franc-Comtoise' });
    });

    const search = async (query: string) =>
      (await t.http.get(`/api/v1/employers?${query}`).set(adviser.auth).expect(200)).body as {
        items: { id: string; legalName: string }[];
        nextCursor: string | null;
      };

    it('finds a name typed without accents or capitals', async () => {
      const res = await search('q=patisserie%20helene');
      expect(res.items[0]?.id).toBe(helene);
    });

    it('finds a name with a typo', async () => {
      expect((await search('q=patiserie%20helenne')).items[0]?.id).toBe(helene);
    });

    it('finds an employer by half of its name', async () => {
      expect((await search('q=patis')).items.map((e) => e.id)).toContain(helene);
    });

    it('ranks a name equal to the query first, then names starting with it, then the rest', async () => {
      const exact = await anEmployer(t.ds, { legal_name: 'Fournil SARL', trade_name: 'Fournil' });
      const prefix = await anEmployer(t.ds, { legal_name: 'Fournil des Halles' });
      const inside = await anEmployer(t.ds, {
        legal_name: 'SARL Martin',
        trade_name: 'Le Fournil Martin',
      });
      const mine = new Set([exact, prefix, inside]);
      const ids = (await search('q=FOURNIL&limit=100')).items.map((e) => e.id);
      expect(ids.filter((id) => mine.has(id))).toEqual([exact, prefix, inside]);
      // Page by page, across the two tiers: the same order, each employer once.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`q=fournil&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(ids);
    });

    it('does not return unrelated employers', async () => {
      expect((await search('q=patisserie%20helene')).items.map((e) => e.legalName)).not.toContain(
        'Plomberie Franc-Comtoise',
      );
    });

    it('finds an employer by SIRET, with or without spaces, and by SIREN', async () => {
      const [{ siret }] = await t.ds.query('SELECT siret FROM employers WHERE id = $1', [helene]);
      expect((await search(`q=${siret}`)).items.map((e) => e.id)).toEqual([helene]);
      const spaced = `${siret.slice(0, 3)}%20${siret.slice(3, 9)}%20${siret.slice(9)}`;
      expect((await search(`q=${spaced}`)).items.map((e) => e.id)).toEqual([helene]);
      expect((await search(`q=${siret.slice(0, 9)}`)).items.map((e) => e.id)).toContain(helene);
    });

    it('runs the name search on the prefix and trigram indexes and the default list on the name index', async () => {
      const service = t.get(EmployersService);
      // The plans of the list's statements (a name search has two: the second runs because the
      // first, explained instead of run, finds nothing).
      const plan = async (filter: { q?: string }) => {
        const plans: string[] = [];
        // Tiny tables are scanned sequentially whatever the indexes: forbid that to see the choice.
        const qr = t.ds.createQueryRunner();
        try {
          await qr.query('SET enable_seqscan = off');
          await service.listRows(filter, undefined, 26, async (sql, params) => {
            const rows: { 'QUERY PLAN': string }[] = await qr.query(`EXPLAIN ${sql}`, params);
            plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
            return [];
          });
          return plans.join('\n');
        } finally {
          await qr.query('RESET enable_seqscan');
          await qr.release();
        }
      };
      const named = await plan({ q: 'patisserie helene' });
      // Names starting with the query: two ordered range scans; the rest: the trigram index.
      expect(named).toContain('employers_legal_prefix_idx');
      expect(named).toContain('employers_trade_prefix_idx');
      expect(named).toContain('employers_name_trgm_idx');
      expect(await plan({})).toContain('employers_sort_name_idx');
    });

    it('bounds the pending list of the trigram index, which every typo search reads (ADR 1600)', async () => {
      const [{ options }] = await t.ds.query(
        `SELECT reloptions AS options FROM pg_class WHERE relname = 'employers_name_trgm_idx'`,
      );
      // 4 MB by default: up to 512 pages read twice per typo search (15 ms instead of 3).
      expect(options).toContain('gin_pending_list_limit=256');
    });

    it('filters by NAF code, commune, EPCI, referent and tag', async () => {
      for (const q of [
        'nafCode=10.71D',
        'inseeCode=25056',
        'epci=242500361',
        `referentId=${adviser.id}`,
        'tag=alimentaire',
      ]) {
        expect((await search(`${q}&limit=100`)).items.map((e) => e.id)).toContain(helene);
      }
      expect((await search('tag=inconnu')).items).toEqual([]);
    });

    it('filters by NAF section, each nomenclature under its own key', async () => {
      // 10.71D is manufacturing (section C) in NAF rév. 2; 47.24Y is retail in NAF 2025.
      const retail = await anEmployer(t.ds, {
        legal_name: 'Boulangerie 2025',
        naf_code: '47.24Y',
        naf_version: '2025',
      });
      const inC = (await search('nafSection=C&limit=100')).items.map((e) => e.id);
      expect(inC).toContain(helene);
      expect(inC).not.toContain(retail);
      const in2025G = (await search('nafSection=2025-G&limit=100')).items.map((e) => e.id);
      expect(in2025G).toEqual([retail]);
      expect((await search('nafSection=G&limit=100')).items.map((e) => e.id)).not.toContain(retail);
      await t.http.get('/api/v1/employers?nafSection=Z9').set(adviser.auth).expect(400);
    });

    it('pages through the list in a stable order without repeats or gaps', async () => {
      for (let i = 0; i < 7; i++) await anEmployer(t.ds, { legal_name: `Pagination ${i % 3}` });
      const all = (await search('limit=100')).items.map((e) => e.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
    });

    it('pages through search results in a stable order', async () => {
      for (let i = 0; i < 5; i++) await anEmployer(t.ds, { legal_name: `Pâtisserie Page ${i}` });
      const all = (await search('q=patisserie&limit=100')).items.map((e) => e.id);
      expect(all.length).toBeGreaterThanOrEqual(6);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`q=patisserie&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('answers 400, never 500, to forged cursors of the right shape', async () => {
      const forge = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const id = helene;
      for (const path of [
        `/api/v1/employers?cursor=${forge(['x', 'not-a-uuid'])}`,
        `/api/v1/employers?q=patisserie&cursor=${forge(['high', id])}`,
        `/api/v1/employers?q=732829&cursor=${forge(['73282932000074', 'zz'])}`,
        `/api/v1/employers/${id}/timeline?cursor=${forge(['yesterday', 'interaction', id])}`,
        `/api/v1/employers/${id}/contacts?cursor=${forge(['2026-01-01T00:00:00Z', 42])}`,
        `/api/v1/interactions?cursor=${forge(['soon', id])}`,
        '/api/v1/interactions?from=2026-W10',
      ]) {
        const res = await t.http.get(path).set(adviser.auth);
        expect([path, res.status]).toEqual([path, 400]);
      }
    });

    it('treats a query of punctuation only as no search', async () => {
      const res = await search('q=!!!&limit=100');
      expect(res.items.map((e) => e.id)).toContain(helene);
    });

    it('treats % and _ in the query as letters, never as LIKE wildcards', async () => {
      const percent = await anEmployer(t.ds, { legal_name: 'Bio 100% Local' });
      const thousand = await anEmployer(t.ds, { legal_name: 'Bio 1000 Local' });
      const underscore = await anEmployer(t.ds, { legal_name: 'Studio code_barre' });
      const spaced = await anEmployer(t.ds, { legal_name: 'Studio code barre' });
      const ids = async (q: string) =>
        (await search(`q=${encodeURIComponent(q)}&limit=100`)).items.map((e) => e.id);
      expect(await ids('100%')).toEqual([percent]);
      expect(await ids('bio 100% LOCAL')).toEqual([percent]);
      expect(await ids('%')).toEqual([percent]);
      expect(await ids('code_barre')).toEqual([underscore]);
      expect(await ids('_')).toEqual([underscore]);
      expect(await ids('%_%')).toEqual([]);
      // Without them, the tolerant search finds both spellings as before.
      expect(await ids('code barre')).toEqual(expect.arrayContaining([underscore, spaced]));
      expect(await ids('bio local')).toEqual(expect.arrayContaining([percent, thousand]));
    });

    it('rejects a malformed cursor and an unknown filter', async () => {
      await t.http.get('/api/v1/employers?cursor=zzz').set(adviser.auth).expect(400);
      await t.http.get('/api/v1/employers?colour=red').set(adviser.auth).expect(400);
    });
  });

  describe('dormant', () => {
    it('is derived from the last interaction and moves when one is logged', async () => {
      const days = t.config.dormantAfterDays;
      const id = await anEmployer(t.ds, {
        legal_name: 'Dormant SA',
        created_at: new Date(NOW.getTime() - (days + 30) * 86_400_000),
      });
      await anInteraction(t.ds, id, adviser.id, {
        occurred_at: new Date(NOW.getTime() - (days + 1) * 86_400_000),
      });
      await t.ds.query(
        'UPDATE employers SET last_interaction_at = (SELECT max(occurred_at) FROM interactions WHERE employer_id = $1) WHERE id = $1',
        [id],
      );
      const dormantIds = async () =>
        (
          await t.http.get('/api/v1/employers?dormant=true&limit=100').set(adviser.auth).expect(200)
        ).body.items.map((e: { id: string }) => e.id);

      expect(await dormantIds()).toContain(id);
      expect((await t.http.get(`/api/v1/employers/${id}`).set(adviser.auth)).body.dormant).toBe(
        true,
      );

      await t.http
        .post(`/api/v1/employers/${id}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'phone',
          direction: 'outbound',
          occurredAt: NOW.toISOString(),
          subject: 'Reprise de contact',
        })
        .expect(201);
      expect(await dormantIds()).not.toContain(id);
      const fresh = await t.http.get(`/api/v1/employers/${id}`).set(adviser.auth);
      expect(fresh.body).toMatchObject({ dormant: false, lastInteractionAt: NOW.toISOString() });
      const notDormant = await t.http
        .get('/api/v1/employers?dormant=false&limit=100')
        .set(adviser.auth)
        .expect(200);
      expect(notDormant.body.items.map((e: { id: string }) => e.id)).toContain(id);
    });

    it('counts from creation for an employer never contacted', async () => {
      const days = t.config.dormantAfterDays;
      const old = await anEmployer(t.ds, {
        created_at: new Date(NOW.getTime() - (days + 1) * 86_400_000),
      });
      const recent = await anEmployer(t.ds, {
        created_at: new Date(NOW.getTime() - (days - 1) * 86_400_000),
      });
      const res = await t.http
        .get('/api/v1/employers?dormant=true&limit=100')
        .set(adviser.auth)
        .expect(200);
      const ids = res.body.items.map((e: { id: string }) => e.id);
      expect(ids).toContain(old);
      expect(ids).not.toContain(recent);
    });
  });
});
