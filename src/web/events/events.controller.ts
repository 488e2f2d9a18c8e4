import { Body, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { addDays, Clock, localDate } from '../../common/clock.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { EmployerListQuery } from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import {
  AddParticipantsDto,
  CreateEventDto,
  UpdateEventDto,
  type EventDetailResponse,
  type EventListQuery,
} from '../../events/events.dto.js';
import { EventsService } from '../../events/events.service.js';
import type { JobOfferQuery } from '../../job-offers/dto/job-offer.dto.js';
import { JobOffersService } from '../../job-offers/job-offers.service.js';
import type { YoungPeopleQuery } from '../../young-people/young-people.dto.js';
import { YoungPeopleService } from '../../young-people/young-people.service.js';
import type { FieldErrors } from '../components/form.js';
import { toDateTimeLocal } from '../format.js';
import { Flashes } from '../flash.js';
import {
  formFailure,
  formToBody,
  instantFromLocal,
  readBody,
  type FormBody,
} from '../form-input.js';
import type { PageContext } from '../page-context.js';
import { employerName, personName } from '../record-names.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import {
  EVENT_LABELS,
  EventFormPage,
  EventPage,
  EventsListPage,
  type EventPageSearch,
} from './events.pages.js';

const SEARCH_LIMIT = 10;
const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 200) : '');

/** Events and job datings: list, create, the event page with its participants and placements. */
@WebController('events')
export class EventsWebController {
  constructor(
    private readonly events: EventsService,
    private readonly employers: EmployersService,
    private readonly offers: JobOffersService,
    private readonly youngPeople: YoungPeopleService,
    private readonly flashes: Flashes,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const today = localDate(this.clock.now(), this.config.timeZone);
    const past = query.passes === '1';
    const cursor = typeof query.cursor === 'string' ? query.cursor : undefined;
    // Past events: the most recent first, as an adviser looks back.
    const q = (
      past ? { to: addDays(today, -1), order: 'desc' } : { from: today }
    ) as EventListQuery;
    let page;
    try {
      page = await this.events.list({ ...q, limit: 50, cursor } as EventListQuery);
    } catch (err) {
      // Only a tampered cursor can fail here: start again from the first page.
      formFailure(err, EVENT_LABELS);
      return res.redirect(303, past ? '/events?passes=1' : '/events');
    }
    const next = page.nextCursor
      ? `/events?${new URLSearchParams({ ...(past ? { passes: '1' } : {}), cursor: page.nextCursor }).toString()}`
      : null;
    render(res, h(EventsListPage, { ctx, events: page.items, past, nextUrl: next }));
  }

  @Get('new')
  createForm(@Ctx() ctx: PageContext, @Res() res: Response): void {
    render(res, h(EventFormPage, { ctx, values: {}, errors: {} }));
  }

