import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { isUuid } from '../../common/uuid.pipe.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { CreateInteractionDto } from '../../contacts/interactions.dto.js';
import { InteractionsService } from '../../contacts/interactions.service.js';
import { EmployerMergeService } from '../../employer-merge/employer-merge.service.js';
import { EmployerTimelineService } from '../../employers/employer-timeline.service.js';
import {
  CreateEmployerDto,
  EmployerListQuery,
  UpdateEmployerDto,
  type EmployerResponse,
} from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import { FORM_ERROR, type FieldErrors } from '../components/form.js';
import { toDateTimeLocal } from '../format.js';
import { commaList, integer, localDateTime, text, toDto } from '../forms.js';
import { formErrorsOf, messageForCode } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { WebSessionStore } from '../session/session.store.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import { employerOr404 } from './employer-or-404.js';
import { contactFormOf } from './contact-form.js';
import { EmployerPageQueries } from './employers.queries.js';
import {
  CONTACT_LABELS,
  EMPLOYER_LABELS,
  EmployerFormPage,
  EmployerPage,
  employerName,
  EmployerSearchPage,
  MergePage,
  type ContactFormValues,
  type EmployerFormValues,
  type EmployerSearch,
} from './employers.pages.js';

// Not named `Body`: decorator metadata would name the @Body() decorator, which the validation pipe
// would then try to validate against.
type FormBody = Record<string, unknown>;
const TIMELINE_PAGE = 30;
const SEARCH_LABELS = {
  q: 'Nom ou SIRET',
  status: 'Statut',
  epci: 'Intercommunalité (EPCI)',
  inseeCode: 'Commune',
  referentId: 'Référent',
  tag: 'Étiquette',
  nafCode: 'Code NAF',
  nafSection: 'Secteur (section NAF)',
  dormant: 'Activité',
  cursor: 'Page',
};

const one = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The employers area: search, the employer page with its contact form, create, edit, merge. */
@WebController('employers')
export class EmployersWebController {
  constructor(
    private readonly employers: EmployersService,
    private readonly timeline: EmployerTimelineService,
    private readonly merger: EmployerMergeService,
    private readonly contacts: ContactsService,
    private readonly interactions: InteractionsService,
    private readonly queries: EmployerPageQueries,
    private readonly sessions: WebSessionStore,
  ) {}

  @Get()
  async search(@Ctx() ctx: PageContext, @Query() query: FormBody, @Res() res: Response) {
    const search: EmployerSearch = {
      q: one(query.q)?.trim() || undefined,
      status: one(query.status) || undefined,
      epci: one(query.epci) || undefined,
      inseeCode: one(query.inseeCode) || undefined,
      referentId: one(query.referentId) || undefined,
      tag: one(query.tag)?.trim() || undefined,
      nafCode: one(query.nafCode)?.trim().toUpperCase() || undefined,
      nafSection: one(query.nafSection) || undefined,
      dormant: query.dormant === 'true' ? true : undefined,
    };
    const cursor = one(query.cursor) || undefined;
    const [staff, places] = await Promise.all([this.queries.staff(), this.queries.places()]);
    const parsed = await toDto(
      EmployerListQuery,
      { ...search, dormant: search.dormant ? 'true' : undefined, cursor },
      SEARCH_LABELS,
    );
    let results: EmployerResponse[] = [];
    let nextUrl: string | null = null;
    let errors: FieldErrors = parsed.errors ?? {};
    if (parsed.dto) {
      try {
        const page = await this.employers.list(parsed.dto);
        results = page.items;
        if (page.nextCursor) nextUrl = `/employers?${this.searchParams(search, page.nextCursor)}`;
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
        errors = formErrorsOf(err, SEARCH_LABELS);
      }
    }
    render(
      res,
      h(EmployerSearchPage, { ctx, search, results, nextUrl, staff, ...places, errors }),
      Object.keys(errors).length ? 400 : 200,
    );
  }

  @Get('new')
  async newForm(@Ctx() ctx: PageContext, @Res() res: Response) {
    const staff = await this.queries.staff();
    render(
      res,
      h(EmployerFormPage, { ctx, values: { referentId: ctx.user!.id }, errors: {}, staff }),
    );
  }

