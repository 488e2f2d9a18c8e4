import { JwtService } from '@nestjs/jwt';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import type { Role } from '../../src/common/vocabulary.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aHiredPlacement, aPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { anEvent } from '../support/factories/event.js';
import { aDraftCampaign } from '../support/factories/survey.js';

// The expected least role of every route of the OpenAPI document. A route added to the API
// without a line here, or a line left behind for a route that is gone, fails the first test.
type Access = 'public' | Role;
// Public HTML routes left out of the OpenAPI document (pages, forms, the calendar feed): still
// checked to open without a token by the public-route test below.
const PUBLIC_HTML = [
  'GET /public/job-offers/{id}',
  'GET /public/job-offers/{id}/affiche',
  'GET /calendar/{token}.ics',
  'GET /s/lost',
  'POST /s/lost',
  'GET /s/{token}',
  'POST /s/{token}',
  'GET /s/{token}/unsubscribe',
  'POST /s/{token}/unsubscribe',
  'POST /s/{token}/renew',
];

const EXPECTED: Record<string, Access> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'adviser',
  'GET /api/v1/auth/me': 'adviser',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/{id}': 'admin',
  'GET /api/v1/audit-log': 'admin',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /api/v1/employers': 'adviser',
  'POST /api/v1/employers': 'adviser',
  'GET /api/v1/employers/export': 'manager',
  'POST /api/v1/employers/import': 'manager',
  // Its author or an admin (another manager gets 403: test/employers/import-jobs.e2e-spec.ts).
  'GET /api/v1/employers/imports/{id}': 'manager',
  'GET /api/v1/employers/{id}': 'adviser',
  'PATCH /api/v1/employers/{id}': 'adviser',
  'DELETE /api/v1/employers/{id}': 'manager',
  'GET /api/v1/employers/{id}/timeline': 'adviser',
  'POST /api/v1/employers/{id}/merge': 'manager',
  'GET /api/v1/employers/{id}/contacts': 'adviser',
  'POST /api/v1/employers/{id}/contacts': 'adviser',
  'PATCH /api/v1/contacts/{id}': 'adviser',
  'DELETE /api/v1/contacts/{id}': 'adviser',
  'POST /api/v1/contacts/{id}/erase': 'manager',
  'GET /api/v1/interactions': 'adviser',
  'POST /api/v1/employers/{id}/interactions': 'adviser',
  'PATCH /api/v1/interactions/{id}': 'adviser',
  'DELETE /api/v1/interactions/{id}': 'adviser',
  'GET /api/v1/job-offers': 'adviser',
  'POST /api/v1/job-offers': 'adviser',
  'GET /api/v1/job-offers/{id}': 'adviser',
  'PATCH /api/v1/job-offers/{id}': 'adviser',
  'POST /api/v1/job-offers/{id}/transitions': 'adviser',
  'GET /public/job-offers': 'public',
  'GET /public/job-offers/feed.xml': 'public',
  'GET /api/v1/young-people': 'adviser',
  'POST /api/v1/young-people': 'adviser',
  'GET /api/v1/young-people/{id}': 'adviser',
  'PATCH /api/v1/young-people/{id}': 'adviser',
  'POST /api/v1/young-people/{id}/erase': 'manager',
  'GET /api/v1/placements': 'adviser',
  'POST /api/v1/placements': 'adviser',
  'GET /api/v1/placements/{id}': 'adviser',
  'PATCH /api/v1/placements/{id}': 'adviser',
  'POST /api/v1/placements/{id}/hire': 'adviser',
  'POST /api/v1/placements/{id}/rupture': 'adviser',
  'POST /api/v1/placements/{id}/complete': 'adviser',
  'GET /api/v1/follow-ups': 'adviser',
  'POST /api/v1/placements/{id}/follow-ups': 'adviser',
  'PATCH /api/v1/follow-ups/{id}': 'adviser',
  'POST /api/v1/follow-ups/{id}/complete': 'adviser',
  'GET /api/v1/follow-up-plans': 'adviser',
  'PUT /api/v1/follow-up-plans/{contractType}': 'manager',
  'GET /api/v1/me/agenda': 'adviser',
  'GET /api/v1/me/calendar-url': 'adviser',
  'POST /api/v1/me/calendar-url': 'adviser',
  'GET /api/v1/events': 'adviser',
  'POST /api/v1/events': 'adviser',
  'GET /api/v1/events/{id}': 'adviser',
  'PATCH /api/v1/events/{id}': 'adviser',
  'POST /api/v1/events/{id}/participants': 'adviser',
  'GET /api/v1/survey-campaigns': 'manager',
  'POST /api/v1/survey-campaigns': 'manager',
  'GET /api/v1/survey-campaigns/{id}': 'manager',
  'POST /api/v1/survey-campaigns/{id}/launch': 'manager',
  'POST /api/v1/survey-campaigns/{id}/close': 'manager',
  'GET /api/v1/survey-campaigns/{id}/results': 'manager',
  'GET /api/v1/indicators': 'manager',
  'GET /api/v1/reports/annual/{year}': 'manager',
  'GET /api/v1/prospects': 'adviser',
  'POST /api/v1/prospects/{siret}/take-on': 'adviser',
};

