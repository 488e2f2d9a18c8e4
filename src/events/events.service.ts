import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock, isIsoDate } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.pipe.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { InteractionsService } from '../contacts/interactions.service.js';
import { EmployersService } from '../employers/employers.service.js';
import { findCommune } from '../reference/communes.js';
import { EventYoungPerson, type Attendance } from './event-participant.entity.js';
import { Event } from './event.entity.js';
import { checkAttendance, checkCapacity, foreignOfferIds, normalisePlace } from './event-rules.js';
import type {
  AddParticipantsDto,
  CreateEventDto,
  EventDetailResponse,
  EventEmployerResponse,
  EventListQuery,
  EventPlacementResponse,
  EventResponse,
  EventYoungPersonResponse,
  UpdateEventDto,
} from './events.dto.js';

interface Participants {
  employers: Map<string, EventEmployerResponse[]>;
  youngPeople: Map<string, EventYoungPersonResponse[]>;
}

function auditView(e: Event) {
  return {
    title: e.title,
    type: e.type,
    startsAt: e.startsAt.toISOString(),
    inseeCode: e.inseeCode,
    placeLabel: e.placeLabel,
    capacity: e.capacity,
  };
}

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly employers: EmployersService,
    private readonly interactions: InteractionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: EventListQuery): Promise<Page<EventResponse>> {
    for (const field of ['from', 'to'] as const) {
      const v = q[field];
      if (v !== undefined && !isIsoDate(v)) throw DomainError.invalid(field, 'is not a valid date');
    }
    if (q.from && q.to && q.from > q.to) throw DomainError.invalid('to', 'must not be before from');
    const after = decodeCursor(q.cursor, 2);
    const desc = q.order === 'desc';
    const qb = this.ds
      .getRepository(Event)
      .createQueryBuilder('e')
      .orderBy('e.startsAt', desc ? 'DESC' : 'ASC')
      .addOrderBy('e.id', desc ? 'DESC' : 'ASC')
      .limit(q.limit + 1);
    const tz = this.config.timeZone;
    // Days are the ML's calendar days: bounds are local midnights, compared on the indexed column.
    if (q.from)
      qb.andWhere('e.starts_at >= (CAST(:from AS date)::timestamp AT TIME ZONE :tz)', {
        from: q.from,
        tz,
      });
    if (q.to)
      qb.andWhere('e.starts_at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE :tz)', {
        to: q.to,
        tz,
      });
    if (q.type) qb.andWhere('e.type = :type', { type: q.type });
    if (after) {
      if (typeof after[0] !== 'string' || Number.isNaN(Date.parse(after[0])) || !isUuid(after[1]))
        throw DomainError.invalid('cursor', 'cursor is not valid');
      qb.andWhere(`(e.starts_at, e.id) ${desc ? '<' : '>'} (:at, :id)`, {
        at: after[0],
        id: after[1],
      });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, q.limit);
    const participants = await this.participants(
      this.ds.manager,
      page.map((e) => e.id),
    );
    return toPage(
      rows,
      q.limit,
      (e) => [e.startsAt.toISOString(), e.id],
      (e) => this.toResponse(e, participants),
    );
  }

  async get(id: string): Promise<EventDetailResponse> {
    return this.detail(this.ds.manager, id);
  }

  async create(dto: CreateEventDto, actor: AuthUser): Promise<EventDetailResponse> {
    const place = normalisePlace(dto.place);
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Event);
      const saved = await repo.save(
        repo.create({
          title: dto.title.trim(),
          type: dto.type,
          startsAt: new Date(dto.startsAt),
          ...place,
          capacity: dto.capacity ?? null,
          organiserId: actor.id,
        }),
      );
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'create',
        entity: 'event',
        entityId: saved.id,
        after: auditView(saved),
      });
      return this.detail(m, saved.id);
    });
  }

  async update(id: string, dto: UpdateEventDto, actor: AuthUser): Promise<EventDetailResponse> {
    const place = dto.place === undefined ? undefined : normalisePlace(dto.place);
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Event);
      const event = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw DomainError.notFound('Event');
      if (dto.version !== undefined && dto.version !== event.version) {
        throw new DomainError('STALE_VERSION', 'The event was changed by someone else; reload it', {
          currentVersion: event.version,
        });
      }
      const before = auditView(event);
      if (dto.title !== undefined) event.title = dto.title.trim();
      if (dto.type !== undefined) event.type = dto.type;
      if (dto.startsAt !== undefined) event.startsAt = new Date(dto.startsAt);
      if (place) Object.assign(event, place);
      if (dto.capacity !== undefined) {
        const [{ n }] = await m.query(
          'SELECT count(*)::int AS n FROM event_young_people WHERE event_id = $1',
          [id],
        );
        checkCapacity(dto.capacity, n);
        event.capacity = dto.capacity;
      }
      const saved = await repo.save(event);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'event',
        entityId: id,
        before,
        after: auditView(saved),
      });
      if (before.startsAt !== auditView(saved).startsAt || before.title !== saved.title) {
        await this.interactions.moveEventContacts(m, saved, actor);
      }
      return this.detail(m, id);
    });
  }

  async addParticipants(
    id: string,
    dto: AddParticipantsDto,
    actor: AuthUser,
  ): Promise<EventDetailResponse> {
    const employers = dto.employers ?? [];
    const youngPeople = dto.youngPeople ?? [];
    if (!employers.length && !youngPeople.length) {
      throw DomainError.invalid('employers', 'give at least one employer or young person');
    }
    const dupEmployer = employers.findIndex(
      (e, i) => employers.findIndex((x) => x.employerId === e.employerId) !== i,
    );
    if (dupEmployer >= 0)
      throw DomainError.invalid(`employers.${dupEmployer}.employerId`, 'is listed twice');
    const dupYoung = youngPeople.findIndex(
      (y, i) => youngPeople.findIndex((x) => x.youngPersonId === y.youngPersonId) !== i,
    );
    if (dupYoung >= 0)
      throw DomainError.invalid(`youngPeople.${dupYoung}.youngPersonId`, 'is listed twice');

    return this.ds.transaction(async (m) => {
      const event = await m
        .getRepository(Event)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw DomainError.notFound('Event');
      const now = this.clock.now();
      if (employers.length) await this.addEmployers(m, event, employers, actor);
      if (youngPeople.length) await this.addYoungPeople(m, event, youngPeople, actor, now);
      return this.detail(m, id);
    });
  }

  private async addEmployers(
    m: EntityManager,
    event: Event,
    input: NonNullable<AddParticipantsDto['employers']>,
    actor: AuthUser,
  ): Promise<void> {
    const ids = input.map((e) => e.employerId.toLowerCase());
    // Locked: the last-contact update below must not race another writer of the employer.
    const found = await this.employers.lockMany(m, ids);
    const byId = new Map(found.map((r) => [r.id, r]));
    ids.forEach((eid, i) => {
      const row = byId.get(eid);
      if (!row) throw DomainError.invalid(`employers.${i}.employerId`, 'no such employer');
      if (row.mergedIntoId)
        throw DomainError.invalid(
          `employers.${i}.employerId`,
          `was merged into employer ${row.mergedIntoId}; use that one`,
        );
    });
    const offerIds = [...new Set(input.flatMap((e) => e.jobOfferIds ?? []))].map((x) =>
      x.toLowerCase(),
    );
    const offers: { id: string; employer_id: string }[] = offerIds.length
      ? await m.query('SELECT id, employer_id FROM job_offers WHERE id = ANY($1::uuid[])', [
          offerIds,
        ])
      : [];
    const offerOwner = new Map(offers.map((o) => [o.id, o.employer_id]));
    input.forEach((e, i) => {
      const requested = (e.jobOfferIds ?? []).map((x) => x.toLowerCase());
      const own = new Set(
        requested.filter((o) => offerOwner.get(o) === e.employerId.toLowerCase()),
      );
      const foreign = foreignOfferIds(requested, own);
      if (foreign.length)
        throw DomainError.invalid(
          `employers.${i}.jobOfferIds`,
          `not offers of this employer: ${foreign.join(', ')}`,
        );
    });

    for (const e of input) {
      const employerId = e.employerId.toLowerCase();
      const jobOfferIds = (e.jobOfferIds ?? []).map((x) => x.toLowerCase());
      const inserted: { event_id: string }[] = await m.query(
        `INSERT INTO event_employers (event_id, employer_id, job_offer_ids) VALUES ($1, $2, $3::uuid[])
         ON CONFLICT (event_id, employer_id) DO NOTHING RETURNING event_id`,
        [event.id, employerId, jobOfferIds],
      );
      if (inserted.length) {
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'add_employer',
          entity: 'event',
          entityId: event.id,
          after: { employerId, jobOfferIds },
        });
        // Taking part in an event is a contact: one `event` interaction on the employer's timeline.
        await this.interactions.recordEventContact(m, event, employerId, actor);
      } else if (e.jobOfferIds !== undefined) {
        const [prev]: { job_offer_ids: string[] }[] = await m.query(
          'SELECT job_offer_ids FROM event_employers WHERE event_id = $1 AND employer_id = $2',
          [event.id, employerId],
        );
        await m.query(
          'UPDATE event_employers SET job_offer_ids = $3::uuid[] WHERE event_id = $1 AND employer_id = $2',
          [event.id, employerId, jobOfferIds],
        );
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'update_employer',
          entity: 'event',
          entityId: event.id,
          before: { employerId, jobOfferIds: prev?.job_offer_ids ?? [] },
          after: { employerId, jobOfferIds },
        });
      }
    }
  }

  /**
   * Employer merge: the event participations of `from` move to `to`, in the caller's transaction.
   * event_employers is keyed (event_id, employer_id): when both took part in the same event, the
   * source's offers fold into the target's row. Returns the participations moved or folded.
   */
  async reassignEmployer(m: EntityManager, from: string, to: string): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO event_employers (event_id, employer_id, job_offer_ids, created_at)
       SELECT event_id, $2, job_offer_ids, created_at FROM event_employers WHERE employer_id = $1
       ON CONFLICT (event_id, employer_id) DO UPDATE
         SET job_offer_ids = ARRAY(
           SELECT DISTINCT unnest(event_employers.job_offer_ids || EXCLUDED.job_offer_ids))
       RETURNING event_id`,
      [from, to],
    );
    await m.query('DELETE FROM event_employers WHERE employer_id = $1', [from]);
    return rows.length;
  }

  private async addYoungPeople(
    m: EntityManager,
    event: Event,
    input: NonNullable<AddParticipantsDto['youngPeople']>,
    actor: AuthUser,
    now: Date,
  ): Promise<void> {
    const ids = input.map((y) => y.youngPersonId.toLowerCase());
    const found: { id: string; erased_at: Date | null }[] = await m.query(
      'SELECT id, erased_at FROM young_people WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(found.map((r) => [r.id, r]));
    ids.forEach((yid, i) => {
      const row = byId.get(yid);
      if (!row) throw DomainError.invalid(`youngPeople.${i}.youngPersonId`, 'no such young person');
      if (row.erased_at)
        throw DomainError.invalid(`youngPeople.${i}.youngPersonId`, 'this person was erased');
    });
    const existing: { young_person_id: string; attendance: Attendance }[] = await m.query(
      'SELECT young_person_id, attendance FROM event_young_people WHERE event_id = $1',
      [event.id],
    );
    const current = new Map(existing.map((r) => [r.young_person_id, r.attendance]));
    const newcomers = ids.filter((yid) => !current.has(yid)).length;
    checkCapacity(event.capacity, existing.length + newcomers);
    for (const y of input) {
      const yid = y.youngPersonId.toLowerCase();
      const before = current.get(yid);
      const attendance = y.attendance ?? before ?? 'registered';
      if (attendance !== before) checkAttendance(attendance, event.startsAt, now);
      if (before === undefined) {
        await m.getRepository(EventYoungPerson).insert({
          eventId: event.id,
          youngPersonId: yid,
          attendance,
        });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'add_young_person',
          entity: 'event',
          entityId: event.id,
          after: { youngPersonId: yid, attendance },
        });
      } else if (attendance !== before) {
        await m
          .getRepository(EventYoungPerson)
          .update({ eventId: event.id, youngPersonId: yid }, { attendance });
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'update_attendance',
          entity: 'event',
          entityId: event.id,
          before: { youngPersonId: yid, attendance: before },
          after: { youngPersonId: yid, attendance },
        });
      }
    }
  }

  private async detail(m: EntityManager, id: string): Promise<EventDetailResponse> {
    const event = await m.getRepository(Event).findOne({ where: { id } });
    if (!event) throw DomainError.notFound('Event');
    const participants = await this.participants(m, [id]);
    const placements: {
      id: string;
      young_person_id: string;
      employer_id: string;
      status: string;
      contract_type: string | null;
      start_date: string | null;
      outcome: string | null;
    }[] = await m.query(
      `SELECT id, young_person_id, employer_id, status, contract_type, start_date, outcome
         FROM placements WHERE event_id = $1 ORDER BY created_at, id`,
      [id],
    );
    return {
      ...this.toResponse(event, participants),
      placements: placements.map((p): EventPlacementResponse => ({
        id: p.id,
        youngPersonId: p.young_person_id,
        employerId: p.employer_id,
        status: p.status,
        contractType: p.contract_type,
        startDate: p.start_date,
        outcome: p.outcome,
      })),
    };
  }

  private async participants(m: EntityManager, eventIds: string[]): Promise<Participants> {
    const result: Participants = { employers: new Map(), youngPeople: new Map() };
    if (!eventIds.length) return result;
    const employers: {
      event_id: string;
      employer_id: string;
      name: string;
      job_offer_ids: string[];
      offers: EventEmployerResponse['jobOffers'];
    }[] = await m.query(
      `SELECT ee.event_id, ee.employer_id, coalesce(e.trade_name, e.legal_name) AS name, ee.job_offer_ids,
              coalesce((SELECT json_agg(json_build_object('id', o.id, 'title', o.title,
                          'contractType', o.contract_type, 'positions', o.positions, 'status', o.status)
                          ORDER BY o.created_at, o.id)
                        FROM job_offers o WHERE o.id = ANY(ee.job_offer_ids)), '[]') AS offers
         FROM event_employers ee JOIN employers e ON e.id = ee.employer_id
        WHERE ee.event_id = ANY($1::uuid[])
        ORDER BY name, ee.employer_id`,
      [eventIds],
    );
    for (const r of employers) {
      const list = result.employers.get(r.event_id) ?? [];
      list.push({
        employerId: r.employer_id,
        name: r.name,
        jobOfferIds: r.job_offer_ids,
        jobOffers: r.offers,
      });
      result.employers.set(r.event_id, list);
    }
    const young: {
      event_id: string;
      young_person_id: string;
      first_name: string;
      last_name: string;
      attendance: Attendance;
    }[] = await m.query(
      `SELECT ey.event_id, ey.young_person_id, y.first_name, y.last_name, ey.attendance
         FROM event_young_people ey JOIN young_people y ON y.id = ey.young_person_id
        WHERE ey.event_id = ANY($1::uuid[])
        ORDER BY y.last_name, y.first_name, ey.young_person_id`,
      [eventIds],
    );
    for (const r of young) {
      const list = result.youngPeople.get(r.event_id) ?? [];
      list.push({
        youngPersonId: r.young_person_id,
        firstName: r.first_name,
        lastName: r.last_name,
        attendance: r.attendance,
      });
      result.youngPeople.set(r.event_id, list);
    }
    return result;
  }

  private toResponse(e: Event, p: Participants): EventResponse {
    const youngPeople = p.youngPeople.get(e.id) ?? [];
    const count = (a: Attendance) => youngPeople.filter((y) => y.attendance === a).length;
    return {
      id: e.id,
      title: e.title,
      type: e.type,
      startsAt: e.startsAt.toISOString(),
      place:
        e.inseeCode || e.placeLabel
          ? {
              inseeCode: e.inseeCode,
              label: e.placeLabel,
              city: e.inseeCode ? (findCommune(e.inseeCode)?.name ?? null) : null,
            }
          : null,
      capacity: e.capacity,
      organiserId: e.organiserId,
      employers: p.employers.get(e.id) ?? [],
      youngPeople,
      attendance: {
        registered: count('registered'),
        attended: count('attended'),
        absent: count('absent'),
      },
      version: e.version,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }
}