  @Post()
  async create(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const values = formValues(body);
    const parsed = await toDto(CreateEmployerDto, employerPlain(body), EMPLOYER_LABELS);
    let errors = parsed.errors ?? {};
    let existing: { id: string; name: string } | null = null;
    if (parsed.dto) {
      try {
        const created = await this.employers.create(parsed.dto, ctx.user!);
        const duplicate = created.warnings?.[0]?.employerIds?.[0];
        await this.flash(req, `Entreprise ${employerName(created)} ajoutée.`);
        return redirectAfterPost(
          res,
          `/employers/${created.id}${duplicate ? `?doublon=${duplicate}` : ''}`,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors = formErrorsOf(err, EMPLOYER_LABELS);
        const existingId = err.extra.existingId;
        if (err.code === 'EMPLOYER_SIRET_TAKEN' && typeof existingId === 'string') {
          errors = { siret: messageForCode('EMPLOYER_SIRET_TAKEN') };
          const other = await this.employers.get(existingId);
          existing = { id: other.id, name: employerName(other) };
        }
      }
    }
    const staff = await this.queries.staff();
    render(res, h(EmployerFormPage, { ctx, values, errors, staff, existing }), 400);
  }

  @Get(':id')
  async show(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Query() query: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const now = toDateTimeLocal(new Date(), ctx.timeZone);
    await this.renderEmployer(
      ctx,
      res,
      employer,
      { occurredAt: now },
      {},
      one(query.cursor),
      200,
      one(query.doublon),
    );
  }

  @Post(':id/interactions')
  async logContact(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const form: ContactFormValues = contactFormOf(body);
    const parsed = await toDto(
      CreateInteractionDto,
      {
        type: form.type,
        direction: form.direction,
        occurredAt: contactInstant(
          form.occurredAt,
          localDateTime(body, 'occurredAt', ctx.timeZone),
          ctx.timeZone,
        ),
        contactPersonId: form.contactPersonId,
        subject: form.subject ?? '',
        summary: form.summary,
        needs: form.needs,
        nextActionAt: localDateTime(body, 'nextActionAt', ctx.timeZone),
        nextAction: form.nextAction,
      },
      CONTACT_LABELS,
    );
    let errors = parsed.errors ?? {};
    if (parsed.dto) {
      try {
        await this.interactions.create(employer.id, parsed.dto, ctx.user!);
        await this.flash(req, 'Contact enregistré.');
        return redirectAfterPost(res, `/employers/${employer.id}#historique`);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors = formErrorsOf(err, CONTACT_LABELS);
      }
    }
    await this.renderEmployer(ctx, res, employer, form, errors, undefined, 400);
  }

  @Get(':id/edit')
  async editForm(@Ctx() ctx: PageContext, @Param('id') id: string, @Res() res: Response) {
    const employer = await employerOr404(this.employers, id);
    const staff = await this.queries.staff();
    render(
      res,
      h(EmployerFormPage, { ctx, employer, values: valuesOf(employer), errors: {}, staff }),
    );
  }

  @Post(':id/edit')
  async update(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const values = formValues(body);
    const plain = {
      ...employerPlain(body, true),
      legalName: text(body, 'legalName') ?? '',
      version: integer(body, 'version'),
    };
    const parsed = await toDto(UpdateEmployerDto, plain, {
      ...EMPLOYER_LABELS,
      version: 'Version',
    });
    let errors = parsed.errors ?? {};
    if (parsed.dto) {
      try {
        await this.employers.update(employer.id, parsed.dto, ctx.user!);
        await this.flash(req, 'Modifications enregistrées.');
        return redirectAfterPost(res, `/employers/${employer.id}`);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors = formErrorsOf(err, EMPLOYER_LABELS);
      }
    }
    const staff = await this.queries.staff();
    render(
      res,
      h(EmployerFormPage, { ctx, employer, values, errors, staff }),
      errors[FORM_ERROR] ? 409 : 400,
    );
  }

  @MinRole('manager')
  @Get(':id/merge')
  async mergeForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Query() query: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const q = one(query.q)?.trim().slice(0, 200) ?? '';
    const intoId = one(query.intoId);
    const errors: FieldErrors = {};
    let into: EmployerResponse | null = null;
    if (intoId !== undefined) {
      into =
        isUuid(intoId) && intoId !== employer.id
          ? await this.employers.get(intoId).catch(() => null)
          : null;
      if (!into) errors.intoId = 'Choisissez une autre fiche existante à conserver.';
    }
    await this.renderMerge(ctx, res, employer, q, into, errors);
  }

