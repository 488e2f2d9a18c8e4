import { hasRole } from '../../auth/auth.decorators.js';
import type { ContactResponse } from '../../contacts/contacts.dto.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import {
  ChoiceGroup,
  ErrorSummary,
  PostForm,
  TextArea,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate } from '../format.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { employerName, personName } from './employers.pages.js';

/** The contact person form's values, under the API's field names (text as typed). */
export interface ContactPersonFormValues {
  firstName?: string;
  lastName?: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
  isPrimary?: boolean;
  surveyRecipient?: boolean;
  version?: string;
  withdrawOptOut?: boolean;
  optOutWithdrawalReason?: string;
}

export const CONTACT_PERSON_LABELS: Record<string, string> = {
  firstName: 'Prénom',
  lastName: 'Nom',
  jobTitle: 'Fonction',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  isPrimary: 'Interlocuteur principal',
  surveyRecipient: 'Destinataire de l’enquête annuelle',
  optedOutAt: 'Opposition aux sollicitations',
  optOutWithdrawalReason: 'Motif de la levée de l’opposition',
  version: 'Version',
};

export interface ContactPersonFormPageProps {
  ctx: PageContext;
  employer: EmployerResponse;
  /** The contact being edited; absent when adding one. */
  contact?: ContactResponse;
  values: ContactPersonFormValues;
  errors: FieldErrors;
}

export function ContactPersonFormPage(p: ContactPersonFormPageProps) {
  const c = p.contact;
  const v = p.values;
  const e = p.errors;
  const title = c ? `Modifier ${personName(c)}` : 'Ajouter un interlocuteur';
  const action = c
    ? `/employers/${p.employer.id}/contacts/${c.id}/edit`
    : `/employers/${p.employer.id}/contacts`;
  const manager = p.ctx.user ? hasRole(p.ctx.user, 'manager') : false;
  return (
    <Layout ctx={p.ctx} title={`${title} – ${employerName(p.employer)}`}>
      <ErrorSummary errors={e} />
      <p>
        <a href={`/employers/${p.employer.id}`}>Retour à {employerName(p.employer)}</a>
      </p>
      <h1>{title}</h1>
      {c?.optedOutAt && (
        <div class="panel" id="opposition">
          <h2 style="margin-top:0">Opposition aux sollicitations</h2>
          <p>
            Cette personne ne souhaite plus être sollicitée depuis le{' '}
            {formatDate(c.optedOutAt, p.ctx.timeZone)}. Seul l’employeur peut retirer son opposition
            ; un responsable peut la lever en indiquant le motif.
          </p>
        </div>
      )}
      <PostForm ctx={p.ctx} action={action} class="panel">
        {c && <input type="hidden" name="version" value={v.version ?? String(c.version)} />}
        <div class="grid grid-2">
          <TextField
            name="firstName"
            label={CONTACT_PERSON_LABELS.firstName!}
            value={v.firstName}
            error={e.firstName}
            autocomplete="off"
          />
          <TextField
            name="lastName"
            label={CONTACT_PERSON_LABELS.lastName!}
            hint="Un nom ou, à défaut, une fonction."
            value={v.lastName}
            error={e.lastName}
            autocomplete="off"
          />
          <TextField
            name="jobTitle"
            label={CONTACT_PERSON_LABELS.jobTitle!}
            value={v.jobTitle}
            error={e.jobTitle}
            autocomplete="off"
          />
          <TextField
            name="email"
            type="email"
            label={CONTACT_PERSON_LABELS.email!}
            value={v.email}
            error={e.email}
            autocomplete="off"
            spellcheck={false}
          />
          <TextField
            name="phone"
            type="tel"
            label={CONTACT_PERSON_LABELS.phone!}
            hint="Par exemple 03 81 00 00 00."
            value={v.phone}
            error={e.phone}
            autocomplete="off"
          />
        </div>
        <ChoiceGroup
          type="checkbox"
          name="isPrimary"
          label={CONTACT_PERSON_LABELS.isPrimary!}
          hint="Un seul par entreprise : le cocher ici le retire à l’interlocuteur actuel."
          options={[{ value: 'true', label: 'Interlocuteur principal de l’entreprise' }]}
          value={v.isPrimary ? 'true' : undefined}
          error={e.isPrimary}
        />
        <ChoiceGroup
          type="checkbox"
          name="surveyRecipient"
          label={CONTACT_PERSON_LABELS.surveyRecipient!}
          hint="Une seule personne par entreprise reçoit l’enquête annuelle."
          options={[{ value: 'true', label: 'Reçoit l’enquête annuelle' }]}
          value={v.surveyRecipient ? 'true' : undefined}
          error={e.surveyRecipient}
        />
        {c?.optedOutAt && manager && (
          <div class="panel">
            <h2 style="margin-top:0">Lever l’opposition (responsables)</h2>
            <ChoiceGroup
              type="checkbox"
              name="withdrawOptOut"
              label="Levée de l’opposition"
              options={[{ value: 'true', label: 'Lever l’opposition de cette personne' }]}
              value={v.withdrawOptOut ? 'true' : undefined}
              error={e.optedOutAt}
            />
            <TextArea
              name="optOutWithdrawalReason"
              label={CONTACT_PERSON_LABELS.optOutWithdrawalReason!}
              hint="Obligatoire pour lever l’opposition, par exemple la demande écrite de l’employeur."
              value={v.optOutWithdrawalReason}
              error={e.optOutWithdrawalReason}
              maxLength={500}
              rows={3}
              required
            />
          </div>
        )}
        <button type="submit">
          {c ? 'Enregistrer les modifications' : 'Ajouter l’interlocuteur'}
        </button>
      </PostForm>
    </Layout>
  );
}