  @Post()
  async create(
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    let id: string;
    try {
      const fields = formToBody(body, { numbers: ['capacity'] });
      // The form gives a local date and time; the API wants an instant with its offset.
      if (typeof fields.startsAt === 'string')
        fields.startsAt = instantFromLocal(fields.startsAt, ctx.timeZone) ?? fields.startsAt;
      const dto = await readBody(CreateEventDto, fields);
      id = (await this.events.create(dto, ctx.user!)).id;
    } catch (err) {
      const { status, errors } = formFailure(err, EVENT_LABELS);
      return render(res, h(EventFormPage, { ctx, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Événement créé.');
    redirectAfterPost(res, `/events/${id}`);
  }

  @Get(':id/edit')
  async editForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const event = await this.events.get(id);
    render(
      res,
      h(EventFormPage, { ctx, values: eventValues(event, ctx.timeZone), errors: {}, event }),
    );
  }

  /** The creation form's fields as the API's PATCH body, `version` checked (409 when stale). */
  @Post(':id/edit')
  async update(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    const event = await this.events.get(id);
    try {
      const fields = formToBody(body, {
        numbers: ['capacity', 'version'],
        nullWhenEmpty: ['capacity'],
      });
      const place = (fields.place ?? {}) as Record<string, unknown>;
      // A time left as shown is not sent: the event and its employers' contacts stay put.
      const shownStart = toDateTimeLocal(new Date(event.startsAt), ctx.timeZone);
      const startsAt =
        typeof fields.startsAt === 'string'
          ? fields.startsAt === shownStart
            ? undefined
            : (instantFromLocal(fields.startsAt, ctx.timeZone) ?? fields.startsAt)
          : '';
      const dto = await readBody(UpdateEventDto, {
        ...fields,
        // Required on the form: blank is an error, not "unchanged"; a blank place clears it.
        title: fields.title ?? '',
        type: fields.type ?? '',
        startsAt,
        place: { label: place.label ?? null, inseeCode: place.inseeCode ?? null },
      });
      await this.events.update(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, EVENT_LABELS);
      return render(res, h(EventFormPage, { ctx, values: body, errors, event }), status);
    }
    await this.flashes.add(req, 'Événement modifié.');
    redirectAfterPost(res, `/events/${id}`);
  }

  private async renderEvent(
    res: Response,
    ctx: PageContext,
    id: string,
    query: FormBody,
    errors: FieldErrors,
    status: number,
  ): Promise<void> {
    const event = await this.events.get(id);
    const employerQuery = text(query.employerQuery);
    const youngPersonQuery = text(query.youngPersonQuery);
    const [employersFound, youngFound, offerLists] = await Promise.all([
      employerQuery
        ? this.employers.list({ q: employerQuery, limit: SEARCH_LIMIT } as EmployerListQuery)
        : null,
      youngPersonQuery
        ? this.youngPeople.list({ q: youngPersonQuery, limit: SEARCH_LIMIT } as YoungPeopleQuery)
        : null,
      Promise.all(
        event.employers.map((x) =>
          this.offers.list({ employerId: x.employerId, limit: 100 } as JobOfferQuery),
        ),
      ),
    ]);
    const openOffers: EventPageSearch['openOffers'] = {};
    event.employers.forEach((x, i) => {
      openOffers[x.employerId] = offerLists[i]!.items.filter(
        (o) => o.status === 'published' || o.status === 'draft' || x.jobOfferIds.includes(o.id),
      ).map((o) => ({ id: o.id, title: o.title }));
    });
    const search: EventPageSearch = {
      employerQuery,
      employerResults: (employersFound?.items ?? [])
        .filter((e) => !event.employers.some((x) => x.employerId === e.id))
        .map((e) => ({ id: e.id, name: employerName(e), city: e.address?.city ?? null })),
      youngPersonQuery,
      youngPersonResults: (youngFound?.items ?? [])
        .filter((y) => !y.erasedAt && !event.youngPeople.some((x) => x.youngPersonId === y.id))
        .map((y) => ({ id: y.id, name: personName(y) })),
      openOffers,
    };
    const started = new Date(event.startsAt).getTime() <= this.clock.now().getTime();
    render(res, h(EventPage, { ctx, event, search, started, errors }), status);
  }

  @Get(':id')
  async show(
    @Param('id', PageIdPipe) id: string,
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderEvent(res, ctx, id, query, {}, 200);
  }

  /** Adds an employer, or records which of its offers it presents. */
  @Post(':id/employers')
  async addEmployer(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    const fields = formToBody(body, { lists: ['jobOfferIds'] });
    try {
      const dto = await readBody(AddParticipantsDto, {
        employers: [{ employerId: fields.employerId, jobOfferIds: fields.jobOfferIds ?? [] }],
      });
      await this.events.addParticipants(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, EVENT_LABELS);
      return this.renderEvent(res, ctx, id, {}, errors, status);
    }
    await this.flashes.add(req, 'Entreprise enregistrée pour l’événement.');
    redirectAfterPost(res, `/events/${id}`);
  }

  /** Registers a young person, or records their attendance. */
  @Post(':id/young-people')
  async addYoungPerson(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    const fields = formToBody(body);
    try {
      const dto = await readBody(AddParticipantsDto, {
        youngPeople: [
          {
            youngPersonId: fields.youngPersonId,
            ...(fields.attendance !== undefined ? { attendance: fields.attendance } : {}),
          },
        ],
      });
      await this.events.addParticipants(id, dto, ctx.user!);
    } catch (err) {
      const { status, errors } = formFailure(err, EVENT_LABELS);
      return this.renderEvent(res, ctx, id, {}, errors, status);
    }
    await this.flashes.add(
      req,
      fields.attendance !== undefined ? 'Présence enregistrée.' : 'Jeune inscrit à l’événement.',
    );
    redirectAfterPost(res, `/events/${id}`);
  }
}

/** The event as the form shows it: local Paris date and time, the API's field names. */
function eventValues(e: EventDetailResponse, timeZone: string): FormBody {
  return {
    title: e.title,
    type: e.type,
    startsAt: toDateTimeLocal(new Date(e.startsAt), timeZone),
    'place.label': e.place?.label ?? '',
    'place.inseeCode': e.place?.inseeCode ?? '',
    capacity: e.capacity === null ? '' : String(e.capacity),
    version: String(e.version),
  };
}
