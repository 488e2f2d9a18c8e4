import type { FollowUpResponse } from '../../follow-ups/follow-ups.dto.js';
import type { PlacementStatus } from '../../placements/placement.entity.js';
import type { PlacementWithFollowUps } from '../../placements/placements.dto.js';
import type { HirePreview } from '../../placements/placements.service.js';
import {
  ChoiceGroup,
  ErrorSummary,
  PostForm,
  SelectField,
  TextArea,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate, formatNumber } from '../format.js';
import {
  CHANNEL_LABELS,
  CONTRACT_TYPE_LABELS,
  FOLLOW_UP_STATUS_LABELS,
  optionsOf,
  OUTCOME_LABELS,
  PLACEMENT_STATUS_LABELS,
  RISK_LABELS,
  RUPTURE_INITIATIVE_LABELS,
  stepLabel,
  WITH_WHOM_CHOICES,
} from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

/** A placement with the names a person reads instead of ids. */
export interface PlacementView {
  placement: PlacementWithFollowUps;
  youngPerson: { id: string; name: string };
  employer: { id: string; name: string };
  jobOffer: { id: string; title: string } | null;
  event: { id: string; title: string } | null;
}

/** The text fields of a form as typed, to show them again beside their errors. */
export type FormValues = Record<string, unknown>;

// French labels of the fields, shared by the pages and the error messages of the controllers.
export const HIRE_LABELS: Record<string, string> = {
  contractType: 'Type de contrat',
  startDate: 'Date de début du contrat',
  endDate: 'Date de fin du contrat',
  weeklyHours: 'Heures par semaine',
  trialPeriodEndDate: 'Fin de la période d’essai',
};
export const RUPTURE_LABELS: Record<string, string> = {
  date: 'Date de la rupture',
  initiative: 'À l’initiative de',
  reason: 'Motif',
};
export const COMPLETE_LABELS: Record<string, string> = { completedOn: 'Date de fin effective' };
export const AD_HOC_LABELS: Record<string, string> = {
  dueDate: 'Date prévue',
  withWhom: 'Avec qui',
  channel: 'Moyen',
};

// The moves a placement may make before a hire (the API's PATCH status), as buttons.
const STATUS_MOVES: Record<'proposed' | 'interview', PlacementStatus[]> = {
  proposed: ['interview', 'declined', 'withdrawn'],
  interview: ['declined', 'withdrawn'],
};
const STATUS_BUTTONS: Partial<Record<PlacementStatus, string>> = {
  interview: 'Entretien prévu',
  declined: 'Marquer comme refusée',
  withdrawn: 'Marquer comme abandonnée',
};

const title = (v: PlacementView) => `${v.youngPerson.name} chez ${v.employer.name}`;

function RiskBadge({ atRisk }: { atRisk: boolean }) {
  return atRisk ? <span class="badge badge-danger">À risque</span> : null;
}

/** The heading lines every placement page starts with: who, where, and the way back. */
function PlacementHeader({ view, heading }: { view: PlacementView; heading: string }) {
  return (
    <>
      <p class="muted">
        <a href={`/placements/${view.placement.id}`}>
          Mise en relation de {view.youngPerson.name} chez {view.employer.name}
        </a>
      </p>
      <h1>{heading}</h1>
    </>
  );
}

