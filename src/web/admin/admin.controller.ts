import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { h } from 'preact';
import { AuditService } from '../../audit/audit.service.js';
import { MinRole } from '../../auth/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { CONTRACT_TYPES, type ContractType } from '../../common/vocabulary.js';
import { EmployersService } from '../../employers/employers.service.js';
import { PutPlanDto } from '../../follow-ups/follow-up-plans.dto.js';
import { FollowUpPlansService } from '../../follow-ups/follow-up-plans.service.js';
import { CreateUserDto, UpdateUserDto, type UserResponse } from '../../users/users.dto.js';
import { UsersService } from '../../users/users.service.js';
import { formFields, intField, textField, toDto } from '../form-fields.js';
import type { FieldErrors } from '../components/form.js';
import { formErrorsOf } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import {
  AuditPage,
  BLANK_STEPS,
  planErrorLabels,
  PlansPage,
  USER_FIELD_LABELS,
  UsersPage,
  type StepForm,
  type UserForm,
} from './admin.pages.js';

const AUDIT_PAGE = 50;
const STEP_FIELDS = [
  'key',
  'anchor',
  'offsetDays',
  'minContractDays',
  'repeatEveryDays',
  'withWhom',
] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `steps.3.key=…` form fields back into a list of steps (extra fields are ignored). */
export function stepsFromForm(body: Record<string, unknown>): StepForm[] {
  const steps: StepForm[] = [];
  for (const [name, value] of Object.entries(body)) {
    const m = /^steps\.(\d{1,2})\.(\w+)$/.exec(name);
    if (!m || !(STEP_FIELDS as readonly string[]).includes(m[2]!)) continue;
    const i = Number(m[1]);
    steps[i] = { ...steps[i], [m[2]!]: str(value) };
  }
  return steps.filter((s): s is StepForm => s !== undefined);
}

/** The staff accounts (admin), the follow-up plans (manager), an employer's audit trail (admin). */
@WebController()
export class AdminWebController {
  constructor(
    private readonly users: UsersService,
    private readonly plans: FollowUpPlansService,
    private readonly audit: AuditService,
    private readonly employers: EmployersService,
  ) {}

  // ---- users

  @MinRole('admin')
  @Get('admin/users')
  async usersPage(@Ctx() ctx: PageContext, @Res() res: Response): Promise<void> {
    render(res, h(UsersPage, { ctx, users: await this.allUsers(), form: {} }));
  }

  @MinRole('admin')
  @Post('admin/users')
  async createUser(@Ctx() ctx: PageContext, @Body() body: unknown, @Res() res: Response) {
    const f = formFields(body);
    try {
      const dto = await toDto(CreateUserDto, {
        email: textField(f.email),
        displayName: textField(f.displayName),
        role: textField(f.role),
        password: f.password === '' ? undefined : f.password,
      });
      await this.users.create(dto, ctx.user!.id);
      redirectAfterPost(res, '/admin/users');
    } catch (err) {
      if (!(err instanceof DomainError) || !['VALIDATION_FAILED', 'EMAIL_TAKEN'].includes(err.code))
        throw err;
      const errors =
        err.code === 'EMAIL_TAKEN'
          ? { email: 'Un compte utilise déjà cette adresse e-mail.' }
          : formErrorsOf(err, USER_FIELD_LABELS);
      // The password is never sent back to the page.
      const form: UserForm = {
        email: str(f.email),
        displayName: str(f.displayName),
        role: str(f.role),
      };
      render(res, h(UsersPage, { ctx, users: await this.allUsers(), form, errors }), 400);
    }
  }

  @MinRole('admin')
  @Post('admin/users/:id/role')
  async changeRole(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.updateUser(ctx, res, id, { role: textField(formFields(body).role) });
  }

  @MinRole('admin')
  @Post('admin/users/:id/active')
  async changeActive(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const v = formFields(body).active;
    await this.updateUser(ctx, res, id, {
      active: v === 'true' ? true : v === 'false' ? false : v,
    });
  }

  /** An admin sets a new password for an account: the same rules as the API; ends its sessions. */
  @MinRole('admin')
  @Post('admin/users/password')
  async changePassword(@Ctx() ctx: PageContext, @Body() body: unknown, @Res() res: Response) {
    const f = formFields(body);
    const id = str(f.user) ?? '';
    const password = str(f.newPassword) ?? '';
    const errors: FieldErrors = {};
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      errors.user = 'Choisissez un compte.';
    if (!password) errors.newPassword = 'Saisissez le nouveau mot de passe.';
    if (!Object.keys(errors).length) {
      try {
        const dto = await toDto(UpdateUserDto, { password });
        await this.users.update(id, dto, ctx.user!);
        return redirectAfterPost(res, '/admin/users');
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
        const { password: message, ...rest } = formErrorsOf(err, USER_FIELD_LABELS);
        Object.assign(errors, rest, message ? { newPassword: message } : {});
      }
    }
    const users = await this.allUsers();
    render(res, h(UsersPage, { ctx, users, form: {}, errors, passwordFor: id }), 400);
  }

