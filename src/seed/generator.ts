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
import { bulkInsert, type Cell } from './bulk.js';
import { Rng } from './rng.js';
import { BESANCON_AREA_EPCIS, SCALES, type Scale } from './scales.js';

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

  private async inBatches(
    step: string,
    total: number,
    make: (i: number) => Cell[],
    write: (m: EntityManager, rows: Cell[][]) => Promise<void>,
  ): Promise<void> {
    for (let start = 0; start < total; start += BATCH) {
      const rows: Cell[][] = [];
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
    const rows: Cell[][] = [];
    for (const a of accounts) rows.push([this.rng.uuid(), a.email, a.name, a.role, hash]);
    for (let i = 0; i < this.size.advisers; i++)
      rows.push([
        this.rng.uuid(),
        `conseiller${i + 1}@ml.example.org`,
        this.faker.person.fullName(),
        'adviser',
        hash,
      ]);
    for (let i = 0; i < this.size.managers; i++)
      rows.push([
        this.rng.uuid(),
        `direction${i + 1}@ml.example.org`,
        this.faker.person.fullName(),
        'manager',
        hash,
      ]);
    await bulkInsert(
      this.ds.manager,
      'users',
      { id: 'uuid', email: 'text', display_name: 'text', role: 'user_role', password_hash: 'text' },
      rows,
    );
    this.advisers = rows.filter((r) => r[3] === 'adviser').map((r) => r[0] as string);
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
    const contactRows: Cell[][] = [];
    await this.inBatches(
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
          contactRows.push([
            cid,
            id,
            first,
            last,
            this.rng.pick([
              'Gérant',
              'Responsable RH',
              'Chef d’équipe',
              'Directrice',
              'Assistante de direction',
            ]),
            this.rng.chance(0.85)
              ? this.faker.internet
                  .email({ firstName: first, lastName: last, provider: 'example.org' })
                  .toLowerCase()
              : null,
            this.rng.chance(0.8)
              ? `0${this.rng.int(1, 7)}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`
              : null,
            c === 0,
            c === 0 && this.rng.chance(0.3),
            this.rng.chance(0.02) ? iso(this.pastInstant(300)) : null,
          ]);
        }
        this.employers.push({ id, commune, createdAt, referentId, contacts });
        return [
          id,
          siret,
          siret.slice(0, 9),
          name.legal,
          name.trade,
          this.rng.weighted(NAF_WEIGHTS),
          this.rng.pick(HEADCOUNT),
          `${this.rng.int(1, 120)} ${this.faker.location.street()}`,
          this.rng.pick(commune.postalCodes),
          commune.inseeCode,
          commune.name,
          commune.epci!.code,
          commune.epci!.name,
          this.rng.chance(0.08),
          this.rng.chance(0.1),
          this.rng.weighted([
            ['partner', 5],
            ['prospect', 4],
            ['archived', 1],
          ] as const),
          referentId,
          this.rng.weighted([
            ['outreach', 5],
            ['inbound', 2],
            ['event', 2],
            ['partner', 1],
            ['other', 1],
          ] as const),
          this.rng.chance(0.3)
            ? [this.rng.pick(['alternance', 'handicap', 'saisonnier', 'qpv', 'clause-sociale'])]
            : [],
          iso(createdAt),
          iso(createdAt),
        ];
      },
      async (m, rows) => {
        await bulkInsert(
          m,
          'employers',
          {
            id: 'uuid',
            siret: 'char',
            siren: 'char',
            legal_name: 'text',
            trade_name: 'text',
            naf_code: 'varchar',
            headcount_band: 'varchar',
            street: 'text',
            postal_code: 'varchar',
            insee_code: 'varchar',
            city: 'text',
            epci_code: 'varchar',
            epci_name: 'text',
            qpv: 'boolean',
            frr: 'boolean',
            status: 'employer_status',
            referent_id: 'uuid',
            source: 'employer_source',
            tags: 'text[]',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          rows,
        );
        const contacts = contactRows.splice(0);
        for (let s = 0; s < contacts.length; s += BATCH) {
          await bulkInsert(
            m,
            'contact_persons',
            {
              id: 'uuid',
              employer_id: 'uuid',
              first_name: 'text',
              last_name: 'text',
              job_title: 'text',
              email: 'text',
              phone: 'text',
              is_primary: 'boolean',
              survey_recipient: 'boolean',
              opted_out_at: 'timestamptz',
            },
            contacts.slice(s, s + BATCH),
          );
        }
        this.counts.contacts = (this.counts.contacts ?? 0) + contacts.length;
      },
    );
  }

  async interactions(): Promise<void> {
    const total = Math.round(this.size.employers * this.size.interactionsPerEmployer);
    await this.inBatches(
      'interactions',
      total,
      () => {
        const e = this.rng.pick(this.employers);
        const at = this.pastInstant(1_095);
        const author = this.rng.chance(0.8) ? e.referentId : this.rng.pick(this.advisers);
        const next = this.rng.chance(0.12)
          ? new Date(at.getTime() + this.rng.int(2, 30) * 86_400_000)
          : null;
        return [
          this.rng.uuid(),
          e.id,
          e.contacts.length && this.rng.chance(0.6) ? this.rng.pick(e.contacts) : null,
          author,
          this.rng.weighted([
            ['phone', 5],
            ['visit', 3],
            ['email', 4],
            ['meeting', 2],
            ['event', 1],
            ['other', 1],
          ] as const),
          this.rng.chance(0.7) ? 'outbound' : 'inbound',
          iso(at),
          this.rng.pick(SUBJECTS),
          this.rng.chance(0.6) ? 'Échange avec le responsable ; besoins notés.' : null,
          this.rng.chance(0.5) ? [this.rng.pick(NEEDS)] : [],
          next ? iso(next) : null,
          next ? 'Rappeler pour faire le point' : null,
          iso(at),
          iso(at),
        ];
      },
      (m, rows) =>
        bulkInsert(
          m,
          'interactions',
          {
            id: 'uuid',
            employer_id: 'uuid',
            contact_person_id: 'uuid',
            author_id: 'uuid',
            type: 'interaction_type',
            direction: 'interaction_direction',
            occurred_at: 'timestamptz',
            subject: 'text',
            summary: 'text',
            needs: 'text[]',
            next_action_at: 'timestamptz',
            next_action: 'text',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          rows,
        ),
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
    await this.inBatches(
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
        return [
          id,
          e.id,
          title,
          rome,
          `${title} — poste à pourvoir au sein de notre équipe. Débutant accepté, accompagnement assuré.`,
          contractType,
          fullTime ? 'full_time' : 'part_time',
          fullTime ? 35 : this.rng.pick([20, 24, 28]),
          this.rng.weighted([
            [1, 8],
            [2, 2],
            [3, 1],
          ] as const),
          ymd(new Date(created.getTime() + this.rng.int(7, 45) * 86_400_000)),
          iso(
            status === 'expired'
              ? expires
              : new Date(Math.max(expires.getTime(), this.opts.now.getTime() + 10 * 86_400_000)),
          ),
          e.commune.inseeCode,
          this.rng.pick(e.commune.postalCodes),
          e.commune.name,
          e.commune.epci!.code,
          status,
          published ? iso(published) : null,
          e.referentId,
          iso(created),
          iso(created),
        ];
      },
      (m, rows) =>
        bulkInsert(
          m,
          'job_offers',
          {
            id: 'uuid',
            employer_id: 'uuid',
            title: 'text',
            rome_code: 'char',
            description: 'text',
            contract_type: 'contract_type',
            working_time: 'working_time',
            weekly_hours: 'numeric',
            positions: 'int',
            start_date: 'date',
            expires_at: 'timestamptz',
            insee_code: 'varchar',
            postal_code: 'varchar',
            city: 'text',
            epci_code: 'varchar',
            status: 'offer_status',
            published_at: 'timestamptz',
            adviser_id: 'uuid',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          rows,
        ),
    );
  }

  async youngPeople(): Promise<void> {
    await this.inBatches(
      'young_people',
      this.size.youngPeople,
      (i) => {
        const id = this.rng.uuid();
        this.youngIds.push(id);
        const first = this.faker.person.firstName();
        const last = this.faker.person.lastName();
        const birth = addDays(ymd(this.opts.now), -this.rng.int(16 * 365, 25 * 365));
        const created = this.pastInstant(1_095);
        return [
          id,
          `I-MILO-${String(i + 1).padStart(7, '0')}`,
          first,
          last,
          birth,
          this.rng.chance(0.7)
            ? `${first}.${last}.${i}@example.org`
                .toLowerCase()
                .normalize('NFD')
                .replace(/[^\x20-\x7e]/g, '')
            : null,
          this.rng.chance(0.8) ? `06${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}` : null,
          this.rng.pick(this.advisers),
          iso(created),
          iso(created),
        ];
      },
      (m, rows) =>
        bulkInsert(
          m,
          'young_people',
          {
            id: 'uuid',
            external_id: 'text',
            first_name: 'text',
            last_name: 'text',
            birth_date: 'date',
            email: 'text',
            phone: 'text',
            referent_id: 'uuid',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          rows,
        ),
    );
  }

  async events(): Promise<void> {
    const rows: Cell[][] = [];
    const employerRows: Cell[][] = [];
    const youngRows: Cell[][] = [];
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
      for (const employerId of employerIds) employerRows.push([id, employerId]);
      const young = new Set<string>();
      for (let k = this.rng.int(5, 25); k > 0; k--) young.add(this.rng.pick(this.youngIds));
      for (const y of young)
        youngRows.push([
          id,
          y,
          this.rng.chance(0.75) ? 'attended' : this.rng.pick(['registered', 'absent']),
        ]);
      this.eventList.push({ id, startsAt, employerIds: [...employerIds] });
      rows.push([
        id,
        type === 'job_dating'
          ? `Job dating ${commune.name}`
          : `${type === 'forum' ? 'Forum emploi' : 'Rencontre'} ${commune.name}`,
        type,
        iso(startsAt),
        commune.inseeCode,
        commune.name,
        this.rng.int(20, 120),
        this.rng.pick(this.advisers),
      ]);
    }
    await bulkInsert(
      this.ds.manager,
      'events',
      {
        id: 'uuid',
        title: 'text',
        type: 'event_type',
        starts_at: 'timestamptz',
        insee_code: 'varchar',
        place_label: 'text',
        capacity: 'int',
        organiser_id: 'uuid',
      },
      rows,
    );
    for (let s = 0; s < employerRows.length; s += BATCH)
      await bulkInsert(
        this.ds.manager,
        'event_employers',
        { event_id: 'uuid', employer_id: 'uuid' },
        employerRows.slice(s, s + BATCH),
      );
    for (let s = 0; s < youngRows.length; s += BATCH)
      await bulkInsert(
        this.ds.manager,
        'event_young_people',
        { event_id: 'uuid', young_person_id: 'uuid', attendance: 'event_attendance' },
        youngRows.slice(s, s + BATCH),
      );
    this.counts.events = rows.length;
  }

  /** Last year's campaign, closed, with invitations to employers that have a contact email, and answers. */
  async survey(): Promise<void> {
    const year = this.opts.now.getUTCFullYear() - 1;
    const launchedAt = new Date(Date.UTC(year + 1, 0, 12, 8, 0, 0));
    const closesAt = new Date(launchedAt.getTime() + 30 * 86_400_000);
    const campaignId = this.rng.uuid();
    const closed = closesAt < this.opts.now;
    await bulkInsert(
      this.ds.manager,
      'survey_campaigns',
      {
        id: 'uuid',
        year: 'int',
        status: 'campaign_status',
        launched_at: 'timestamptz',
        closes_at: 'timestamptz',
        closed_at: 'timestamptz',
      },
      [
        [
          campaignId,
          year,
          closed ? 'closed' : 'running',
          iso(launchedAt),
          iso(closesAt),
          closed ? iso(closesAt) : null,
        ],
      ],
    );
    const invitations: Cell[][] = [];
    const responses: Cell[][] = [];
    const answers: Cell[][] = [];
    const emails = await this.ds.query(
      `SELECT DISTINCT ON (employer_id) employer_id, id, email FROM contact_persons WHERE email IS NOT NULL AND opted_out_at IS NULL ORDER BY employer_id, survey_recipient DESC, is_primary DESC, id`,
    );
    for (const c of emails as { employer_id: string; id: string; email: string }[]) {
      if (!this.rng.chance(0.6)) continue;
      const invitationId = this.rng.uuid();
      const answered = this.rng.chance(0.35)
        ? new Date(launchedAt.getTime() + this.rng.int(1, 25) * 86_400_000)
        : null;
      invitations.push([
        invitationId,
        campaignId,
        c.employer_id,
        c.id,
        c.email,
        sha256hex(this.rng.uuid()),
        answered ? iso(answered) : null,
      ]);
      if (answered) {
        const responseId = this.rng.uuid();
        responses.push([responseId, invitationId, iso(answered)]);
        const satisfaction = this.rng.weighted([
          [5, 4],
          [4, 5],
          [3, 2],
          [2, 1],
          [1, 0.5],
        ] as const);
        answers.push([responseId, 'satisfaction', satisfaction]);
        answers.push([
          responseId,
          'recommend',
          Math.min(10, Math.max(0, satisfaction * 2 + this.rng.int(-2, 1))),
        ]);
        answers.push([responseId, 'recruitment_needs', this.rng.pick(NEEDS_OPTIONS)]);
        answers.push([
          responseId,
          'services',
          // The questionnaire's own keys: the results page and the CSV label nothing else.
          [this.rng.pick(SERVICE_OPTIONS)],
        ]);
        answers.push([responseId, 'callback', this.rng.chance(0.3)]);
      }
    }
    for (let s = 0; s < invitations.length; s += BATCH) {
      await bulkInsert(
        this.ds.manager,
        'survey_invitations',
        {
          id: 'uuid',
          campaign_id: 'uuid',
          employer_id: 'uuid',
          contact_person_id: 'uuid',
          email: 'text',
          token_hash: 'bytea',
          answered_at: 'timestamptz',
        },
        invitations.slice(s, s + BATCH),
      );
    }
    for (let s = 0; s < responses.length; s += BATCH) {
      await bulkInsert(
        this.ds.manager,
        'survey_responses',
        { id: 'uuid', invitation_id: 'uuid', submitted_at: 'timestamptz' },
        responses.slice(s, s + BATCH),
      );
    }
    for (let s = 0; s < answers.length; s += BATCH) {
      await bulkInsert(
        this.ds.manager,
        'survey_answers',
        { response_id: 'uuid', question_key: 'text', value: 'jsonb' },
        answers.slice(s, s + BATCH),
      );
    }
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
    const followUps: Cell[][] = [];
    const flush = async (force: boolean) => {
      while (followUps.length >= BATCH || (force && followUps.length)) {
        await bulkInsert(
          this.ds.manager,
          'follow_ups',
          {
            id: 'uuid',
            placement_id: 'uuid',
            due_date: 'date',
            step_key: 'text',
            with_whom: 'follow_up_with_whom',
            channel: 'follow_up_channel',
            status: 'follow_up_status',
            done_on: 'date',
            outcome: 'text',
            risk: 'follow_up_risk',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          followUps.slice(0, BATCH),
        );
        this.counts.follow_ups = (this.counts.follow_ups ?? 0) + Math.min(BATCH, followUps.length);
        followUps.splice(0, BATCH);
      }
    };
    await this.inBatches(
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
        const base: Cell[] = [
          id,
          this.rng.pick(this.youngIds),
          offer ? offer.employerId : employer.id,
          offer?.id ?? null,
          event?.id ?? null,
          this.rng.pick(this.advisers),
          status,
        ];
        if (status !== 'hired')
          return [
            ...base,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            iso(created),
            iso(created),
          ];

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
          followUps.push([
            this.rng.uuid(),
            id,
            step.dueDate,
            step.key,
            step.withWhom,
            fStatus === 'done' ? this.rng.pick(['phone', 'visit', 'email']) : null,
            fStatus,
            doneOn,
            fStatus === 'done' ? 'Point fait, rien à signaler.' : null,
            risk,
            iso(created),
            iso(created),
          ]);
          if (fStatus === 'done') atRisk = risk === 'high';
        }
        if (ruptureDate)
          followUps.push([
            this.rng.uuid(),
            id,
            addWorkingDays(ruptureDate, 3),
            'debrief',
            'young_person',
            null,
            'planned',
            null,
            null,
            null,
            iso(created),
            iso(created),
          ]);
        return [
          ...base,
          type,
          start,
          end,
          type === 'pmsmp' ? 35 : this.rng.pick([35, 35, 35, 24, 28]),
          trialEnd,
          outcome,
          outcome === 'ongoing' && atRisk,
          iso(new Date(`${start}T08:00:00Z`)),
          1,
          ruptureDate,
          ruptureDate
            ? this.rng.weighted([
                ['employee', 5],
                ['employer', 3],
                ['mutual', 2],
                ['other', 1],
              ] as const)
            : null,
          ruptureDate
            ? this.rng.pick([
                'Démission',
                'Fin de période d’essai',
                'Difficultés de transport',
                'Désaccord sur les horaires',
              ])
            : null,
          ruptureDate ? trialEnd !== null && ruptureDate <= trialEnd : null,
          completed ? end : null,
          iso(created),
          iso(created),
        ];
      },
      async (m, rows) => {
        await bulkInsert(
          m,
          'placements',
          {
            id: 'uuid',
            young_person_id: 'uuid',
            employer_id: 'uuid',
            job_offer_id: 'uuid',
            event_id: 'uuid',
            adviser_id: 'uuid',
            status: 'placement_status',
            contract_type: 'contract_type',
            start_date: 'date',
            end_date: 'date',
            weekly_hours: 'numeric',
            trial_period_end_date: 'date',
            outcome: 'placement_outcome',
            at_risk: 'boolean',
            hired_at: 'timestamptz',
            plan_version: 'int',
            rupture_date: 'date',
            rupture_initiative: 'rupture_initiative',
            rupture_reason: 'text',
            rupture_in_trial_period: 'boolean',
            completed_on: 'date',
            created_at: 'timestamptz',
            updated_at: 'timestamptz',
          },
          rows,
        );
        await flush(false);
      },
    );
    await flush(true);
  }

  contractWeights(): [ContractType, number][] {
    return CONTRACT_WEIGHTS.filter(([t]) => (CONTRACT_TYPES as readonly string[]).includes(t));
  }
}
