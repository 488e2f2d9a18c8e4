import { TableWrap } from '../components/table-wrap.js';
import type { AuditEntryResponse } from '../../audit/audit.service.js';
import { CONTRACT_TYPES, ROLES, type ContractType } from '../../common/vocabulary.js';
import { ANCHORS } from '../../follow-ups/follow-up-plan.entity.js';
import type { PlanResponse } from '../../follow-ups/follow-up-plans.dto.js';
import { WITH_WHOM } from '../../follow-ups/follow-up.entity.js';
import { CONTRACT_TYPE_LABELS } from '../../indicators/indicators-csv.js';
import type { UserResponse } from '../../users/users.dto.js';
import {
  ErrorSummary,
  fieldId,
  PostForm,
  SelectField,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { ROLE_LABELS, stepLabel, WITH_WHOM_LABELS } from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

// ---- Users (admin) --------------------------------------------------------------------------

export const USER_FIELD_LABELS: Record<string, string> = {
  email: 'Adresse e-mail',
  displayName: 'Nom affiché',
  role: 'Rôle',
  password: 'Mot de passe provisoire',
};

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export interface UserForm {
  email?: string;
  displayName?: string;
  role?: string;
}

export interface UsersPageProps {
  ctx: PageContext;
  users: UserResponse[];
  form: UserForm;
  errors?: FieldErrors;
  /** The account chosen in the password form sent back with errors. */
  passwordFor?: string;
}

/**
 * GET /admin/users: the staff accounts; change a role, deactivate or reactivate, set a new
 * password, create one.
 */
export function UsersPage({ ctx, users, form, errors = {}, passwordFor }: UsersPageProps) {
  return (
    <Layout ctx={ctx} title="Comptes de l’équipe">
      <ErrorSummary errors={errors} />
      <h1>Comptes de l’équipe</h1>
      <TableWrap label={`Comptes de l’équipe`}>
        <table>
          <caption class="visually-hidden">Comptes de l’équipe</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.displayName}</th>
                <td>{u.email}</td>
                <td>
                  <PostForm ctx={ctx} action={`/admin/users/${u.id}/role`} class="inline-form">
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      Rôle de {u.displayName}
                    </label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLE_OPTIONS.map((o) => (
                        <option key={o.value} value={o.value} selected={o.value === u.role}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="secondary">
                      Changer le rôle<span class="visually-hidden"> de {u.displayName}</span>
                    </button>
                  </PostForm>
                </td>
                <td>
                  <span class={u.active ? 'badge badge-ok' : 'badge badge-danger'}>
                    {u.active ? 'Actif' : 'Désactivé'}
                  </span>{' '}
                  <PostForm ctx={ctx} action={`/admin/users/${u.id}/active`} class="inline-form">
                    <input type="hidden" name="active" value={u.active ? 'false' : 'true'} />
                    <button type="submit" class={u.active ? 'warning' : 'secondary'}>
                      {u.active ? 'Désactiver' : 'Réactiver'}
                      <span class="visually-hidden"> {u.displayName}</span>
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p class="muted">
        Désactiver, réactiver un compte ou changer son mot de passe ferme aussitôt ses sessions
        ouvertes et son lien d’agenda ; le compte reste dans l’historique.
      </p>
      <h2>Changer un mot de passe</h2>
      <PostForm ctx={ctx} action="/admin/users/password" class="panel">
        <SelectField
          name="user"
          label="Compte"
          required
          emptyLabel="Choisissez un compte"
          options={users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` }))}
          value={passwordFor}
          error={errors.user}
        />
        <TextField
          name="newPassword"
          type="password"
          label="Nouveau mot de passe"
          required
          autocomplete="new-password"
          error={errors.newPassword}
          hint="Au moins 12 caractères, difficile à deviner : une phrase de plusieurs mots sans rapport entre eux."
        />
        <button type="submit" class="secondary">
          Changer le mot de passe
        </button>
      </PostForm>
      <h2>Créer un compte</h2>
      <PostForm ctx={ctx} action="/admin/users" class="panel">
        <TextField
          name="email"
          type="email"
          label={USER_FIELD_LABELS.email!}
          required
          autocomplete="off"
          value={form.email}
          error={errors.email}
        />
        <TextField
          name="displayName"
          label={USER_FIELD_LABELS.displayName!}
          required
          value={form.displayName}
          error={errors.displayName}
          hint="Prénom et nom, tels que l’équipe les lit."
        />
        <SelectField
          name="role"
          label={USER_FIELD_LABELS.role!}
          required
          options={ROLE_OPTIONS}
          value={form.role ?? 'adviser'}
          error={errors.role}
        />
        <TextField
          name="password"
          type="password"
          label={USER_FIELD_LABELS.password!}
          required
          autocomplete="new-password"
          error={errors.password}
          hint="Au moins 12 caractères. Communiquez-le de vive voix ; la personne le change ensuite."
        />
        <button type="submit">Créer le compte</button>
      </PostForm>
    </Layout>
  );
}

// ---- Follow-up plans (manager) ----------------------------------------------------------------

/** Blank step rows offered under the current steps, to add steps without JavaScript. */
export const BLANK_STEPS = 3;

export const ANCHOR_LABELS: Record<(typeof ANCHORS)[number], string> = {
  start: 'Début du contrat',
  trial_end: 'Fin de la période d’essai',
  end: 'Fin du contrat',
  mid: 'Milieu du contrat',
};

/** One step as typed in the form (strings), keyed by the API's step field names. */
export interface StepForm {
  key?: string;
  anchor?: string;
  offsetDays?: string;
  minContractDays?: string;
  repeatEveryDays?: string;
  withWhom?: string;
}

export interface PlansPageProps {
  ctx: PageContext;
  contractType: ContractType;
  plan: PlanResponse | null;
  steps: StepForm[];
  errors?: FieldErrors;
}

const stepErrorLabel = (i: number, field: string) =>
  `Étape ${i + 1}, ${
    {
      key: 'identifiant',
      anchor: 'point de départ',
      offsetDays: 'décalage',
      minContractDays: 'durée minimale',
      repeatEveryDays: 'répétition',
      withWhom: 'avec qui',
    }[field] ?? field
  }`;

export function planErrorLabels(count: number): Record<string, string> {
  const out: Record<string, string> = { steps: 'Étapes' };
  for (let i = 0; i < count; i++)
    for (const f of [
      'key',
      'anchor',
      'offsetDays',
      'minContractDays',
      'repeatEveryDays',
      'withWhom',
    ])
      out[`steps.${i}.${f}`] = stepErrorLabel(i, f);
  return out;
}

function StepFields({ i, step, errors }: { i: number; step: StepForm; errors: FieldErrors }) {
  const n = (f: string) => `steps.${i}.${f}`;
  return (
    <fieldset class="panel step">
      <legend>Étape {i + 1}</legend>
      <div class="grid grid-2">
        <TextField
          name={n('key')}
          label="Identifiant"
          value={step.key}
          error={errors[n('key')]}
          hint="En minuscules, par exemple first_week. Vide : l’étape est retirée."
        />
        <SelectField
          name={n('anchor')}
          label="Point de départ"
          options={ANCHORS.map((a) => ({ value: a, label: ANCHOR_LABELS[a] }))}
          value={step.anchor ?? 'start'}
          error={errors[n('anchor')]}
          required
        />
        <TextField
          name={n('offsetDays')}
          label="Décalage (jours)"
          inputMode="numeric"
          value={step.offsetDays}
          error={errors[n('offsetDays')]}
          hint="Négatif : avant le point de départ."
          required
        />
        <SelectField
          name={n('withWhom')}
          label="Avec qui"
          options={[...WITH_WHOM].map((w) => ({ value: w, label: WITH_WHOM_LABELS[w] ?? w }))}
          value={step.withWhom ?? 'both'}
          error={errors[n('withWhom')]}
          required
        />
        <TextField
          name={n('minContractDays')}
          label="Durée minimale du contrat (jours)"
          inputMode="numeric"
          value={step.minContractDays}
          error={errors[n('minContractDays')]}
          hint="L’étape n’est prévue que pour les contrats au moins aussi longs."
        />
        <TextField
          name={n('repeatEveryDays')}
          label="Répéter tous les (jours)"
          inputMode="numeric"
          value={step.repeatEveryDays}
          error={errors[n('repeatEveryDays')]}
          hint="7 au moins ; jusqu’à la fin du contrat."
        />
      </div>
    </fieldset>
  );
}

/** GET /admin/follow-up-plans: the current version of a contract type's plan, and its editor. */
export function PlansPage({ ctx, contractType, plan, steps, errors = {} }: PlansPageProps) {
  const typeOptions = CONTRACT_TYPES.map((t) => ({ value: t, label: CONTRACT_TYPE_LABELS[t] }));
  return (
    <Layout ctx={ctx} title="Plans de suivi">
      <ErrorSummary errors={errors} />
      <h1>Plans de suivi dans l’emploi</h1>
      <form method="get" action="/admin/follow-up-plans" class="panel" noValidate>
        <SelectField
          name="contractType"
          label="Type de contrat"
          required
          options={typeOptions}
          value={contractType}
        />
        <button type="submit" class="secondary">
          Afficher le plan
        </button>
      </form>
      <h2>
        {CONTRACT_TYPE_LABELS[contractType]} :{' '}
        {plan
          ? `version ${formatNumber(plan.version)} du ${formatDate(plan.createdAt, ctx.timeZone)}`
          : 'aucun plan'}
      </h2>
      {plan && (
        <TableWrap label={`Étapes de la version en vigueur`}>
          <table>
            <caption>Étapes de la version en vigueur</caption>
            <thead>
              <tr>
                <th scope="col">Étape</th>
                <th scope="col">Quand</th>
                <th scope="col">Avec qui</th>
                <th scope="col">Conditions</th>
              </tr>
            </thead>
            <tbody>
              {plan.steps.map((s) => (
                <tr key={s.key}>
                  <th scope="row">
                    {stepLabel(s.key)} <span class="muted">({s.key})</span>
                  </th>
                  <td>
                    {ANCHOR_LABELS[s.anchor]} {s.offsetDays >= 0 ? '+' : '−'}{' '}
                    {formatNumber(Math.abs(s.offsetDays))} j
                  </td>
                  <td>{WITH_WHOM_LABELS[s.withWhom] ?? s.withWhom}</td>
                  <td>
                    {[
                      s.minContractDays
                        ? `contrats d’au moins ${formatNumber(s.minContractDays)} jours`
                        : '',
                      s.repeatEveryDays
                        ? `répétée tous les ${formatNumber(s.repeatEveryDays)} jours`
                        : '',
                    ]
                      .filter(Boolean)
                      .join(' ; ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Enregistrer une nouvelle version</h2>
      <p class="muted">
        Les placements déjà embauchés gardent la version avec laquelle leurs suivis ont été prévus ;
        la nouvelle version s’applique aux embauches suivantes.
      </p>
      <PostForm ctx={ctx} action={`/admin/follow-up-plans/${contractType}`}>
        {errors.steps && (
          <p class="error-message" id={fieldId('steps')}>
            {errors.steps}
          </p>
        )}
        {steps.map((s, i) => (
          <StepFields key={i} i={i} step={s} errors={errors} />
        ))}
        <button type="submit">Enregistrer la nouvelle version</button>
      </PostForm>
    </Layout>
  );
}

// ---- Audit trail (admin) -------------------------------------------------------------------

const ACTION_LABELS: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
  archive: 'Archivage',
  merge: 'Fusion',
  import: 'Import',
  erase: 'Anonymisation',
};

const shown = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
};

export interface AuditPageProps {
  ctx: PageContext;
  title: string;
  backHref: string | null;
  entries: AuditEntryResponse[];
  actors: Map<string, string>;
  nextHref: string | null;
}

/** GET /admin/audit?entity=employer&entityId=…: who changed what, newest first. */
export function AuditPage({ ctx, title, backHref, entries, actors, nextHref }: AuditPageProps) {
  return (
    <Layout ctx={ctx} title={title}>
      {backHref && (
        <p>
          <a href={backHref}>Revenir à la fiche</a>
        </p>
      )}
      <h1>{title}</h1>
      {entries.length === 0 ? (
        <p>Aucune modification enregistrée.</p>
      ) : (
        <ol class="cards">
          {entries.map((e) => (
            <li key={e.id}>
              <h2 class="h3">
                {ACTION_LABELS[e.action] ?? e.action} — {formatDateTime(e.at, ctx.timeZone)}
              </h2>
              <p>
                Par {e.actorId ? (actors.get(e.actorId) ?? 'un compte supprimé') : 'le système'}
              </p>
              {e.changes.length > 0 && (
                <TableWrap label={`Champs modifiés`}>
                  <table>
                    <caption class="visually-hidden">Champs modifiés</caption>
                    <thead>
                      <tr>
                        <th scope="col">Champ</th>
                        <th scope="col">Avant</th>
                        <th scope="col">Après</th>
                      </tr>
                    </thead>
                    <tbody>
                      {e.changes.map((c) => (
                        <tr key={c.field}>
                          <th scope="row">{c.field}</th>
                          <td>{shown(c.before)}</td>
                          <td>{shown(c.after)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </li>
          ))}
        </ol>
      )}
      {nextHref && (
        <p>
          <a href={nextHref}>Modifications plus anciennes</a>
        </p>
      )}
    </Layout>
  );
}