// Mounted outside Nest's router, so absent from the document: listed and checked on their own.
const OUTSIDE_DOCUMENT: Record<string, Access> = {
  'GET /docs': 'public',
  'GET /docs-json': 'public',
  'GET /admin/queues': 'admin',
  'GET /admin/queues/api/queues': 'admin',
};

const ROLES: Role[] = ['adviser', 'manager', 'admin'];
const RANK: Record<Role, number> = { adviser: 1, manager: 2, admin: 3 };

interface Call {
  path: string;
  body?: object;
  query?: Record<string, string>;
  csv?: string;
  /** A real 2xx is expected for an allowed role; otherwise only "neither 401 nor 403". */
  ok: boolean;
  /** A token of the actor's to use instead of their shared one (logout revokes it). */
  token?: string;
}

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const iso = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe('authorization matrix (every route of the OpenAPI document)', () => {
  let t: TestApp;
  let staff: Record<Role, Staff>;
  let documented: string[];
  let shared: { employer: string; offer: string; yp: string; placement: string; event: string };
  let n = 0;
  let postYear = 2001;

  beforeAll(async () => {
    t = await createTestApp();
    staff = {
      adviser: await t.staff('adviser'),
      manager: await t.staff('manager'),
      admin: await t.staff('admin'),
    };
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const employer = await anEmployer(t.ds);
    shared = {
      employer,
      offer: await aJobOffer(t.ds, employer),
      yp: await aYoungPerson(t.ds),
      placement: await aPlacement(t.ds, employer, { adviser_id: staff.adviser.id }),
      event: await anEvent(t.ds),
    };
  });
  afterAll(() => t.close());

  /** A request an allowed caller could really make: fresh rows for what a call consumes. */
  async function callFor(route: string, actor: Staff): Promise<Call> {
    const ds = t.ds;
    const s = shared;
    const fresh = () => anEmployer(ds);
    const hired = async () => aHiredPlacement(ds, await fresh(), { adviser_id: actor.id });
    n += 1;
    switch (route) {
      case 'GET /api/v1/auth/me':
        return { path: '/api/v1/auth/me', ok: true };
      case 'POST /api/v1/auth/logout':
        return {
          path: '/api/v1/auth/logout',
          ok: true,
          token: await t.get(AccessTokens).issue(actor),
        };
      case 'GET /api/v1/users':
        return { path: '/api/v1/users', ok: true };
      case 'POST /api/v1/users':
        return {
          path: '/api/v1/users',
          body: {
            email: `new-${n}-${actor.role}@ml.example`,
            displayName: 'Nouveau',
            role: 'adviser',
            password: 'un-mot-de-passe-solide-42',
          },
          ok: true,
        };
      case 'PATCH /api/v1/users/{id}': {
        const u = await t.staff('adviser');
        return {
          path: `/api/v1/users/${u.id}`,
          body: { displayName: 'Renommé', version: 1 },
          ok: true,
        };
      }
      case 'GET /api/v1/audit-log':
        return { path: '/api/v1/audit-log', ok: true };
      case 'GET /api/v1/employers':
        return { path: '/api/v1/employers', query: { q: 'Entreprise' }, ok: true };
      case 'POST /api/v1/employers':
        return { path: '/api/v1/employers', body: { legalName: `Créée ${n}` }, ok: true };
      case 'GET /api/v1/employers/export':
        return { path: '/api/v1/employers/export', ok: true };
      case 'POST /api/v1/employers/import':
        return {
          path: '/api/v1/employers/import',
          query: { dryRun: 'true' },
          csv: 'raison_sociale;siret\nImportée;\n',
          ok: false,
        };
      case 'GET /api/v1/employers/imports/{id}': {
        // An import started by the caller, so that each allowed role is its author.
        const [row] = await ds.query(
          `INSERT INTO employer_imports (actor_id, format, dry_run, atomic, status)
           VALUES ($1, 'csv', true, false, 'done') RETURNING id`,
          [actor.id],
        );
        return { path: `/api/v1/employers/imports/${row.id}`, ok: true };
      }
      case 'GET /api/v1/employers/{id}':
        return { path: `/api/v1/employers/${s.employer}`, ok: true };
      case 'PATCH /api/v1/employers/{id}':
        return {
          path: `/api/v1/employers/${await fresh()}`,
          body: { notes: 'Vu', version: 1 },
          ok: true,
        };
      case 'DELETE /api/v1/employers/{id}':
        return { path: `/api/v1/employers/${await fresh()}`, ok: true };
      case 'GET /api/v1/employers/{id}/timeline':
        return { path: `/api/v1/employers/${s.employer}/timeline`, ok: true };
      case 'POST /api/v1/employers/{id}/merge':
        return {
          path: `/api/v1/employers/${await fresh()}/merge`,
          body: { intoId: await fresh() },
          ok: true,
        };
      case 'GET /api/v1/employers/{id}/contacts':
        return { path: `/api/v1/employers/${s.employer}/contacts`, ok: true };
      case 'POST /api/v1/employers/{id}/contacts':
        return {
          path: `/api/v1/employers/${await fresh()}/contacts`,
          body: { firstName: 'Jean', lastName: 'Petit', email: `jp-${n}@employeur.example` },
          ok: true,
        };
      case 'PATCH /api/v1/contacts/{id}':
        return {
          path: `/api/v1/contacts/${await aContact(ds, await fresh())}`,
          body: { jobTitle: 'DRH' },
          ok: true,
        };
      case 'DELETE /api/v1/contacts/{id}':
        return { path: `/api/v1/contacts/${await aContact(ds, await fresh())}`, ok: true };
      case 'POST /api/v1/contacts/{id}/erase':
        return { path: `/api/v1/contacts/${await aContact(ds, await fresh())}/erase`, ok: true };
      case 'GET /api/v1/interactions':
        return { path: '/api/v1/interactions', ok: true };
      case 'POST /api/v1/employers/{id}/interactions':
        return {
          path: `/api/v1/employers/${await fresh()}/interactions`,
          body: { type: 'phone', direction: 'outbound', occurredAt: iso(-0.1), subject: 'Appel' },
          ok: true,
        };
      case 'PATCH /api/v1/interactions/{id}':
        return {
          path: `/api/v1/interactions/${await anInteraction(ds, await fresh(), actor.id)}`,
          body: { subject: 'Rappel' },
          ok: true,
        };
      case 'DELETE /api/v1/interactions/{id}':
        return {
          path: `/api/v1/interactions/${await anInteraction(ds, await fresh(), actor.id)}`,
          ok: true,
        };
      case 'GET /api/v1/job-offers':
        return { path: '/api/v1/job-offers', ok: true };
      case 'POST /api/v1/job-offers':
        return {
          path: '/api/v1/job-offers',
          body: {
            employerId: s.employer,
            title: 'Commis de cuisine',
            romeCode: 'G1602',
            description: 'Préparations froides et chaudes.',
            contractType: 'cdd',
            location: { inseeCode: '25056' },
          },
          ok: true,
        };
      case 'GET /api/v1/job-offers/{id}':
        return { path: `/api/v1/job-offers/${s.offer}`, ok: true };
      case 'PATCH /api/v1/job-offers/{id}':
        return {
          path: `/api/v1/job-offers/${await aJobOffer(ds, s.employer)}`,
          body: { title: 'Serveur', version: 1 },
          ok: true,
        };
      case 'POST /api/v1/job-offers/{id}/transitions':
        return {
          path: `/api/v1/job-offers/${await aJobOffer(ds, s.employer)}/transitions`,
          body: { to: 'published', version: 1 },
          ok: false,
        };
      case 'GET /api/v1/young-people':
        return { path: '/api/v1/young-people', ok: true };
      case 'POST /api/v1/young-people':
        return {
          path: '/api/v1/young-people',
          body: { firstName: 'Noé', lastName: 'Roy' },
          ok: true,
        };
      case 'GET /api/v1/young-people/{id}':
        return { path: `/api/v1/young-people/${s.yp}`, ok: true };
      case 'PATCH /api/v1/young-people/{id}':
        return {
          path: `/api/v1/young-people/${await aYoungPerson(ds)}`,
          body: { phone: '0601020304' },
          ok: true,
        };
      case 'POST /api/v1/young-people/{id}/erase':
        return { path: `/api/v1/young-people/${await aYoungPerson(ds)}/erase`, ok: true };
      case 'GET /api/v1/placements':
        return { path: '/api/v1/placements', ok: true };
      case 'POST /api/v1/placements':
        return {
          path: '/api/v1/placements',
          body: { youngPersonId: await aYoungPerson(ds), employerId: s.employer },
          ok: true,
        };
      case 'GET /api/v1/placements/{id}':
        return { path: `/api/v1/placements/${s.placement}`, ok: true };
      case 'PATCH /api/v1/placements/{id}':
        return {
          path: `/api/v1/placements/${await aPlacement(ds, s.employer, { adviser_id: actor.id })}`,
          body: { status: 'interview' },
          ok: true,
        };
      case 'POST /api/v1/placements/{id}/hire':
        return {
          path: `/api/v1/placements/${await aPlacement(ds, s.employer, { adviser_id: actor.id })}/hire`,
          body: { contractType: 'cdd', startDate: day(3), endDate: day(180) },
          ok: true,
        };
      case 'POST /api/v1/placements/{id}/rupture':
        return {
          path: `/api/v1/placements/${await hired()}/rupture`,
          body: { date: day(-1), initiative: 'employee', reason: 'Déménagement' },
          ok: true,
        };
      case 'POST /api/v1/placements/{id}/complete':
        return { path: `/api/v1/placements/${await hired()}/complete`, body: {}, ok: false };
      case 'GET /api/v1/follow-ups':
        return { path: '/api/v1/follow-ups', ok: true };
      case 'POST /api/v1/placements/{id}/follow-ups':
        return {
          path: `/api/v1/placements/${await hired()}/follow-ups`,
          body: { dueDate: day(20) },
          ok: true,
        };
      case 'PATCH /api/v1/follow-ups/{id}':
        return {
          path: `/api/v1/follow-ups/${await aFollowUp(ds, await hired(), { due_date: day(10) })}`,
          body: { channel: 'phone' },
          ok: true,
        };
      case 'POST /api/v1/follow-ups/{id}/complete':
        return {
          path: `/api/v1/follow-ups/${await aFollowUp(ds, await hired(), { due_date: day(-2) })}/complete`,
          body: { doneOn: day(-1), channel: 'phone', risk: 'none' },
          ok: true,
        };
      case 'GET /api/v1/follow-up-plans':
        return { path: '/api/v1/follow-up-plans', ok: true };
      case 'PUT /api/v1/follow-up-plans/{contractType}':
        return {
          path: '/api/v1/follow-up-plans/cdi',
          body: {
            steps: [{ key: 'first_week', anchor: 'start', offsetDays: 7, withWhom: 'both' }],
          },
          ok: true,
        };
      case 'GET /api/v1/me/agenda':
        return { path: '/api/v1/me/agenda', ok: true };
      case 'GET /api/v1/me/calendar-url':
      case 'POST /api/v1/me/calendar-url':
        return { path: '/api/v1/me/calendar-url', ok: true };
      case 'GET /api/v1/events':
        return { path: '/api/v1/events', ok: true };
      case 'POST /api/v1/events':
        return {
          path: '/api/v1/events',
          body: { title: 'Forum emploi', type: 'forum', startsAt: iso(15) },
          ok: true,
        };
      case 'GET /api/v1/events/{id}':
        return { path: `/api/v1/events/${s.event}`, ok: true };
      case 'PATCH /api/v1/events/{id}':
        return { path: `/api/v1/events/${await anEvent(ds)}`, body: { title: 'Forum' }, ok: true };
      case 'POST /api/v1/events/{id}/participants':
        return {
          path: `/api/v1/events/${await anEvent(ds)}/participants`,
          body: { employers: [{ employerId: s.employer }] },
          ok: true,
        };
      case 'GET /api/v1/survey-campaigns':
        return { path: '/api/v1/survey-campaigns', ok: true };
      case 'POST /api/v1/survey-campaigns':
        return { path: '/api/v1/survey-campaigns', body: { year: postYear++ }, ok: true };
      case 'GET /api/v1/survey-campaigns/{id}':
        return { path: `/api/v1/survey-campaigns/${await aDraftCampaign(ds)}`, ok: true };
      case 'POST /api/v1/survey-campaigns/{id}/launch':
        return { path: `/api/v1/survey-campaigns/${await aDraftCampaign(ds)}/launch`, ok: false };
      case 'POST /api/v1/survey-campaigns/{id}/close':
        return { path: `/api/v1/survey-campaigns/${await aDraftCampaign(ds)}/close`, ok: false };
      case 'GET /api/v1/survey-campaigns/{id}/results':
        return { path: `/api/v1/survey-campaigns/${await aDraftCampaign(ds)}/results`, ok: true };
      case 'GET /api/v1/indicators':
        return { path: '/api/v1/indicators', query: { from: day(-365), to: day(0) }, ok: true };
      case 'GET /api/v1/reports/annual/{year}':
        return { path: `/api/v1/reports/annual/${day(0).slice(0, 4)}`, ok: true };
      case 'GET /api/v1/prospects':
        return { path: '/api/v1/prospects', query: { epci: '242500361' }, ok: true };
      case 'POST /api/v1/prospects/{siret}/take-on': {
        const siret = aSiret();
        await ds.query(
          `INSERT INTO prospects (siret, siren, name, insee_code, epci_code, epci_name)
           VALUES ($1, $2, 'Prospect', '25056', '242500361', 'Grand Besançon Métropole')`,
          [siret, siret.slice(0, 9)],
        );
        return { path: `/api/v1/prospects/${siret}/take-on`, ok: true };
      }
      default:
        throw new Error(`no call written for ${route}`);
    }
  }

  function send(route: string, call: Call, headers: Record<string, string>) {
    const method = route.split(' ')[0]!.toLowerCase() as
      'get' | 'post' | 'patch' | 'put' | 'delete';
    let req = t.http[method](call.path).set(headers);
    if (call.query) req = req.query(call.query);
    if (call.csv !== undefined)
      return req.attach('file', Buffer.from(call.csv), {
        filename: 'e.csv',
        contentType: 'text/csv',
      });
    return call.body ? req.send(call.body) : req;
  }

  const staffRoutes = () => Object.keys(EXPECTED).filter((r) => EXPECTED[r] !== 'public');
  const where = (route: string, who: string, status: number) => `${route} as ${who} → ${status}`;

  it('has an expected role for every documented route, and no line for a route that is gone', () => {
    expect(documented.filter((r) => !(r in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !documented.includes(r))).toEqual([]);
    expect(staffRoutes().length).toBeGreaterThan(50);
  });

  it('answers 401 problem+json to every staff route without a token or with a bad one', async () => {
    const jwt = t.get(JwtService);
    const admin = staff.admin;
    const expired = await jwt.signAsync({ sub: admin.id, role: 'admin' }, { expiresIn: -60 });
    const [h, p, sig] = admin.token.split('.') as [string, string, string];
    const mid = Math.floor(sig.length / 2);
    const tampered = `${h}.${p}.${sig.slice(0, mid)}${sig[mid] === 'A' ? 'B' : 'A'}${sig.slice(mid + 1)}`;
    // An admin's claims with an unsigned header: must never be accepted.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    const ghost = await t.staff('admin');
    await t.http
      .patch(`/api/v1/users/${ghost.id}`)
      .set(admin.auth)
      .send({ active: false, version: 1 })
      .expect(200);
    // The control: the same token types are accepted when nothing is wrong with them.
    const fresh = await jwt.signAsync({ sub: admin.id, role: 'admin' }, { expiresIn: 60 });
    await t.http
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${fresh}` })
      .expect(200);

    const bad: Record<string, Record<string, string>> = {
      'no token': {},
      'no bearer scheme': { Authorization: admin.token },
      expired: { Authorization: `Bearer ${expired}` },
      tampered: { Authorization: `Bearer ${tampered}` },
      'alg none': { Authorization: `Bearer ${unsigned}` },
      'deactivated user': ghost.auth,
    };
    const failures: string[] = [];
    for (const route of staffRoutes()) {
      const call = await callFor(route, admin);
      for (const [what, headers] of Object.entries(bad)) {
        const res = await send(route, call, headers);
        if (res.status !== 401 || !/application\/problem\+json/.test(res.type))
          failures.push(where(route, what, res.status));
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to each role below the least role and lets each role at or above it in', async () => {
    const failures: string[] = [];
    let twoHundreds = 0;
    for (const route of staffRoutes()) {
      const min = EXPECTED[route] as Role;
      for (const role of ROLES) {
        const actor = staff[role];
        const call = await callFor(route, actor);
        const res = await send(
          route,
          call,
          call.token ? { Authorization: `Bearer ${call.token}` } : actor.auth,
        );
        const allowed = RANK[role] >= RANK[min];
        if (!allowed) {
          if (res.status !== 403) failures.push(where(route, role, res.status));
        } else if (call.ok) {
          if (res.status < 200 || res.status > 299)
            failures.push(`${where(route, role, res.status)} ${JSON.stringify(res.body)}`);
          else twoHundreds += 1;
        } else if ([401, 403].includes(res.status) || res.status >= 500) {
          failures.push(where(route, role, res.status));
        }
      }
    }
    expect(failures).toEqual([]);
    expect(twoHundreds).toBeGreaterThan(100);
  });

  it('opens every public route of the document to a caller without a token', async () => {
    const failures: string[] = [];
    const paths: Record<string, string> = {
      '/public/job-offers/{id}': `/public/job-offers/${shared.offer}`,
      '/public/job-offers/{id}/affiche': `/public/job-offers/${shared.offer}/affiche`,
      '/calendar/{token}.ics': `/calendar/${'x'.repeat(43)}.ics`,
    };
    for (const route of [
      ...Object.keys(EXPECTED).filter((r) => EXPECTED[r] === 'public'),
      ...PUBLIC_HTML,
    ]) {
      const [method, path] = route.split(' ') as [string, string];
      const url = paths[path] ?? path.replace('{token}', 'A'.repeat(43));
      const req = t.http[method.toLowerCase() as 'get' | 'post'](url);
      const res = await (route === 'POST /api/v1/auth/login'
        ? req.send({ email: staff.adviser.email, password: 'wrong-password' })
        : route.startsWith('POST /s/')
          ? req.type('form').send({ email: 'personne@employeur.example' })
          : req);
      // Login answers 401 for a wrong password: what matters is that no token was asked for.
      const asksToken = /bearer token/i.test(JSON.stringify(res.body));
      if (res.status === 403 || asksToken || res.status >= 500)
        failures.push(where(route, 'anonymous', res.status));
    }
    expect(failures).toEqual([]);
  });

  it('guards the routes mounted outside the document (docs, queue board) as listed', async () => {
    for (const [route, access] of Object.entries(OUTSIDE_DOCUMENT)) {
      const path = route.split(' ')[1]!;
      const anonymous = await t.http.get(path);
      if (access === 'public') {
        expect([anonymous.status, route]).toEqual([200, route]);
        continue;
      }
      expect([anonymous.status, route]).toEqual([401, route]);
      for (const role of ROLES) {
        const res = await t.http.get(path).set(staff[role].auth);
        const expected = RANK[role] >= RANK[access as Role] ? 200 : 403;
        expect([res.status, route, role]).toEqual([expected, route, role]);
      }
    }
  });
});
