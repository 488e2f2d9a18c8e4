import { base, Faker, fr } from '@faker-js/faker';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/passwords.js';
import { addDays } from '../common/clock.js';
import { CONTRACT_TYPES, type ContractType } from '../common/vocabulary.js';
import { allCommunes, type Commune } from '../reference/communes.js';
import { allNafCodes } from '../reference/naf.js';
import { withLuhnDigit } from '../reference/siret.js';
import type { PlanStep } from '../follow-ups/follow-up-plan.entity.js';
import { generateSchedule } from '../follow-ups/follow-up-schedule.js';
import { addWorkingDays } from '../reference/working-days.js';
import { defaultTrialPeriodEnd } from '../placements/trial-period.js';
import { NEEDS_OPTIONS, SERVICE_OPTIONS } from '../surveys/questionnaire.js';
import { bulkInsert, type Cell, type SeedRow } from './bulk.js';
import { Rng } from './rng.js';
import { BESANCON_AREA_EPCIS, SCALES, type Scale } from './scales.js';
import type { SeedTable } from './tables.js';

export interface SeedOptions {
  scale: Scale;
  seed: number;
  now: Date;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface SeedResult {
  accounts: { email: string; password: string; role: string }[];
  counts: Record<string, number>;
}

export const DEMO_PASSWORD = 'demo-mission-locale';
const BATCH = 5_000;

const ROME_CODES: [string, string][] = [
  ['G1602', 'Commis de cuisine'],
  ['G1803', 'Serveur / Serveuse en restauration'],
  ['D1106', 'Vendeur / Vendeuse en boulangerie-pâtisserie'],
  ['D1507', 'Employé / Employée de mise en rayon'],
  ['N1103', 'Préparateur / Préparatrice de commandes'],
  ['K2204', 'Agent / Agente de propreté'],
  ['H2903', 'Opérateur / Opératrice sur machine d’usinage'],
  ['F1703', 'Maçon / Maçonne'],
  ['J1501', 'Aide-soignant / Aide-soignante'],
  ['M1607', 'Secrétaire administratif / administrative'],
  ['I1604', 'Mécanicien / Mécanicienne automobile'],
  ['A1203', 'Jardinier / Jardinière paysagiste'],
  ['K1302', 'Auxiliaire de vie sociale'],
  ['D1505', 'Employé / Employée de libre-service'],
  ['H3302', 'Opérateur / Opératrice de production'],
  ['F1603', 'Plombier / Plombière chauffagiste'],
];
const NAF_WEIGHTS: [string, number][] = [
  ['56.10A', 8],
  ['56.10C', 3],
  ['47.11F', 4],
  ['47.11D', 3],
  ['10.71C', 4],
  ['43.21A', 3],
  ['43.99C', 2],
  ['45.20A', 3],
  ['49.41A', 2],
  ['52.10B', 2],
  ['81.21Z', 3],
  ['87.10A', 2],
  ['88.10A', 2],
  ['78.20Z', 3],
  ['25.62B', 2],
  ['55.10Z', 2],
  ['62.01Z', 1],
  ['86.10Z', 2],
  ['96.02A', 2],
  ['81.30Z', 2],
];
const CONTRACT_WEIGHTS: [ContractType, number][] = [
  ['cdd', 30],
  ['temporary_work', 22],
  ['cdi', 16],
  ['apprenticeship', 12],
  ['professionalisation', 4],
  ['pec', 5],
  ['iae', 5],
  ['cie', 2],
  ['pmsmp', 4],
];
const SUBJECTS = [
  'Visite de l’entreprise',
  'Point sur les besoins de recrutement',
  'Présentation de la Mission Locale',
  'Suivi d’un jeune en poste',
  'Relance offre d’emploi',
  'Préparation job dating',
  'Appel de courtoisie',
  'Information apprentissage',
];
const NEEDS = [
  'recruitment',
  'training',
  'follow_up',
  'information',
  'apprenticeship',
  'immersion',
];
const HEADCOUNT = ['00', '01', '02', '03', '11', '12', '21', '22', '31', '32'];
const SUFFIXES = ['SARL', 'SAS', 'SA', 'EURL', '& Fils', 'et Associés', ''];
const TRADES = [
  'Boulangerie',
  'Pâtisserie',
  'Garage',
  'Brasserie',
  'Hôtel',
  'Menuiserie',
  'Plomberie',
  'Épicerie',
  'Crèche',
  'Transports',
  'Maçonnerie',
  'Pharmacie',
  'Fromagerie',
  'Restaurant',
  'Élagage',
];

function sha256hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

const iso = (d: Date) => d.toISOString();
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Realistic, valid data written with multi-row inserts; deterministic for a given seed and date. */
export class Generator {
  private readonly rng: Rng;
  private readonly faker: Faker;
  private readonly size: (typeof SCALES)[Scale];
  private readonly communes: Commune[];
  private readonly nafCodes = new Set(allNafCodes());
  private advisers: string[] = [];
  private employers: {
    id: string;
    commune: Commune;
    createdAt: Date;
    referentId: string;
    contacts: string[];
  }[] = [];
  private offerList: { id: string; employerId: string; contractType: ContractType }[] = [];
  private youngIds: string[] = [];
  private eventList: { id: string; startsAt: Date; employerIds: string[] }[] = [];
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly ds: DataSource,
    private readonly opts: SeedOptions,
  ) {
    this.rng = new Rng(opts.seed);
    // An instance of its own: the shared fakerFR would interleave concurrent generators.
    this.faker = new Faker({ locale: [fr, base], seed: opts.seed });
    this.size = SCALES[opts.scale];
    const all = allCommunes();
    this.communes =
      opts.scale === 'national'
        ? all.filter((c) => c.epci && c.postalCodes.length)
        : all.filter((c) => c.epci && BESANCON_AREA_EPCIS.includes(c.epci.code));
    for (const [code] of NAF_WEIGHTS)
      if (!this.nafCodes.has(code))
        throw new Error(`seed NAF code ${code} is not in the official list`);
  }