  private async updateUser(
    ctx: PageContext,
    res: Response,
    id: string,
    plain: Record<string, unknown>,
  ) {
    try {
      const dto = await toDto(UpdateUserDto, plain);
      await this.users.update(id, dto, ctx.user!);
      redirectAfterPost(res, '/admin/users');
    } catch (err) {
      if (
        !(err instanceof DomainError) ||
        !['VALIDATION_FAILED', 'OWN_ACCOUNT_PROTECTED'].includes(err.code)
      )
        throw err;
      const errors =
        err.code === 'OWN_ACCOUNT_PROTECTED'
          ? {
              _form:
                'Vous ne pouvez pas désactiver votre propre compte ni retirer votre rôle d’administration.',
            }
          : formErrorsOf(err, { role: 'Rôle', active: 'État' });
      render(res, h(UsersPage, { ctx, users: await this.allUsers(), form: {}, errors }), 400);
    }
  }

  private async allUsers(): Promise<UserResponse[]> {
    const out: UserResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.users.list(100, cursor);
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  // ---- follow-up plans

  @MinRole('manager')
  @Get('admin/follow-up-plans')
  async plansPage(
    @Ctx() ctx: PageContext,
    @Res() res: Response,
    @Query('contractType') contractType?: string,
  ): Promise<void> {
    const type = contractType === undefined || contractType === '' ? 'cdi' : contractType;
    if (!(CONTRACT_TYPES as readonly string[]).includes(type))
      throw DomainError.invalid('contractType', 'is not a contract type');
    await this.renderPlans(ctx, res, type as ContractType, null, {});
  }

  @MinRole('manager')
  @Post('admin/follow-up-plans/:contractType')
  async savePlan(
    @Param('contractType') contractType: string,
    @Ctx() ctx: PageContext,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    if (!(CONTRACT_TYPES as readonly string[]).includes(contractType))
      throw DomainError.invalid('contractType', 'is not a contract type');
    const type = contractType as ContractType;
    const typed = stepsFromForm(formFields(body));
    // A row without an identifier is a blank row or a removed step.
    const kept = typed.filter((s) => (s.key ?? '').trim() !== '');
    try {
      const dto = await toDto(PutPlanDto, {
        steps: kept.map((s) => ({
          key: textField(s.key),
          anchor: textField(s.anchor),
          offsetDays: intField(s.offsetDays) ?? null,
          minContractDays: intField(s.minContractDays),
          repeatEveryDays: intField(s.repeatEveryDays),
          withWhom: textField(s.withWhom),
        })),
      });
      await this.plans.put(type, dto.steps, ctx.user!.id);
      redirectAfterPost(res, `/admin/follow-up-plans?contractType=${type}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
      await this.renderPlans(
        ctx,
        res,
        type,
        kept,
        formErrorsOf(err, planErrorLabels(kept.length)),
        400,
      );
    }
  }

  private async renderPlans(
    ctx: PageContext,
    res: Response,
    type: ContractType,
    typed: StepForm[] | null,
    errors: Record<string, string>,
    status = 200,
  ): Promise<void> {
    const plan = (await this.plans.latestAll()).find((p) => p.contractType === type) ?? null;
    const current: StepForm[] =
      typed ??
      (plan?.steps ?? []).map((s) => ({
        key: s.key,
        anchor: s.anchor,
        offsetDays: String(s.offsetDays),
        minContractDays: s.minContractDays === undefined ? '' : String(s.minContractDays),
        repeatEveryDays: s.repeatEveryDays === undefined ? '' : String(s.repeatEveryDays),
        withWhom: s.withWhom,
      }));
    const steps = [...current, ...Array.from({ length: BLANK_STEPS }, () => ({}))];
    render(res, h(PlansPage, { ctx, contractType: type, plan, steps, errors }), status);
  }

  // ---- audit trail of an employer

  @MinRole('admin')
  @Get('employers/:id/audit')
  async employerAudit(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
    @Query('cursor') cursor?: string,
  ): Promise<void> {
    const employer = await this.employers.get(id);
    const page = await this.audit.list({
      entity: 'employer',
      entityId: id,
      limit: AUDIT_PAGE,
      cursor: typeof cursor === 'string' ? cursor : undefined,
    });
    const actors = new Map((await this.allUsers()).map((u) => [u.id, u.displayName]));
    const name = employer.tradeName ?? employer.legalName;
    render(
      res,
      h(AuditPage, {
        ctx,
        title: `Historique des modifications : ${name}`,
        backHref: `/employers/${id}`,
        entries: page.items,
        actors,
        nextHref: page.nextCursor
          ? `/employers/${id}/audit?cursor=${encodeURIComponent(page.nextCursor)}`
          : null,
      }),
    );
  }
}