  @MinRole('manager')
  @Post(':id/merge')
  async merge(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const intoId = text(body, 'intoId') ?? '';
    try {
      if (!isUuid(intoId)) throw DomainError.invalid('intoId', 'is not an existing employer');
      const kept = await this.merger.merge(employer.id, intoId.toLowerCase(), ctx.user!);
      await this.flash(
        req,
        `${employerName(employer)} a été fusionnée dans ${employerName(kept)}.`,
      );
      return redirectAfterPost(res, `/employers/${kept.id}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'NOT_FOUND') throw err;
      const errors = formErrorsOf(err, { intoId: 'Fiche à conserver' });
      await this.renderMerge(ctx, res, employer, '', null, errors, 400);
    }
  }

  private async renderMerge(
    ctx: PageContext,
    res: Response,
    employer: EmployerResponse,
    q: string,
    into: EmployerResponse | null,
    errors: FieldErrors,
    status = Object.keys(errors).length ? 400 : 200,
  ) {
    const [counts, found] = await Promise.all([
      this.queries.attachments(employer.id),
      q ? this.employers.list(Object.assign(new EmployerListQuery(), { q, limit: 10 })) : null,
    ]);
    const candidates = (found?.items ?? []).filter((x) => x.id !== employer.id);
    render(res, h(MergePage, { ctx, employer, counts, q, candidates, into, errors }), status);
  }

  private async renderEmployer(
    ctx: PageContext,
    res: Response,
    employer: EmployerResponse,
    form: ContactFormValues,
    errors: FieldErrors,
    cursor: string | undefined,
    status = 200,
    duplicateId?: string,
  ) {
    const [contacts, timeline, offers, placements] = await Promise.all([
      this.contacts.list(employer.id, 100),
      this.timeline.timeline(employer.id, TIMELINE_PAGE, cursor),
      this.queries.offers(employer.id),
      this.queries.placements(employer.id),
    ]);
    const authors = timeline.items
      .map((i) => i.authorId)
      .filter((a): a is string => typeof a === 'string');
    // The referent's and the authors' names in one read.
    const userNames = await this.queries.userNames([
      ...new Set([...authors, ...(employer.referentId ? [employer.referentId] : [])]),
    ]);
    const duplicate =
      duplicateId && isUuid(duplicateId)
        ? await this.employers.get(duplicateId).catch(() => null)
        : null;
    render(
      res,
      h(EmployerPage, {
        ctx,
        employer,
        referentName: employer.referentId ? (userNames.get(employer.referentId) ?? null) : null,
        contacts: contacts.items,
        timeline: timeline.items,
        timelineNextUrl: timeline.nextCursor
          ? `/employers/${employer.id}?cursor=${encodeURIComponent(timeline.nextCursor)}#historique`
          : null,
        userNames,
        offers,
        placements,
        form,
        errors,
        duplicate: duplicate ? { id: duplicate.id, name: employerName(duplicate) } : null,
      }),
      status,
    );
  }

  /** "Contact enregistré." on the next page of this session. */
  private async flash(req: WebRequest, message: string): Promise<void> {
    const token = req.web?.token;
    if (token) await this.sessions.addFlash(token, { kind: 'success', text: message });
  }

  private searchParams(search: EmployerSearch, cursor: string): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(search)) if (v !== undefined) p.set(k, String(v));
    p.set('cursor', cursor);
    return p.toString();
  }
}

/** What the form showed, to send it back with its errors. */
function formValues(body: FormBody): EmployerFormValues {
  const keys = [
    'siret',
    'legalName',
    'tradeName',
    'nafCode',
    'address.street',
    'address.postalCode',
    'address.inseeCode',
    'status',
    'referentId',
    'source',
    'tags',
    'notes',
    'version',
  ] as const;
  return Object.fromEntries(keys.map((k) => [k, one(body[k])])) as EmployerFormValues;
}

function valuesOf(e: EmployerResponse): EmployerFormValues {
  return {
    siret: e.siret ?? undefined,
    legalName: e.legalName,
    tradeName: e.tradeName ?? undefined,
    nafCode: e.nafCode ?? undefined,
    'address.street': e.address.street ?? undefined,
    'address.postalCode': e.address.postalCode ?? undefined,
    'address.inseeCode': e.address.inseeCode ?? undefined,
    status: e.status === 'archived' ? undefined : e.status,
    referentId: e.referentId ?? undefined,
    source: e.source,
    tags: e.tags.join(', '),
    notes: e.notes ?? undefined,
    version: String(e.version),
  };
}

/** The employer form as the API's body; on edit, a blank field clears the value (null). */
function employerPlain(body: FormBody, edit = false): Record<string, unknown> {
  const opt = (name: string) => text(body, name) ?? (edit ? null : undefined);
  const street = opt('address.street');
  const postalCode = opt('address.postalCode');
  const inseeCode = opt('address.inseeCode');
  const hasAddress = edit || street || postalCode || inseeCode;
  return {
    siret: opt('siret'),
    legalName: text(body, 'legalName') ?? '',
    tradeName: opt('tradeName'),
    nafCode: opt('nafCode'),
    address: hasAddress ? { street, postalCode, inseeCode } : undefined,
    status: text(body, 'status'),
    referentId: opt('referentId'),
    source: text(body, 'source'),
    tags: commaList(body, 'tags'),
    notes: opt('notes'),
  };
}

/**
 * The form shows "now" to the minute. Left as it was within that minute, the contact is dated
 * this instant, so two contacts logged in the same minute keep the order they were logged in.
 */
function contactInstant(
  typed: string | undefined,
  parsed: string | undefined,
  timeZone: string,
): string | undefined {
  const now = new Date();
  return typed !== undefined && typed === toDateTimeLocal(now, timeZone)
    ? now.toISOString()
    : parsed;
}
