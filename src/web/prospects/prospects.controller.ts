import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { DomainError } from '../../common/domain-error.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import { ProspectListQuery, type ProspectResponse } from '../../prospects/prospects.dto.js';
import { ProspectsService } from '../../prospects/prospects.service.js';
import { nafSectionLabel } from '../../reference/naf.js';
import { FORM_ERROR, type FieldErrors } from '../components/form.js';
import { employerName } from '../employers/employers.pages.js';
import { Flashes } from '../flash.js';
import { toDto } from '../forms.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import { PROSPECT_SEARCH_LABELS, ProspectsPage, type ProspectSearch } from './prospects.pages.js';

const one = (v: unknown) => (typeof v === 'string' ? v.trim() || undefined : undefined);
const PAGE_SIZE = 50;

/** The SIRENE prospect register (docs/prospects.md): filter it, take an establishment on. */
@WebController('prospects')
export class ProspectsWebController {
  constructor(
    private readonly prospects: ProspectsService,
    private readonly employers: EmployersService,
    private readonly flashes: Flashes,
  ) {}

  @Get()
  async list(
    @Ctx() ctx: PageContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const search: ProspectSearch = {
      q: one(query.q),
      epci: one(query.epci),
      inseeCode: one(query.inseeCode),
      nafSection: one(query.nafSection),
      headcountBand: one(query.headcountBand),
    };
    await this.renderList(ctx, res, search, one(query.cursor));
  }

  @Post(':siret/take-on')
  async takeOn(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('siret') siret: string,
    @Res() res: Response,
  ): Promise<void> {
    // A malformed SIRET names no establishment of the register: the French 404 page.
    if (!/^\d{14}$/.test(siret)) throw DomainError.notFound('Prospect');
    try {
      const employer = await this.prospects.takeOn(siret, ctx.user!);
      await this.flashes.add(
        req,
        `${employerName(employer)} est prise en charge : vous en êtes le référent.`,
      );
      return redirectAfterPost(res, `/employers/${employer.id}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'EMPLOYER_SIRET_TAKEN') throw err;
      const existingId = err.extra.existingId;
      let existing: EmployerResponse | null = null;
      if (typeof existingId === 'string')
        existing = await this.employers.get(existingId).catch(() => null);
      const errors: FieldErrors = {
        [FORM_ERROR]: existing
          ? `Cet établissement a déjà été pris en charge : c’est l’entreprise ${employerName(existing)}.`
          : 'Cet établissement a déjà été pris en charge.',
      };
      await this.renderList(
        ctx,
        res,
        {},
        undefined,
        errors,
        existing ? { id: existing.id, name: employerName(existing) } : null,
        409,
      );
    }
  }

  private async renderList(
    ctx: PageContext,
    res: Response,
    search: ProspectSearch,
    cursor: string | undefined,
    formErrors: FieldErrors = {},
    existing: { id: string; name: string } | null = null,
    status?: number,
  ): Promise<void> {
    const values = await this.prospects.filterValues();
    const parsed = await toDto(
      ProspectListQuery,
      { ...search, cursor, limit: PAGE_SIZE },
      PROSPECT_SEARCH_LABELS,
    );
    let errors: FieldErrors = { ...formErrors, ...(parsed.errors ?? {}) };
    let prospects: ProspectResponse[] = [];
    let nextUrl: string | null = null;
    if (parsed.dto) {
      try {
        const page = await this.prospects.list(parsed.dto);
        prospects = page.items;
        if (page.nextCursor) {
          const p = new URLSearchParams();
          for (const [k, v] of Object.entries(search)) if (v !== undefined) p.set(k, v);
          p.set('cursor', page.nextCursor);
          nextUrl = `/prospects?${p.toString()}`;
        }
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
        errors = { ...errors, ...formErrorsOf(err, PROSPECT_SEARCH_LABELS) };
      }
    }
    render(
      res,
      h(ProspectsPage, {
        ctx,
        search,
        prospects,
        nextUrl,
        epcis: values.epcis.map((r) => ({ value: r.code, label: r.name })),
        communes: values.communes.map((r) => ({ value: r.code, label: r.name })),
        sections: values.sections.map((key) => ({ value: key, label: nafSectionLabel(key) })),
        registerEmpty: values.epcis.length === 0,
        errors,
        existing,
      }),
      status ?? (Object.keys(errors).length ? 400 : 200),
    );
  }
}