  private progress(step: string, done: number, total: number): void {
    this.opts.onProgress?.(step, done, total);
  }

  /** A past instant, skewed towards recent dates, within the last `days` days. */
  private pastInstant(days: number): Date {
    const back = Math.floor(Math.pow(this.rng.next(), 1.3) * days * 86_400_000);
    return new Date(this.opts.now.getTime() - back - this.rng.int(0, 3_600_000));
  }

  private async inBatches<T extends SeedTable>(
    step: string,
    total: number,
    make: (i: number) => SeedRow<T>,
    write: (m: EntityManager, rows: SeedRow<T>[]) => Promise<void>,
  ): Promise<void> {
    for (let start = 0; start < total; start += BATCH) {
      const rows: SeedRow<T>[] = [];
      for (let i = start; i < Math.min(total, start + BATCH); i++) rows.push(make(i));
      await write(this.ds.manager, rows);
      this.progress(step, Math.min(total, start + BATCH), total);
    }
    this.counts[step] = (this.counts[step] ?? 0) + total;
  }

  async users(): Promise<SeedResult['accounts']> {
    const hash = await hashPassword(DEMO_PASSWORD);
    const accounts = [
      {
        email: 'conseillere.demo@example.org',
        role: 'adviser',
        name: 'Camille Démo (conseillère)',
      },
      { email: 'direction.demo@example.org', role: 'manager', name: 'Dominique Démo (direction)' },
    ];
    const rows: SeedRow<'users'>[] = [];
    for (const a of accounts)
      rows.push({
        id: this.rng.uuid(),
        email: a.email,
        display_name: a.name,
        role: a.role,
        password_hash: hash,
      });
    for (let i = 0; i < this.size.advisers; i++)
      rows.push({
        id: this.rng.uuid(),
        email: `conseiller${i + 1}@ml.example.org`,
        display_name: this.faker.person.fullName(),
        role: 'adviser',
        password_hash: hash,
      });
    for (let i = 0; i < this.size.managers; i++)
      rows.push({
        id: this.rng.uuid(),
        email: `direction${i + 1}@ml.example.org`,
        display_name: this.faker.person.fullName(),
        role: 'manager',
        password_hash: hash,
      });
    await bulkInsert(this.ds.manager, 'users', rows);
    this.advisers = rows.filter((r) => r.role === 'adviser').map((r) => r.id as string);
    this.counts.users = rows.length;
    return accounts.map((a) => ({ email: a.email, password: DEMO_PASSWORD, role: a.role }));
  }

