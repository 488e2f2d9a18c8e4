import type { ContactResponse } from '../../contacts/contacts.dto.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import {
  ErrorSummary,
  IrreversibleConfirm,
  PostForm,
  type FieldErrors,
} from '../components/form.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { employerName, InteractionFields, type ContactFormValues } from './employers.pages.js';

// Correcting or deleting a logged contact, and removing a contact person, from the employer page
// (docs/web-records.md, "Corrections on the employer page").

export interface InteractionFormPageProps {
  ctx: PageContext;
  employer: EmployerResponse;
  interactionId: string;
  contacts: ContactResponse[];
  values: ContactFormValues & { version?: string };
  errors: FieldErrors;
}

/** GET /employers/:id/interactions/:interactionId/edit: the contact log form, filled in. */
export function InteractionFormPage(p: InteractionFormPageProps) {
  const name = employerName(p.employer);
  return (
    <Layout ctx={p.ctx} title={`Modifier un contact – ${name}`}>
      <ErrorSummary errors={p.errors} />
      <p>
        <a href={`/employers/${p.employer.id}#historique`}>Retour à {name}</a>
      </p>
      <h1>Modifier un contact</h1>
      <p>Entreprise : {name}</p>
      <PostForm
        ctx={p.ctx}
        action={`/employers/${p.employer.id}/interactions/${p.interactionId}/edit`}
        class="panel"
      >
        <input type="hidden" name="version" value={p.values.version ?? ''} />
        <InteractionFields form={p.values} errors={p.errors} contacts={p.contacts} />
        <p class="actions">
          <button type="submit">Enregistrer les modifications</button>
          <a class="button secondary" href={`/employers/${p.employer.id}#historique`}>
            Annuler
          </a>
        </p>
      </PostForm>
    </Layout>
  );
}

export interface RemovePageProps {
  ctx: PageContext;
  /** The page's heading, which says what is removed. */
  title: string;
  employer: EmployerResponse;
  /** What the record is, as the staff know it (a contact's subject and date, a person's name). */
  description: string;
  /** What stays once it is gone. */
  kept: string;
  /** The submit button's label. */
  button: string;
  action: string;
}

/** The confirmation before a removal: what goes, what stays, then one POST (or Annuler). */
export function RemovePage(p: RemovePageProps) {
  return (
    <Layout ctx={p.ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p>Entreprise : {employerName(p.employer)}</p>
      <div class="panel">
        <p>{p.description}</p>
        <p>{p.kept}</p>
        <p>
          <strong>Cette action ne peut pas être annulée.</strong> Elle est inscrite au journal
          d’audit à votre nom.
        </p>
      </div>
      <IrreversibleConfirm
        ctx={p.ctx}
        action={p.action}
        button={p.button}
        back={`/employers/${p.employer.id}`}
      />
    </Layout>
  );
}
