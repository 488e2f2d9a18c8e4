import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { MinRole } from '../../auth/auth.decorators.js';
import { ErasureService } from '../../erasure/erasure.service.js';
import { ErasePage } from '../erasure/erasure.pages.js';
import type { Response } from 'express';
import { h } from 'preact';
import { PageIdPipe } from '../page-id.pipe.js';
import { EmployersService } from '../../employers/employers.service.js';
import type { PlacementsQuery } from '../../placements/placements.dto.js';
import { PlacementsService } from '../../placements/placements.service.js';
import {
  CreateYoungPersonDto,
  UpdateYoungPersonDto,
  YoungPeopleQuery,
} from '../../young-people/young-people.dto.js';
import { YoungPeopleService } from '../../young-people/young-people.service.js';
import type { FieldErrors } from '../components/form.js';
import { Flashes } from '../flash.js';
import { formFailure, readForm, type FormBody } from '../form-input.js';
import type { PageContext } from '../page-context.js';
import { employerNamesById } from '../record-names.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import {
  YOUNG_PERSON_LABELS,
  YoungPeopleListPage,
  YoungPersonFormPage,
  YoungPersonPage,
  youngPersonName,
} from './young-people.pages.js';

const CLEARABLE = {
  numbers: ['version'],
  nullWhenEmpty: ['birthDate', 'email', 'phone', 'externalId'],
};

/** Young people: search, create, their page with their placements, edit. */
@WebController('young-people')
export class YoungPeopleWebController {
  constructor(
    private readonly youngPeople: YoungPeopleService,
    private readonly placements: PlacementsService,
    private readonly employers: EmployersService,
    private readonly erasure: ErasureService,
    private readonly flashes: Flashes,
  ) {}

  @Get()
  async list(
    @Query() query: FormBody,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const q = typeof query.q === 'string' ? query.q.trim() : '';
    let errors: FieldErrors = {};
    let status = 200;
    let page: { items: never[] } | Awaited<ReturnType<YoungPeopleService['list']>> = {
      items: [],
    };
    let nextUrl: string | null = null;
    try {
      const parsed = await readForm(YoungPeopleQuery, query, { numbers: ['limit'] });
      const found = await this.youngPeople.list(parsed);
      page = found;
      if (found.nextCursor) {
        const params = new URLSearchParams({ ...(q ? { q } : {}), cursor: found.nextCursor });
        nextUrl = `/young-people?${params.toString()}`;
      }
    } catch (err) {
      ({ status, errors } = formFailure(err, YOUNG_PERSON_LABELS));
    }
    render(res, h(YoungPeopleListPage, { ctx, q, items: page.items, nextUrl, errors }), status);
  }

  @Get('new')
  createForm(@Ctx() ctx: PageContext, @Res() res: Response): void {
    render(res, h(YoungPersonFormPage, { ctx, person: null, values: {}, errors: {} }));
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
      const dto = await readForm(CreateYoungPersonDto, body);
      id = (await this.youngPeople.create(dto, ctx.user!.id)).id;
    } catch (err) {
      const { status, errors } = formFailure(err, YOUNG_PERSON_LABELS);
      return render(
        res,
        h(YoungPersonFormPage, { ctx, person: null, values: body, errors }),
        status,
      );
    }
    await this.flashes.add(req, 'Jeune ajouté.');
    redirectAfterPost(res, `/young-people/${id}`);
  }

  @Get(':id')
  async show(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const person = await this.youngPeople.get(id);
    const query = { youngPersonId: id, limit: 100 } as PlacementsQuery;
    const { items } = await this.placements.list(query, ctx.user!);
    const names = await employerNamesById(
      this.employers,
      items.map((p) => p.employerId),
    );
    const placements = items.map((placement) => ({
      placement,
      employerName: names.get(placement.employerId) ?? '',
    }));
    render(res, h(YoungPersonPage, { ctx, person, placements }));
  }

  /** RGPD: what anonymising this young person removes and keeps, and the button (managers). */
  @Get(':id/erase')
  @MinRole('manager')
  async eraseForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const person = await this.youngPeople.get(id);
    if (person.erasedAt) return res.redirect(303, `/young-people/${id}`);
    render(
      res,
      h(ErasePage, {
        ctx,
        kind: 'young-person',
        name: youngPersonName(person),
        action: `/young-people/${id}/erase`,
        back: `/young-people/${id}`,
      }),
    );
  }

  @Post(':id/erase')
  @MinRole('manager')
  async erase(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.erasure.eraseYoungPerson(id, ctx.user!.id);
    await this.flashes.add(req, 'Jeune anonymisé.');
    redirectAfterPost(res, `/young-people/${id}`);
  }

  @Get(':id/edit')
  async editForm(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const person = await this.youngPeople.get(id);
    render(res, h(YoungPersonFormPage, { ctx, person, values: {}, errors: {} }));
  }

  @Post(':id/edit')
  async edit(
    @Param('id', PageIdPipe) id: string,
    @Body() body: FormBody,
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const dto = await readForm(UpdateYoungPersonDto, body, CLEARABLE);
      await this.youngPeople.update(id, dto, ctx.user!.id);
    } catch (err) {
      const { status, errors } = formFailure(err, YOUNG_PERSON_LABELS);
      const person = await this.youngPeople.get(id);
      return render(res, h(YoungPersonFormPage, { ctx, person, values: body, errors }), status);
    }
    await this.flashes.add(req, 'Modifications enregistrées.');
    redirectAfterPost(res, `/young-people/${id}`);
  }
}