  private companyName(): { legal: string; trade: string | null } {
    if (this.rng.chance(0.5)) {
      const trade = `${this.rng.pick(TRADES)} ${this.faker.person.lastName()}`;
      return { legal: `${trade} ${this.rng.pick(SUFFIXES)}`.trim(), trade };
    }
    return { legal: `${this.faker.company.name()} ${this.rng.pick(SUFFIXES)}`.trim(), trade: null };
  }

  async employersAndContacts(): Promise<void> {
    const n = this.size.employers;
    const contactRows: SeedRow<'contact_persons'>[] = [];
    await this.inBatches<'employers'>(
      'employers',
      n,
      (i) => {
        const id = this.rng.uuid();
        const commune = this.rng.pick(this.communes);
        const siret = withLuhnDigit(
          String(100_000_000 + i * 37 + this.rng.int(0, 36)).padStart(9, '0') +
            String(this.rng.int(1, 9999)).padStart(4, '0'),
        );
        const name = this.companyName();
        const createdAt = this.pastInstant(1_460);
        const referentId = this.rng.pick(this.advisers);
        const contacts: string[] = [];
        const nContacts = this.rng.weighted([
          [0, 1],
          [1, 5],
          [2, 3],
          [3, 1],
        ] as const);
        for (let c = 0; c < nContacts; c++) {
          const cid = this.rng.uuid();
          contacts.push(cid);
          const first = this.faker.person.firstName();
          const last = this.faker.person.lastName();
          contactRows.push({
            id: cid,
            employer_id: id,
            first_name: first,
            last_name: last,
            job_title: this.rng.pick([
              'Gérant',
              'Responsable RH',
              'Chef d’équipe',
              'Directrice',
              'Assistante de direction',
            ]),
            email: this.rng.chance(0.85)
              ? this.faker.internet
                  .email({ firstName: first, lastName: last, provider: 'example.org' })
                  .toLowerCase()
              : null,
            phone: this.rng.chance(0.8)
              ? `0${this.rng.int(1, 7)}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`
              : null,
            is_primary: c === 0,
            survey_recipient: c === 0 && this.rng.chance(0.3),
            opted_out_at: this.rng.chance(0.02) ? iso(this.pastInstant(300)) : null,
          });
        }
        this.employers.push({ id, commune, createdAt, referentId, contacts });
        return {
          id,
          siret,
          siren: siret.slice(0, 9),
          legal_name: name.legal,
          trade_name: name.trade,
          naf_code: this.rng.weighted(NAF_WEIGHTS),
          headcount_band: this.rng.pick(HEADCOUNT),
          street: `${this.rng.int(1, 120)} ${this.faker.location.street()}`,
          postal_code: this.rng.pick(commune.postalCodes),
          insee_code: commune.inseeCode,
          city: commune.name,
          epci_code: commune.epci!.code,
          epci_name: commune.epci!.name,
          qpv: this.rng.chance(0.08),
          frr: this.rng.chance(0.1),
          status: this.rng.weighted([
            ['partner', 5],
            ['prospect', 4],
            ['archived', 1],
          ] as const),
          referent_id: referentId,
          source: this.rng.weighted([
            ['outreach', 5],
            ['inbound', 2],
            ['event', 2],
            ['partner', 1],
            ['other', 1],
          ] as const),
          tags: this.rng.chance(0.3)
            ? [this.rng.pick(['alternance', 'handicap', 'saisonnier', 'qpv', 'clause-sociale'])]
            : [],
          created_at: iso(createdAt),
          updated_at: iso(createdAt),
        };
      },
      async (m, rows) => {
        await bulkInsert(m, 'employers', rows);
        const contacts = contactRows.splice(0);
        for (let s = 0; s < contacts.length; s += BATCH)
          await bulkInsert(m, 'contact_persons', contacts.slice(s, s + BATCH));
        this.counts.contacts = (this.counts.contacts ?? 0) + contacts.length;
      },
    );
  }

