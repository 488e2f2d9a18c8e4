import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import { MinRole } from '../../auth/auth.decorators.js';
import type { Response } from 'express';
import { h } from 'preact';
import { DomainError } from '../../common/domain-error.js';
import { isUuid } from '../../common/uuid.pipe.js';
import { PageIdPipe } from '../page-id.pipe.js';
import {
  CreateContactDto,
  UpdateContactDto,
  type ContactResponse,
} from '../../contacts/contacts.dto.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import { EmployersService } from '../../employers/employers.service.js';
import { ErasureService } from '../../erasure/erasure.service.js';
import { ErasePage } from '../erasure/erasure.pages.js';
import type { FieldErrors } from '../components/form.js';
import { Flashes } from '../flash.js';
import { checkbox, integer, nullableText, text, toDto } from '../forms.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import type { WebRequest } from '../web-request.js';
import { employerOr404 } from './employer-or-404.js';
import {
  CONTACT_PERSON_LABELS,
  ContactPersonFormPage,
  type ContactPersonFormValues,
} from './contact-persons.pages.js';
import { personName } from './employers.pages.js';
import { RemovePage } from './record-edits.pages.js';

type FormBody = Record<string, unknown>;

/** An employer's contact persons: add one, edit one (ContactsService, the API's DTOs). */
@WebController('employers')
export class ContactPersonsWebController {
  constructor(
    private readonly employers: EmployersService,
    private readonly contacts: ContactsService,
    private readonly erasure: ErasureService,
    private readonly flashes: Flashes,
  ) {}

