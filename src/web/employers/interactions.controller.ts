import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { DomainError } from '../../common/domain-error.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { canEditInteraction } from '../../contacts/interaction-rules.js';
import { UpdateInteractionDto, type InteractionResponse } from '../../contacts/interactions.dto.js';
import { InteractionsService } from '../../contacts/interactions.service.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import type { FieldErrors } from '../components/form.js';
import { Flashes } from '../flash.js';
import { formatDateTime, toDateTimeLocal } from '../format.js';
import { integer, localDateTime, text, toDto } from '../forms.js';
import { INTERACTION_TYPE_LABELS, labelOf } from '../labels.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import { employerOr404 } from './employer-or-404.js';
import { contactFormOf } from './contact-form.js';
import { CONTACT_LABELS, type ContactFormValues } from './employers.pages.js';
import { InteractionFormPage, RemovePage } from './record-edits.pages.js';

type FormBody = Record<string, unknown>;
const LABELS = { ...CONTACT_LABELS, version: 'Version' };

/**
 * Correcting or deleting a logged contact from the employer page (InteractionsService, the API's
 * UpdateInteractionDto). Who may: its author, a manager or an admin, as the API; others get the
 * 403 page and see no link. The URL names the employer: another employer's contact is a 404.
 */
@WebController('employers')
export class InteractionsWebController {
  constructor(
    private readonly employers: EmployersService,
    private readonly contacts: ContactsService,
    private readonly interactions: InteractionsService,
    private readonly flashes: Flashes,
  ) {}

  @Get(':id/interactions/:interactionId/edit')
  async editForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Param('interactionId', PageIdPipe) interactionId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const interaction = await this.interactionFor(ctx, employer, interactionId);
    await this.renderForm(ctx, res, employer, interaction, valuesOf(interaction, ctx.timeZone), {});
  }

  @Post(':id/interactions/:interactionId/edit')
  async update(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Param('interactionId', PageIdPipe) interactionId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const interaction = await this.interactionFor(ctx, employer, interactionId);
    const tz = ctx.timeZone;
    const values = { ...contactFormOf(body), version: text(body, 'version') };
    const shown = valuesOf(interaction, tz);
    // The form shows times to the minute: a time left as shown is not sent, so saving a summary
    // neither truncates the seconds nor re-checks an old date ("not in the future").
    const occurredAt =
      values.occurredAt === shown.occurredAt
        ? undefined
        : (localDateTime(body, 'occurredAt', tz) ?? '');
    const nextActionAt =
      values.nextActionAt === shown.nextActionAt
        ? undefined
        : (localDateTime(body, 'nextActionAt', tz) ?? null);
    const contactPersonId =
      (values.contactPersonId ?? null) === (interaction.contactPersonId ?? null)
        ? undefined
        : (values.contactPersonId ?? null);
    const parsed = await toDto(
      UpdateInteractionDto,
      {
        type: values.type ?? '',
        direction: values.direction ?? '',
        occurredAt,
        contactPersonId,
        subject: values.subject ?? '',
        summary: values.summary ?? null,
        needs: values.needs,
        nextActionAt,
        nextAction: values.nextAction ?? null,
        version: integer(body, 'version'),
      },
      LABELS,
    );
    let errors: FieldErrors = parsed.errors ?? {};
    let status = 400;
    if (parsed.dto) {
      try {
        await this.interactions.update(interaction.id, parsed.dto, ctx.user!);
        await this.flashes.add(req, 'Contact modifié.');
        return redirectAfterPost(res, `/employers/${employer.id}#historique`);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code === 'NOT_FOUND') throw err;
        if (err.code === 'FORBIDDEN') throw err;
        errors = formErrorsOf(err, LABELS);
        if (err.code === 'STALE_VERSION') status = 409;
      }
    }
    await this.renderForm(ctx, res, employer, interaction, values, errors, status);
  }

  @Get(':id/interactions/:interactionId/delete')
  async deleteForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Param('interactionId', PageIdPipe) interactionId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const i = await this.interactionFor(ctx, employer, interactionId);
    render(
      res,
      h(RemovePage, {
        ctx,
        employer,
        title: 'Supprimer un contact',
        description: `${labelOf(INTERACTION_TYPE_LABELS, i.type)} du ${formatDateTime(i.occurredAt, ctx.timeZone)} : « ${i.subject} ».`,
        kept: 'Le contact disparaît de l’historique de l’entreprise ; la date du dernier contact est recalculée.',
        button: 'Supprimer le contact',
        action: `/employers/${employer.id}/interactions/${i.id}/delete`,
      }),
    );
  }

  @Post(':id/interactions/:interactionId/delete')
  async remove(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Param('interactionId', PageIdPipe) interactionId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const interaction = await this.interactionFor(ctx, employer, interactionId);
    await this.interactions.remove(interaction.id, ctx.user!);
    await this.flashes.add(req, 'Contact supprimé.');
    redirectAfterPost(res, `/employers/${employer.id}#historique`);
  }

  private async renderForm(
    ctx: PageContext,
    res: Response,
    employer: EmployerResponse,
    interaction: InteractionResponse,
    values: ContactFormValues & { version?: string },
    errors: FieldErrors,
    status = 200,
  ) {
    const contacts = await this.contacts.list(employer.id, 100);
    render(
      res,
      h(InteractionFormPage, {
        ctx,
        employer,
        interactionId: interaction.id,
        contacts: contacts.items,
        values,
        errors,
      }),
      status,
    );
  }

  /** The interaction, if it is this employer's (else 404) and the user may change it (else 403). */
  private async interactionFor(
    ctx: PageContext,
    employer: EmployerResponse,
    id: string,
  ): Promise<InteractionResponse> {
    const found = await this.interactions.get(id);
    if (found.employerId !== employer.id) throw DomainError.notFound('Interaction');
    if (!canEditInteraction(ctx.user!, found.authorId))
      throw new DomainError('FORBIDDEN', 'Only its author or a manager may change an interaction');
    return found;
  }
}

function valuesOf(
  i: InteractionResponse,
  timeZone: string,
): ContactFormValues & { version: string } {
  return {
    type: i.type,
    direction: i.direction,
    occurredAt: toDateTimeLocal(new Date(i.occurredAt), timeZone),
    contactPersonId: i.contactPersonId ?? undefined,
    subject: i.subject,
    summary: i.summary ?? undefined,
    needs: i.needs,
    nextActionAt: i.nextActionAt ? toDateTimeLocal(new Date(i.nextActionAt), timeZone) : undefined,
    nextAction: i.nextAction ?? undefined,
    version: String(i.version),
  };
}