  async interactions(): Promise<void> {
    const total = Math.round(this.size.employers * this.size.interactionsPerEmployer);
    await this.inBatches<'interactions'>(
      'interactions',
      total,
      () => {
        const e = this.rng.pick(this.employers);
        const at = this.pastInstant(1_095);
        const author = this.rng.chance(0.8) ? e.referentId : this.rng.pick(this.advisers);
        const next = this.rng.chance(0.12)
          ? new Date(at.getTime() + this.rng.int(2, 30) * 86_400_000)
          : null;
        return {
          id: this.rng.uuid(),
          employer_id: e.id,
          contact_person_id:
            e.contacts.length && this.rng.chance(0.6) ? this.rng.pick(e.contacts) : null,
          author_id: author,
          type: this.rng.weighted([
            ['phone', 5],
            ['visit', 3],
            ['email', 4],
            ['meeting', 2],
            ['event', 1],
            ['other', 1],
          ] as const),
          direction: this.rng.chance(0.7) ? 'outbound' : 'inbound',
          occurred_at: iso(at),
          subject: this.rng.pick(SUBJECTS),
          summary: this.rng.chance(0.6) ? 'Échange avec le responsable ; besoins notés.' : null,
          needs: this.rng.chance(0.5) ? [this.rng.pick(NEEDS)] : [],
          next_action_at: next ? iso(next) : null,
          next_action: next ? 'Rappeler pour faire le point' : null,
          created_at: iso(at),
          updated_at: iso(at),
        };
      },
      (m, rows) => bulkInsert(m, 'interactions', rows),
    );
    // In sixteen slices of the id space: one statement for 200,000 employers (every index
    // updated, the name indexes recomputed) outlasted the 30 s query timeout on a busy machine.
    const hex = '0123456789abcdef';
    for (let i = 0; i < hex.length; i++) {
      this.progress('last interaction dates', i, hex.length);
      const from = `${hex[i]}0000000-0000-0000-0000-000000000000`;
      const to = i + 1 < hex.length ? `${hex[i + 1]}0000000-0000-0000-0000-000000000000` : null;
      await this.ds.query(
        `UPDATE employers e SET last_interaction_at = x.last
           FROM (SELECT employer_id, max(occurred_at) AS last FROM interactions
                  WHERE employer_id >= $1::uuid AND ($2::uuid IS NULL OR employer_id < $2::uuid)
                  GROUP BY employer_id) x
          WHERE x.employer_id = e.id`,
        [from, to],
      );
    }
    this.progress('last interaction dates', hex.length, hex.length);
  }