  /** RGPD: what erasing this contact person removes, and the button (managers, as the API). */
  @Get(':id/contacts/:contactId/erase')
  @MinRole('manager')
  async eraseForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    render(
      res,
      h(ErasePage, {
        ctx,
        kind: 'contact',
        name: personName(contact),
        employerName: employer.tradeName ?? employer.legalName,
        action: `/employers/${employer.id}/contacts/${contact.id}/erase`,
        back: `/employers/${employer.id}`,
      }),
    );
  }

  @Post(':id/contacts/:contactId/erase')
  @MinRole('manager')
  async erase(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    await this.erasure.eraseContact(contact.id, ctx.user!);
    await this.flashes.add(req, 'Interlocuteur effacé.');
    redirectAfterPost(res, `/employers/${employer.id}`);
  }

  /** Removing a contact person from the employer (any staff role, as the API's DELETE). */
  @Get(':id/contacts/:contactId/remove')
  async removeForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Param('contactId', PageIdPipe) contactId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    const name = personName(contact);
    render(
      res,
      h(RemovePage, {
        ctx,
        employer,
        title: `Retirer l’interlocuteur ${name}`,
        description: `${name} et ses coordonnées sont retirés de la fiche de l’entreprise.`,
        kept: 'Les échanges déjà notés restent dans l’historique, sans le lien vers cet interlocuteur. Pour effacer une personne au titre du RGPD, un responsable utilise « Effacer (RGPD) ».',
        button: 'Retirer l’interlocuteur',
        action: `/employers/${employer.id}/contacts/${contact.id}/remove`,
      }),
    );
  }

  @Post(':id/contacts/:contactId/remove')
  async remove(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Param('contactId', PageIdPipe) contactId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    await this.contacts.remove(contact.id, ctx.user!);
    await this.flashes.add(req, `Interlocuteur ${personName(contact)} retiré.`);
    redirectAfterPost(res, `/employers/${employer.id}#interlocuteurs`);
  }

  @Get(':id/contacts/new')
  async newForm(@Ctx() ctx: PageContext, @Param('id') id: string, @Res() res: Response) {
    const employer = await employerOr404(this.employers, id);
    render(res, h(ContactPersonFormPage, { ctx, employer, values: {}, errors: {} }));
  }

  @Post(':id/contacts')
  async create(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const values = formValues(body);
    const parsed = await toDto(
      CreateContactDto,
      {
        firstName: text(body, 'firstName'),
        lastName: text(body, 'lastName'),
        jobTitle: text(body, 'jobTitle'),
        email: text(body, 'email'),
        phone: text(body, 'phone'),
        isPrimary: values.isPrimary,
        surveyRecipient: values.surveyRecipient,
      },
      CONTACT_PERSON_LABELS,
    );
    let errors = parsed.errors ?? {};
    if (parsed.dto) {
      try {
        const created = await this.contacts.create(employer.id, parsed.dto, ctx.user!);
        await this.flashes.add(req, `Interlocuteur ${personName(created)} ajouté.`);
        return redirectAfterPost(res, `/employers/${employer.id}#interlocuteurs`);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors = formErrorsOf(err, CONTACT_PERSON_LABELS);
      }
    }
    render(res, h(ContactPersonFormPage, { ctx, employer, values, errors }), 400);
  }

  @Get(':id/contacts/:contactId/edit')
  async editForm(
    @Ctx() ctx: PageContext,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    render(
      res,
      h(ContactPersonFormPage, { ctx, employer, contact, values: valuesOf(contact), errors: {} }),
    );
  }

  @Post(':id/contacts/:contactId/edit')
  async update(
    @Ctx() ctx: PageContext,
    @Req() req: WebRequest,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ) {
    const employer = await employerOr404(this.employers, id);
    const contact = await this.contactOr404(employer, contactId);
    const values = formValues(body);
    // Lifting an opt-out is a manager's, with a reason; the service says who may (FORBIDDEN).
    const withdrawing = values.withdrawOptOut === true && contact.optedOutAt !== null;
    const parsed = await toDto(
      UpdateContactDto,
      {
        firstName: nullableText(body, 'firstName'),
        lastName: nullableText(body, 'lastName'),
        jobTitle: nullableText(body, 'jobTitle'),
        email: nullableText(body, 'email'),
        phone: nullableText(body, 'phone'),
        isPrimary: values.isPrimary,
        surveyRecipient: values.surveyRecipient,
        version: integer(body, 'version'),
        optedOutAt: withdrawing ? null : undefined,
        optOutWithdrawalReason: withdrawing ? (values.optOutWithdrawalReason ?? '') : undefined,
      },
      CONTACT_PERSON_LABELS,
    );
    let errors: FieldErrors = parsed.errors ?? {};
    let status = 400;
    if (parsed.dto) {
      try {
        const saved = await this.contacts.update(contact.id, parsed.dto, ctx.user!);
        await this.flashes.add(
          req,
          withdrawing
            ? `Opposition de ${personName(saved)} levée ; modifications enregistrées.`
            : `Interlocuteur ${personName(saved)} modifié.`,
        );
        return redirectAfterPost(res, `/employers/${employer.id}#interlocuteurs`);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors = formErrorsOf(err, CONTACT_PERSON_LABELS);
        if (err.code === 'STALE_VERSION') status = 409;
        if (err.code === 'FORBIDDEN') status = 403;
      }
    }
    render(res, h(ContactPersonFormPage, { ctx, employer, contact, values, errors }), status);
  }

  /** The contact, only if it is one of this employer's (not erased). */
  private async contactOr404(employer: EmployerResponse, id: string): Promise<ContactResponse> {
    const found = isUuid(id)
      ? (await this.contacts.list(employer.id, 100)).items.find((c) => c.id === id.toLowerCase())
      : undefined;
    if (!found || found.erasedAt) throw DomainError.notFound('Contact person');
    return found;
  }
}

function formValues(body: FormBody): ContactPersonFormValues {
  const raw = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string) : undefined;
  return {
    firstName: raw('firstName'),
    lastName: raw('lastName'),
    jobTitle: raw('jobTitle'),
    email: raw('email'),
    phone: raw('phone'),
    isPrimary: checkbox(body, 'isPrimary'),
    surveyRecipient: checkbox(body, 'surveyRecipient'),
    version: raw('version'),
    withdrawOptOut: checkbox(body, 'withdrawOptOut'),
    optOutWithdrawalReason: raw('optOutWithdrawalReason'),
  };
}

function valuesOf(c: ContactResponse): ContactPersonFormValues {
  return {
    firstName: c.firstName ?? undefined,
    lastName: c.lastName ?? undefined,
    jobTitle: c.jobTitle ?? undefined,
    email: c.email ?? undefined,
    phone: c.phone ?? undefined,
    isPrimary: c.isPrimary,
    surveyRecipient: c.surveyRecipient,
    version: String(c.version),
  };
}