export function FollowUpsTable({
  followUps,
  caption,
  actions,
}: {
  followUps: FollowUpResponse[];
  caption: string;
  actions: boolean;
}) {
  if (!followUps.length) return <p>Aucun suivi pour l’instant.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date prévue</th>
            <th scope="col">Étape</th>
            <th scope="col">Avec qui</th>
            <th scope="col">État</th>
            <th scope="col">Risque</th>
            {actions && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {followUps.map((f) => (
            <tr key={f.id}>
              <td>{formatDate(f.dueDate)}</td>
              <td>{stepLabel(f.stepKey)}</td>
              <td>{WITH_WHOM_CHOICES[f.withWhom]}</td>
              <td>
                {FOLLOW_UP_STATUS_LABELS[f.status]}
                {f.doneOn && ` le ${formatDate(f.doneOn)}`}
                {f.channel && f.status === 'done' && ` (${CHANNEL_LABELS[f.channel]})`}
              </td>
              <td>{f.risk ? RISK_LABELS[f.risk] : '—'}</td>
              {actions && (
                <td>
                  {f.status === 'planned' && (
                    <span class="actions-inline">
                      <a href={`/follow-ups/${f.id}/complete`}>
                        Enregistrer le suivi
                        <span class="visually-hidden"> du {formatDate(f.dueDate)}</span>
                      </a>{' '}
                      <a href={`/follow-ups/${f.id}/reschedule`}>
                        Reporter
                        <span class="visually-hidden"> le suivi du {formatDate(f.dueDate)}</span>
                      </a>
                    </span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** GET /placements/:id: the placement, its contract, its follow-ups and what can be done next. */
export function PlacementPage({
  ctx,
  view,
  adHoc,
  errors,
}: {
  ctx: PageContext;
  view: PlacementView;
  adHoc?: { values: FormValues; errors: FieldErrors };
  /** A change of state refused (say, by someone else's change meanwhile). */
  errors?: FieldErrors;
}) {
  const p = view.placement;
  const ongoing = p.status === 'hired' && p.outcome === 'ongoing';
  return (
    <Layout ctx={ctx} title={`Mise en relation — ${title(view)}`}>
      <ErrorSummary errors={{ ...errors, ...adHoc?.errors }} />
      <h1>
        Mise en relation : {view.youngPerson.name} chez {view.employer.name}
      </h1>
      <p>
        <span class="badge">{PLACEMENT_STATUS_LABELS[p.status]}</span>{' '}
        {p.outcome && <span class="badge">{OUTCOME_LABELS[p.outcome]}</span>}{' '}
        <RiskBadge atRisk={p.atRisk} />
      </p>
      <dl class="summary">
        <dt>Jeune</dt>
        <dd>
          <a href={`/young-people/${view.youngPerson.id}`}>{view.youngPerson.name}</a>
        </dd>
        <dt>Entreprise</dt>
        <dd>
          <a href={`/employers/${view.employer.id}`}>{view.employer.name}</a>
        </dd>
        {view.jobOffer && (
          <>
            <dt>Offre</dt>
            <dd>
              <a href={`/job-offers/${view.jobOffer.id}`}>{view.jobOffer.title}</a>
            </dd>
          </>
        )}
        {view.event && (
          <>
            <dt>Événement</dt>
            <dd>
              <a href={`/events/${view.event.id}`}>{view.event.title}</a>
            </dd>
          </>
        )}
        {p.contractType && (
          <>
            <dt>Contrat</dt>
            <dd>{CONTRACT_TYPE_LABELS[p.contractType]}</dd>
            <dt>Début</dt>
            <dd>{formatDate(p.startDate!)}</dd>
            <dt>Fin</dt>
            <dd>{p.endDate ? formatDate(p.endDate) : 'Sans date de fin'}</dd>
            <dt>Fin de la période d’essai</dt>
            <dd>
              {p.trialPeriodEndDate ? formatDate(p.trialPeriodEndDate) : 'Pas de période d’essai'}
            </dd>
            <dt>Heures par semaine</dt>
            <dd>{p.weeklyHours === null ? 'Non renseignées' : formatNumber(p.weeklyHours)}</dd>
          </>
        )}
        {p.rupture && (
          <>
            <dt>Rupture</dt>
            <dd>
              le {formatDate(p.rupture.date)}, à l’initiative de :{' '}
              {RUPTURE_INITIATIVE_LABELS[p.rupture.initiative]?.toLowerCase()}
              {p.rupture.inTrialPeriod ? ', pendant la période d’essai' : ''}. Motif :{' '}
              {p.rupture.reason}
            </dd>
          </>
        )}
        {p.completedOn && (
          <>
            <dt>Terminé le</dt>
            <dd>{formatDate(p.completedOn)}</dd>
          </>
        )}
      </dl>

      {(p.status === 'proposed' || p.status === 'interview') && (
        <div class="actions">
          <a class="button" href={`/placements/${p.id}/hire`}>
            Embaucher
          </a>
          {STATUS_MOVES[p.status].map((to) => (
            <PostForm ctx={ctx} action={`/placements/${p.id}/status`} key={to} class="inline-form">
              <input type="hidden" name="status" value={to} />
              <input type="hidden" name="version" value={String(p.version)} />
              <button type="submit" class="secondary">
                {STATUS_BUTTONS[to]}
              </button>
            </PostForm>
          ))}
        </div>
      )}
      {ongoing && (
        <p class="actions">
          <a class="button secondary" href={`/placements/${p.id}/complete`}>
            Terminer le contrat
          </a>
          <a class="button secondary" href={`/placements/${p.id}/rupture`}>
            Déclarer une rupture
          </a>
        </p>
      )}

      {p.status === 'hired' && (
        <>
          <h2>Suivis</h2>
          <FollowUpsTable
            followUps={p.followUps}
            caption="Suivis dans l’emploi"
            actions={ongoing}
          />
          {ongoing && (
            <PostForm ctx={ctx} action={`/placements/${p.id}/follow-ups`} class="panel">
              <h3>Ajouter un suivi ponctuel</h3>
              <TextField
                name="dueDate"
                type="date"
                label={AD_HOC_LABELS.dueDate!}
                required
                value={adHoc?.values.dueDate}
                error={adHoc?.errors.dueDate}
              />
              <SelectField
                name="withWhom"
                label={AD_HOC_LABELS.withWhom!}
                required
                options={optionsOf(WITH_WHOM_CHOICES)}
                value={adHoc?.values.withWhom ?? 'both'}
                error={adHoc?.errors.withWhom}
              />
              <SelectField
                name="channel"
                label={AD_HOC_LABELS.channel!}
                options={optionsOf(CHANNEL_LABELS)}
                emptyLabel="Pas encore décidé"
                value={adHoc?.values.channel}
                error={adHoc?.errors.channel}
              />
              <button type="submit">Ajouter le suivi</button>
            </PostForm>
          )}
        </>
      )}
    </Layout>
  );
}

/**
 * GET /placements/:id/hire and its "Vérifier" step: the contract form, then, once checked, the
 * trial period end and the follow-ups the plan will generate, and the button that confirms.
 * Without JavaScript the two steps are two form posts; nothing is written before the second.
 */
export function HirePage({
  ctx,
  view,
  values,
  errors,
  preview,
}: {
  ctx: PageContext;
  view: PlacementView;
  values: FormValues;
  errors: FieldErrors;
  preview: HirePreview | null;
}) {
  const id = view.placement.id;
  return (
    <Layout ctx={ctx} title={`Embauche — ${title(view)}`}>
      <ErrorSummary errors={errors} />
      <PlacementHeader view={view} heading="Embauche" />
      <PostForm ctx={ctx} action={`/placements/${id}/hire/preview`}>
        <SelectField
          name="contractType"
          label={HIRE_LABELS.contractType!}
          required
          options={optionsOf(CONTRACT_TYPE_LABELS)}
          emptyLabel="Choisir un type de contrat"
          value={values.contractType}
          error={errors.contractType}
        />
        <TextField
          name="startDate"
          type="date"
          label={HIRE_LABELS.startDate!}
          required
          value={values.startDate}
          error={errors.startDate}
        />
        <TextField
          name="endDate"
          type="date"
          label={HIRE_LABELS.endDate!}
          hint="Obligatoire pour un contrat à durée déterminée (CDD, apprentissage, intérim…)."
          value={values.endDate}
          error={errors.endDate}
        />
        <TextField
          name="weeklyHours"
          label={HIRE_LABELS.weeklyHours!}
          inputMode="decimal"
          hint="Par exemple 35 ou 17,5."
          value={values.weeklyHours}
          error={errors.weeklyHours}
        />
        <TextField
          name="trialPeriodEndDate"
          type="date"
          label={HIRE_LABELS.trialPeriodEndDate!}
          hint="Laissez vide pour la durée prévue par le type de contrat."
          value={values.trialPeriodEndDate}
          error={errors.trialPeriodEndDate}
        />
        <button type="submit" class={preview ? 'secondary' : undefined}>
          {preview ? 'Vérifier à nouveau' : 'Vérifier'}
        </button>
      </PostForm>

      {preview && (
        <section aria-labelledby="preview-title" class="panel" id="apercu">
          <h2 id="preview-title">Ce qui sera enregistré</h2>
          <dl class="summary">
            <dt>Contrat</dt>
            <dd>{CONTRACT_TYPE_LABELS[preview.contractType]}</dd>
            <dt>Du</dt>
            <dd>{formatDate(preview.startDate)}</dd>
            <dt>Au</dt>
            <dd>{preview.endDate ? formatDate(preview.endDate) : 'Sans date de fin'}</dd>
            <dt>Fin de la période d’essai</dt>
            <dd>
              {preview.trialPeriodEndDate
                ? formatDate(preview.trialPeriodEndDate)
                : 'Pas de période d’essai'}
            </dd>
          </dl>
          {preview.followUps.length ? (
            <div class="table-wrap">
              <table>
                <caption>
                  Suivis qui seront programmés (plan de suivi{' '}
                  {CONTRACT_TYPE_LABELS[preview.contractType]}, version {preview.planVersion})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Étape</th>
                    <th scope="col">Avec qui</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.followUps.map((s) => (
                    <tr key={s.key}>
                      <td>{formatDate(s.dueDate)}</td>
                      <td>{stepLabel(s.key)}</td>
                      <td>{WITH_WHOM_CHOICES[s.withWhom]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Le plan de suivi ne prévoit aucun suivi pour ces dates.</p>
          )}
          <PostForm ctx={ctx} action={`/placements/${id}/hire`}>
            <input type="hidden" name="contractType" value={preview.contractType} />
            <input type="hidden" name="startDate" value={preview.startDate} />
            {values.endDate !== undefined && values.endDate !== '' && (
              <input type="hidden" name="endDate" value={String(values.endDate)} />
            )}
            {values.weeklyHours !== undefined && values.weeklyHours !== '' && (
              <input type="hidden" name="weeklyHours" value={String(values.weeklyHours)} />
            )}
            {values.trialPeriodEndDate !== undefined && values.trialPeriodEndDate !== '' && (
              <input
                type="hidden"
                name="trialPeriodEndDate"
                value={String(values.trialPeriodEndDate)}
              />
            )}
            <button type="submit">Confirmer l’embauche</button>
          </PostForm>
        </section>
      )}
    </Layout>
  );
}

/** GET /placements/:id/rupture: date, initiative, reason. */
export function RupturePage({
  ctx,
  view,
  values,
  errors,
}: {
  ctx: PageContext;
  view: PlacementView;
  values: FormValues;
  errors: FieldErrors;
}) {
  const p = view.placement;
  return (
    <Layout ctx={ctx} title={`Rupture — ${title(view)}`}>
      <ErrorSummary errors={errors} />
      <PlacementHeader view={view} heading="Déclarer une rupture du contrat" />
      <p>
        Les suivis encore prévus seront annulés et un bilan avec le jeune sera programmé trois jours
        ouvrés après la rupture.
        {p.trialPeriodEndDate &&
          ` La période d’essai se termine le ${formatDate(p.trialPeriodEndDate)}.`}
      </p>
      <PostForm ctx={ctx} action={`/placements/${p.id}/rupture`}>
        <TextField
          name="date"
          type="date"
          label={RUPTURE_LABELS.date!}
          required
          value={values.date}
          error={errors.date}
        />
        <ChoiceGroup
          name="initiative"
          type="radio"
          label={RUPTURE_LABELS.initiative!}
          required
          options={optionsOf(RUPTURE_INITIATIVE_LABELS)}
          value={values.initiative}
          error={errors.initiative}
        />
        <TextArea
          name="reason"
          label={RUPTURE_LABELS.reason!}
          required
          maxLength={2000}
          value={values.reason}
          error={errors.reason}
        />
        <button type="submit" class="warning">
          Enregistrer la rupture
        </button>
      </PostForm>
    </Layout>
  );
}

/** GET /placements/:id/complete: the contract went to its end. */
export function CompletePlacementPage({
  ctx,
  view,
  values,
  errors,
}: {
  ctx: PageContext;
  view: PlacementView;
  values: FormValues;
  errors: FieldErrors;
}) {
  const p = view.placement;
  return (
    <Layout ctx={ctx} title={`Fin du contrat — ${title(view)}`}>
      <ErrorSummary errors={errors} />
      <PlacementHeader view={view} heading="Terminer le contrat" />
      <p>Les suivis encore prévus seront annulés.</p>
      <PostForm ctx={ctx} action={`/placements/${p.id}/complete`}>
        <TextField
          name="completedOn"
          type="date"
          label={COMPLETE_LABELS.completedOn!}
          hint={
            p.endDate
              ? `Laissez vide pour la fin prévue (${formatDate(p.endDate)}) si elle est passée, sinon aujourd’hui.`
              : 'Laissez vide pour aujourd’hui.'
          }
          value={values.completedOn}
          error={errors.completedOn}
        />
        <button type="submit">Enregistrer la fin du contrat</button>
      </PostForm>
    </Layout>
  );
}

export const NEW_PLACEMENT_LABELS: Record<string, string> = {
  youngPersonId: 'Jeune',
  employerId: 'Entreprise',
  jobOfferId: 'Offre',
  eventId: 'Événement',
  status: 'État',
  youngPersonQuery: 'Rechercher un jeune',
  employerQuery: 'Rechercher une entreprise',
};

/** What the new-placement page knows: each side chosen, or the results of its search. */
export interface NewPlacementState {
  youngPerson: { id: string; name: string } | null;
  employer: { id: string; name: string } | null;
  event: { id: string; title: string } | null;
  jobOfferId: string | null;
  youngPersonQuery: string;
  employerQuery: string;
  youngPersonResults: { id: string; name: string }[];
  employerResults: { id: string; name: string; city: string | null }[];
  /** The employer's open offers, to link the placement to one. */
  offers: { id: string; title: string }[];
}

/** The URL of the page with one more thing chosen (no JavaScript: choices are links). */
function withParam(s: NewPlacementState, name: string, value: string): string {
  const params = new URLSearchParams();
  if (s.youngPerson) params.set('youngPersonId', s.youngPerson.id);
  if (s.employer) params.set('employerId', s.employer.id);
  if (s.event) params.set('eventId', s.event.id);
  if (s.jobOfferId) params.set('jobOfferId', s.jobOfferId);
  params.set(name, value);
  return `/placements/new?${params.toString()}`;
}

function KeepChosen({ s, except }: { s: NewPlacementState; except: string }) {
  return (
    <>
      {s.youngPerson && except !== 'youngPersonId' && (
        <input type="hidden" name="youngPersonId" value={s.youngPerson.id} />
      )}
      {s.employer && except !== 'employerId' && (
        <input type="hidden" name="employerId" value={s.employer.id} />
      )}
      {s.event && <input type="hidden" name="eventId" value={s.event.id} />}
      {s.jobOfferId && <input type="hidden" name="jobOfferId" value={s.jobOfferId} />}
    </>
  );
}

/**
 * GET /placements/new: choose the young person and the employer (each by a search whose results
 * are links), optionally an offer; then POST /placements creates the placement.
 */
export function NewPlacementPage({
  ctx,
  state: s,
  values,
  errors,
}: {
  ctx: PageContext;
  state: NewPlacementState;
  values: FormValues;
  errors: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title="Nouvelle mise en relation">
      <ErrorSummary errors={errors} />
      <h1>Nouvelle mise en relation</h1>
      {s.event && (
        <p>
          Issue de l’événement <a href={`/events/${s.event.id}`}>{s.event.title}</a>.
        </p>
      )}
      <h2>Jeune</h2>
      {s.youngPerson ? (
        <p>
          {s.youngPerson.name}{' '}
          <a
            href={`/placements/new?${new URLSearchParams(s.employer ? { employerId: s.employer.id } : {}).toString()}`}
          >
            Changer<span class="visually-hidden"> de jeune</span>
          </a>
        </p>
      ) : (
        <>
          <form method="get" action="/placements/new" role="search">
            <KeepChosen s={s} except="youngPersonId" />
            <TextField
              name="youngPersonQuery"
              type="search"
              label={NEW_PLACEMENT_LABELS.youngPersonQuery!}
              required
              hint="Nom ou prénom."
              value={s.youngPersonQuery}
              error={errors.youngPersonId}
            />
            <button type="submit" class="secondary">
              Rechercher le jeune
            </button>
          </form>
          {s.youngPersonQuery &&
            (s.youngPersonResults.length ? (
              <ul>
                {s.youngPersonResults.map((y) => (
                  <li key={y.id}>
                    <a href={withParam(s, 'youngPersonId', y.id)}>Choisir {y.name}</a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>
                Aucun jeune ne correspond. <a href="/young-people/new">Ajouter un jeune</a>
              </p>
            ))}
        </>
      )}
      <h2>Entreprise</h2>
      {s.employer ? (
        <p>
          {s.employer.name}{' '}
          <a
            href={`/placements/new?${new URLSearchParams(s.youngPerson ? { youngPersonId: s.youngPerson.id } : {}).toString()}`}
          >
            Changer<span class="visually-hidden"> d’entreprise</span>
          </a>
        </p>
      ) : (
        <>
          <form method="get" action="/placements/new" role="search">
            <KeepChosen s={s} except="employerId" />
            <TextField
              name="employerQuery"
              type="search"
              label={NEW_PLACEMENT_LABELS.employerQuery!}
              required
              hint="Nom ou SIRET."
              value={s.employerQuery}
              error={errors.employerId}
            />
            <button type="submit" class="secondary">
              Rechercher l’entreprise
            </button>
          </form>
          {s.employerQuery &&
            (s.employerResults.length ? (
              <ul>
                {s.employerResults.map((e) => (
                  <li key={e.id}>
                    <a href={withParam(s, 'employerId', e.id)}>
                      Choisir {e.name}
                      {e.city ? ` (${e.city})` : ''}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>Aucune entreprise ne correspond.</p>
            ))}
        </>
      )}
      {s.youngPerson && s.employer && (
        <PostForm ctx={ctx} action="/placements" class="panel">
          <input type="hidden" name="youngPersonId" value={s.youngPerson.id} />
          <input type="hidden" name="employerId" value={s.employer.id} />
          {s.event && <input type="hidden" name="eventId" value={s.event.id} />}
          {s.offers.length > 0 && (
            <SelectField
              name="jobOfferId"
              label={NEW_PLACEMENT_LABELS.jobOfferId!}
              options={s.offers.map((o) => ({ value: o.id, label: o.title }))}
              emptyLabel="Sans offre"
              value={values.jobOfferId ?? s.jobOfferId}
              error={errors.jobOfferId}
            />
          )}
          <ChoiceGroup
            name="status"
            type="radio"
            label={NEW_PLACEMENT_LABELS.status!}
            required
            options={[
              { value: 'proposed', label: PLACEMENT_STATUS_LABELS.proposed! },
              { value: 'interview', label: 'Entretien prévu' },
            ]}
            value={values.status ?? 'proposed'}
            error={errors.status}
          />
          <button type="submit">Créer la mise en relation</button>
        </PostForm>
      )}
    </Layout>
  );
}