  async offers(): Promise<void> {
    const total = Math.round(this.size.employers * this.size.offersPerEmployer);
    await this.inBatches<'job_offers'>(
      'job_offers',
      total,
      () => {
        const e = this.rng.pick(this.employers);
        const [rome, title] = this.rng.pick(ROME_CODES);
        const created = this.pastInstant(1_095);
        const contractType = this.rng.weighted(CONTRACT_WEIGHTS.filter(([t]) => t !== 'pmsmp'));
        const status =
          created.getTime() > this.opts.now.getTime() - 60 * 86_400_000
            ? this.rng.weighted([
                ['published', 6],
                ['draft', 2],
                ['filled', 1],
              ] as const)
            : this.rng.weighted([
                ['filled', 5],
                ['closed', 2],
                ['expired', 3],
              ] as const);
        const published = status === 'draft' ? null : new Date(created.getTime() + 86_400_000);
        const expires = new Date(created.getTime() + this.rng.int(30, 120) * 86_400_000);
        const id = this.rng.uuid();
        this.offerList.push({ id, employerId: e.id, contractType });
        const fullTime = this.rng.chance(0.75);
        return {
          id,
          employer_id: e.id,
          title,
          rome_code: rome,
          description: `${title} — poste à pourvoir au sein de notre équipe. Débutant accepté, accompagnement assuré.`,
          contract_type: contractType,
          working_time: fullTime ? 'full_time' : 'part_time',
          weekly_hours: fullTime ? 35 : this.rng.pick([20, 24, 28]),
          positions: this.rng.weighted([
            [1, 8],
            [2, 2],
            [3, 1],
          ] as const),
          start_date: ymd(new Date(created.getTime() + this.rng.int(7, 45) * 86_400_000)),
          expires_at: iso(
            status === 'expired'
              ? expires
              : new Date(Math.max(expires.getTime(), this.opts.now.getTime() + 10 * 86_400_000)),
          ),
          insee_code: e.commune.inseeCode,
          postal_code: this.rng.pick(e.commune.postalCodes),
          city: e.commune.name,
          epci_code: e.commune.epci!.code,
          status,
          published_at: published ? iso(published) : null,
          adviser_id: e.referentId,
          created_at: iso(created),
          updated_at: iso(created),
        };
      },
      (m, rows) => bulkInsert(m, 'job_offers', rows),
    );
  }

  async youngPeople(): Promise<void> {
    await this.inBatches<'young_people'>(
      'young_people',
      this.size.youngPeople,
      (i) => {
        const id = this.rng.uuid();
        this.youngIds.push(id);
        const first = this.faker.person.firstName();
        const last = this.faker.person.lastName();
        const birth = addDays(ymd(this.opts.now), -this.rng.int(16 * 365, 25 * 365));
        const created = this.pastInstant(1_095);
        return {
          id,
          external_id: `I-MILO-${String(i + 1).padStart(7, '0')}`,
          first_name: first,
          last_name: last,
          birth_date: birth,
          email: this.rng.chance(0.7)
            ? `${first}.${last}.${i}@example.org`
                .toLowerCase()
                .normalize('NFD')
                .replace(/[^\x20-\x7e]/g, '')
            : null,
          phone: this.rng.chance(0.8)
            ? `06${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`
            : null,
          referent_id: this.rng.pick(this.advisers),
          created_at: iso(created),
          updated_at: iso(created),
        };
      },
      (m, rows) => bulkInsert(m, 'young_people', rows),
    );
  }

  async events(): Promise<void> {
    const rows: SeedRow<'events'>[] = [];
    const employerRows: SeedRow<'event_employers'>[] = [];
    const youngRows: SeedRow<'event_young_people'>[] = [];
    for (let i = 0; i < this.size.events; i++) {
      const id = this.rng.uuid();
      const startsAt = this.pastInstant(1_000);
      const commune = this.rng.pick(this.communes);
      const type = this.rng.weighted([
        ['job_dating', 5],
        ['forum', 2],
        ['company_visit', 3],
        ['info_session', 2],
        ['workshop', 1],
      ] as const);
      const employerIds = new Set<string>();
      for (let k = this.rng.int(2, 8); k > 0; k--)
        employerIds.add(this.rng.pick(this.employers).id);
      for (const employerId of employerIds)
        employerRows.push({ event_id: id, employer_id: employerId });
      const young = new Set<string>();
      for (let k = this.rng.int(5, 25); k > 0; k--) young.add(this.rng.pick(this.youngIds));
      for (const y of young)
        youngRows.push({
          event_id: id,
          young_person_id: y,
          attendance: this.rng.chance(0.75) ? 'attended' : this.rng.pick(['registered', 'absent']),
        });
      this.eventList.push({ id, startsAt, employerIds: [...employerIds] });
      rows.push({
        id,
        title:
          type === 'job_dating'
            ? `Job dating ${commune.name}`
            : `${type === 'forum' ? 'Forum emploi' : 'Rencontre'} ${commune.name}`,
        type,
        starts_at: iso(startsAt),
        insee_code: commune.inseeCode,
        place_label: commune.name,
        capacity: this.rng.int(20, 120),
        organiser_id: this.rng.pick(this.advisers),
      });
    }
    await bulkInsert(this.ds.manager, 'events', rows);
    for (let s = 0; s < employerRows.length; s += BATCH)
      await bulkInsert(this.ds.manager, 'event_employers', employerRows.slice(s, s + BATCH));
    for (let s = 0; s < youngRows.length; s += BATCH)
      await bulkInsert(this.ds.manager, 'event_young_people', youngRows.slice(s, s + BATCH));
    this.counts.events = rows.length;
  }

  /** Last year's campaign, closed, with invitations to employers that have a contact email, and answers. */
  async survey(): Promise<void> {
    const year = this.opts.now.getUTCFullYear() - 1;
    const launchedAt = new Date(Date.UTC(year + 1, 0, 12, 8, 0, 0));
    const closesAt = new Date(launchedAt.getTime() + 30 * 86_400_000);
    const campaignId = this.rng.uuid();
    const closed = closesAt < this.opts.now;
    await bulkInsert(this.ds.manager, 'survey_campaigns', [
      {
        id: campaignId,
        year,
        status: closed ? 'closed' : 'running',
        launched_at: iso(launchedAt),
        closes_at: iso(closesAt),
        closed_at: closed ? iso(closesAt) : null,
      },
    ]);
    const invitations: SeedRow<'survey_invitations'>[] = [];
    const responses: SeedRow<'survey_responses'>[] = [];
    const answers: SeedRow<'survey_answers'>[] = [];
    const emails = await this.ds.query(
      `SELECT DISTINCT ON (employer_id) employer_id, id, email FROM contact_persons WHERE email IS NOT NULL AND opted_out_at IS NULL ORDER BY employer_id, survey_recipient DESC, is_primary DESC, id`,
    );
    for (const c of emails as { employer_id: string; id: string; email: string }[]) {
      if (!this.rng.chance(0.6)) continue;
      const invitationId = this.rng.uuid();
      const answered = this.rng.chance(0.35)
        ? new Date(launchedAt.getTime() + this.rng.int(1, 25) * 86_400_000)
        : null;
      invitations.push({
        id: invitationId,
        campaign_id: campaignId,
        employer_id: c.employer_id,
        contact_person_id: c.id,
        email: c.email,
        token_hash: sha256hex(this.rng.uuid()),
        answered_at: answered ? iso(answered) : null,
      });
      if (answered) {
        const responseId = this.rng.uuid();
        responses.push({
          id: responseId,
          invitation_id: invitationId,
          submitted_at: iso(answered),
        });
        const answer = (question_key: string, value: Cell) =>
          answers.push({ response_id: responseId, question_key, value });
        const satisfaction = this.rng.weighted([
          [5, 4],
          [4, 5],
          [3, 2],
          [2, 1],
          [1, 0.5],
        ] as const);
        answer('satisfaction', satisfaction);
        answer('recommend', Math.min(10, Math.max(0, satisfaction * 2 + this.rng.int(-2, 1))));
        answer('recruitment_needs', this.rng.pick(NEEDS_OPTIONS));
        // The questionnaire's own keys: the results page and the CSV label nothing else.
        answer('services', [this.rng.pick(SERVICE_OPTIONS)]);
        answer('callback', this.rng.chance(0.3));
      }
    }
    for (let s = 0; s < invitations.length; s += BATCH)
      await bulkInsert(this.ds.manager, 'survey_invitations', invitations.slice(s, s + BATCH));
    for (let s = 0; s < responses.length; s += BATCH)
      await bulkInsert(this.ds.manager, 'survey_responses', responses.slice(s, s + BATCH));
    for (let s = 0; s < answers.length; s += BATCH)
      await bulkInsert(this.ds.manager, 'survey_answers', answers.slice(s, s + BATCH));
    this.counts.survey_invitations = invitations.length;
    this.counts.survey_responses = responses.length;
  }

  /** Length of a contract in days, by type; null for open-ended ones. */
  private contractDays(type: ContractType): number | null {
    switch (type) {
      case 'cdi':
        return null;
      case 'cie':
        return this.rng.chance(0.5) ? null : this.rng.int(180, 365);
      case 'cdd':
        return this.rng.int(30, 365);
      case 'temporary_work':
        return this.rng.int(5, 120);
      case 'apprenticeship':
        return this.rng.int(365, 1_095);
      case 'professionalisation':
        return this.rng.int(180, 730);
      case 'pec':
        return this.rng.int(180, 365);
      case 'iae':
        return this.rng.int(120, 730);
      case 'pmsmp':
        return this.rng.int(5, 21);
    }
  }

  /**
   * Placements over three years, every contract type, with follow-ups dated by the real plan
   * (version 1) and schedule function; past steps mostly done, some late, some ruptures.
   */
  async placements(): Promise<void> {
    const plans = new Map<string, PlanStep[]>(
      (
        (await this.ds.query(
          'SELECT contract_type, steps FROM follow_up_plans WHERE version = 1',
        )) as { contract_type: string; steps: PlanStep[] }[]
      ).map((p) => [p.contract_type, p.steps]),
    );
    const today = ymd(this.opts.now);
    const followUps: SeedRow<'follow_ups'>[] = [];
    const flush = async (force: boolean) => {
      while (followUps.length >= BATCH || (force && followUps.length)) {
        await bulkInsert(this.ds.manager, 'follow_ups', followUps.slice(0, BATCH));
        this.counts.follow_ups = (this.counts.follow_ups ?? 0) + Math.min(BATCH, followUps.length);
        followUps.splice(0, BATCH);
      }
    };
    await this.inBatches<'placements'>(
      'placements',
      this.size.placements,
      () => {
        const id = this.rng.uuid();
        const employer = this.rng.pick(this.employers);
        const offer = this.rng.chance(0.3) ? this.rng.pick(this.offerList) : null;
        const event =
          this.eventList.length && this.rng.chance(0.05) ? this.rng.pick(this.eventList) : null;
        const created = this.pastInstant(1_095);
        const status = this.rng.weighted([
          ['hired', 70],
          ['proposed', 4],
          ['interview', 4],
          ['declined', 11],
          ['withdrawn', 11],
        ] as const);
        const base = {
          id,
          young_person_id: this.rng.pick(this.youngIds),
          employer_id: offer ? offer.employerId : employer.id,
          job_offer_id: offer?.id ?? null,
          event_id: event?.id ?? null,
          adviser_id: this.rng.pick(this.advisers),
          status,
          created_at: iso(created),
          updated_at: iso(created),
        };
        // Not hired: no contract, no outcome (the columns left out are NULL).
        if (status !== 'hired') return { ...base, at_risk: false };

        const type =
          offer && offer.contractType !== 'pmsmp' && this.rng.chance(0.7)
            ? offer.contractType
            : this.rng.weighted(CONTRACT_WEIGHTS);
        const start = addDays(ymd(created), this.rng.int(3, 30));
        const length = this.contractDays(type);
        const end = length === null ? null : addDays(start, length);
        const trialEnd = defaultTrialPeriodEnd(type, start, end);
        const ruptured = start <= today && this.rng.chance(type === 'pmsmp' ? 0.03 : 0.12);
        const ruptureLimit = [end ?? today, today].sort()[0]!;
        const ruptureDate = ruptured
          ? addDays(
              start,
              this.rng.int(
                0,
                Math.max(
                  0,
                  Math.round((Date.parse(ruptureLimit) - Date.parse(start)) / 86_400_000),
                ),
              ),
            )
          : null;
        const completed = !ruptured && end !== null && end < today;
        const outcome = ruptured ? 'ruptured' : completed ? 'completed' : 'ongoing';
        const stopDate = ruptureDate ?? (completed ? end : null);
        let atRisk = false;
        for (const step of generateSchedule(plans.get(type) ?? [], { start, trialEnd, end })) {
          let fStatus: 'planned' | 'done' | 'cancelled' = 'planned';
          let doneOn: string | null = null;
          let risk: string | null = null;
          if (
            !(stopDate && step.dueDate > stopDate) &&
            step.dueDate < today &&
            this.rng.chance(0.85)
          ) {
            fStatus = 'done';
            doneOn = [
              addDays(
                step.dueDate,
                this.rng.weighted([
                  [0, 5],
                  [2, 3],
                  [6, 2],
                  [12, 1],
                ] as const),
              ),
              today,
            ].sort()[0]!;
            risk = this.rng.weighted([
              ['none', 80],
              ['watch', 15],
              ['high', 5],
            ] as const);
          } else if (stopDate) fStatus = 'cancelled'; // a rupture or completion cancels what remains
          followUps.push({
            id: this.rng.uuid(),
            placement_id: id,
            due_date: step.dueDate,
            step_key: step.key,
            with_whom: step.withWhom,
            channel: fStatus === 'done' ? this.rng.pick(['phone', 'visit', 'email']) : null,
            status: fStatus,
            done_on: doneOn,
            outcome: fStatus === 'done' ? 'Point fait, rien à signaler.' : null,
            risk,
            created_at: iso(created),
            updated_at: iso(created),
          });
          if (fStatus === 'done') atRisk = risk === 'high';
        }
        if (ruptureDate)
          followUps.push({
            id: this.rng.uuid(),
            placement_id: id,
            due_date: addWorkingDays(ruptureDate, 3),
            step_key: 'debrief',
            with_whom: 'young_person',
            status: 'planned',
            created_at: iso(created),
            updated_at: iso(created),
          });
        return {
          ...base,
          contract_type: type,
          start_date: start,
          end_date: end,
          weekly_hours: type === 'pmsmp' ? 35 : this.rng.pick([35, 35, 35, 24, 28]),
          trial_period_end_date: trialEnd,
          outcome,
          at_risk: outcome === 'ongoing' && atRisk,
          hired_at: iso(new Date(`${start}T08:00:00Z`)),
          plan_version: 1,
          rupture_date: ruptureDate,
          rupture_initiative: ruptureDate
            ? this.rng.weighted([
                ['employee', 5],
                ['employer', 3],
                ['mutual', 2],
                ['other', 1],
              ] as const)
            : null,
          rupture_reason: ruptureDate
            ? this.rng.pick([
                'Démission',
                'Fin de période d’essai',
                'Difficultés de transport',
                'Désaccord sur les horaires',
              ])
            : null,
          rupture_in_trial_period: ruptureDate
            ? trialEnd !== null && ruptureDate <= trialEnd
            : null,
          completed_on: completed ? end : null,
        };
      },
      async (m, rows) => {
        await bulkInsert(m, 'placements', rows);
        await flush(false);
      },
    );
    await flush(true);
  }

  contractWeights(): [ContractType, number][] {
    return CONTRACT_WEIGHTS.filter(([t]) => (CONTRACT_TYPES as readonly string[]).includes(t));
  }
}
