import type { JobOfferResponse } from '../../job-offers/dto/job-offer.dto.js';
import type { OfferStatus } from '../../job-offers/job-offer.entity.js';
import {
  ChoiceGroup,
  ErrorSummary,
  PostForm,
  SelectField,
  TextArea,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { CONTRACT_TYPE_LABELS, OFFER_STATUS_LABELS, optionsOf } from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { FormValues } from '../placements/placements.pages.js';

export const JOB_OFFER_LABELS: Record<string, string> = {
  title: 'Intitulé du poste',
  romeCode: 'Code ROME',
  description: 'Description',
  contractType: 'Type de contrat',
  workingTime: 'Temps de travail',
  weeklyHours: 'Heures par semaine',
  positions: 'Nombre de postes',
  startDate: 'Date de début souhaitée',
  'location.inseeCode': 'Code INSEE de la commune du poste',
  'location.postalCode': 'Code postal du poste',
  employerId: 'Entreprise',
  status: 'État',
  to: 'Nouvel état',
};

const WORKING_TIME_LABELS: Record<string, string> = {
  full_time: 'Temps plein',
  part_time: 'Temps partiel',
};

/** The button of each transition the API allows, as an adviser says it. */
const TRANSITION_BUTTONS: Partial<Record<OfferStatus, { label: string; warning?: boolean }>> = {
  published: { label: 'Publier l’offre' },
  filled: { label: 'Marquer comme pourvue' },
  closed: { label: 'Annuler l’offre', warning: true },
};

export interface OfferRow {
  offer: JobOfferResponse;
  employerName: string;
}

/** GET /job-offers: filters (status, contract type) and a page of offers. */
export function JobOffersListPage({
  ctx,
  filters,
  rows,
  nextUrl,
  errors,
}: {
  ctx: PageContext;
  filters: FormValues;
  rows: OfferRow[];
  nextUrl: string | null;
  errors: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title="Offres d’emploi">
      <ErrorSummary errors={errors} />
      <h1>Offres d’emploi</h1>
      <p class="actions">
        <a class="button" href="/job-offers/new">
          Nouvelle offre
        </a>
      </p>
      <form method="get" action="/job-offers" class="panel">
        <div class="grid grid-2">
          <SelectField
            name="status"
            label="État"
            options={optionsOf(OFFER_STATUS_LABELS)}
            emptyLabel="Tous les états"
            value={filters.status}
            error={errors.status}
          />
          <SelectField
            name="contractType"
            label="Type de contrat"
            options={optionsOf(CONTRACT_TYPE_LABELS)}
            emptyLabel="Tous les contrats"
            value={filters.contractType}
            error={errors.contractType}
          />
        </div>
        <button type="submit">Filtrer</button>
      </form>
      {rows.length === 0 ? (
        <p>Aucune offre ne correspond.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Offres, les plus récentes d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Intitulé</th>
                <th scope="col">Entreprise</th>
                <th scope="col">Contrat</th>
                <th scope="col">État</th>
                <th scope="col" class="num">
                  Postes
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ offer: o, employerName }) => (
                <tr key={o.id}>
                  <td>
                    <a href={`/job-offers/${o.id}`}>{o.title}</a>
                  </td>
                  <td>
                    <a href={`/employers/${o.employerId}`}>{employerName}</a>
                  </td>
                  <td>{CONTRACT_TYPE_LABELS[o.contractType]}</td>
                  <td>{OFFER_STATUS_LABELS[o.status]}</td>
                  <td class="num">{formatNumber(o.positions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextUrl && (
        <p>
          <a href={nextUrl}>Offres suivantes</a>
        </p>
      )}
    </Layout>
  );
}

/** GET /job-offers/:id: the offer, its state and the transitions it allows, its public links. */
export function JobOfferPage({
  ctx,
  offer: o,
  employerName,
  transitions,
  errors,
}: {
  ctx: PageContext;
  offer: JobOfferResponse;
  employerName: string;
  transitions: readonly OfferStatus[];
  errors: FieldErrors;
}) {
  const buttons = transitions.filter((t) => TRANSITION_BUTTONS[t]);
  return (
    <Layout ctx={ctx} title={`${o.title} — offre`}>
      <ErrorSummary errors={errors} />
      <p class="muted">
        Offre de <a href={`/employers/${o.employerId}`}>{employerName}</a>
      </p>
      <h1>{o.title}</h1>
      <p>
        <span class="badge">{OFFER_STATUS_LABELS[o.status]}</span>
      </p>
      <dl class="summary">
        <dt>Contrat</dt>
        <dd>{CONTRACT_TYPE_LABELS[o.contractType]}</dd>
        <dt>Temps de travail</dt>
        <dd>
          {WORKING_TIME_LABELS[o.workingTime]}
          {o.weeklyHours !== null && `, ${formatNumber(o.weeklyHours)} heures par semaine`}
        </dd>
        <dt>Postes</dt>
        <dd>{formatNumber(o.positions)}</dd>
        <dt>Code ROME</dt>
        <dd>{o.romeCode}</dd>
        <dt>Lieu</dt>
        <dd>
          {o.location.city} ({o.location.postalCode})
        </dd>
        <dt>Début souhaité</dt>
        <dd>{o.startDate ? formatDate(o.startDate) : 'Dès que possible'}</dd>
        {o.publishedAt && (
          <>
            <dt>Publiée le</dt>
            <dd>{formatDateTime(o.publishedAt, ctx.timeZone)}</dd>
          </>
        )}
        {o.expiresAt && (
          <>
            <dt>Expire le</dt>
            <dd>{formatDateTime(o.expiresAt, ctx.timeZone)}</dd>
          </>
        )}
      </dl>
      <h2>Description</h2>
      <p class="prewrap">{o.description}</p>

      {o.status === 'published' && (
        <>
          <h2>Diffusion</h2>
          <ul>
            <li>
              <a href={`/public/job-offers/${o.id}`}>Page publique de l’offre</a>
            </li>
            <li>
              <a href={`/public/job-offers/${o.id}/affiche`}>Affiche à imprimer (avec QR code)</a>
            </li>
          </ul>
        </>
      )}

      <h2>Actions</h2>
      <p class="actions">
        {(o.status === 'draft' || o.status === 'published') && (
          <a class="button secondary" href={`/job-offers/${o.id}/edit`}>
            Modifier l’offre
          </a>
        )}
        <a
          class="button secondary"
          href={`/placements/new?employerId=${o.employerId}&jobOfferId=${o.id}`}
        >
          Proposer un jeune
        </a>
      </p>
      {buttons.map((to) => (
        <PostForm ctx={ctx} action={`/job-offers/${o.id}/transitions`} key={to} class="inline-form">
          <input type="hidden" name="to" value={to} />
          <input type="hidden" name="version" value={String(o.version)} />
          <button type="submit" class={TRANSITION_BUTTONS[to]!.warning ? 'warning' : undefined}>
            {TRANSITION_BUTTONS[to]!.label}
          </button>
        </PostForm>
      ))}
      {buttons.length === 0 && (
        <p>Cette offre est close : une nouvelle embauche demande une nouvelle offre.</p>
      )}
    </Layout>
  );
}

/** Create (POST /job-offers) or edit (POST /job-offers/:id/edit) an offer. */
export function JobOfferFormPage({
  ctx,
  employer,
  offer,
  values,
  errors,
}: {
  ctx: PageContext;
  employer: { id: string; name: string; inseeCode: string | null; postalCode: string | null };
  offer: JobOfferResponse | null;
  values: FormValues;
  errors: FieldErrors;
}) {
  const heading = offer ? `Modifier l’offre « ${offer.title} »` : 'Nouvelle offre';
  const current: Record<string, unknown> = offer
    ? {
        title: offer.title,
        romeCode: offer.romeCode,
        description: offer.description,
        contractType: offer.contractType,
        workingTime: offer.workingTime,
        weeklyHours: offer.weeklyHours === null ? '' : String(offer.weeklyHours).replace('.', ','),
        positions: offer.positions,
        startDate: offer.startDate,
        'location.inseeCode': offer.location.inseeCode,
        'location.postalCode': offer.location.postalCode,
      }
    : {
        workingTime: 'full_time',
        positions: 1,
        'location.inseeCode': employer.inseeCode,
        'location.postalCode': employer.postalCode,
      };
  const v = (name: string) => (name in values ? values[name] : current[name]);
  return (
    <Layout ctx={ctx} title={heading}>
      <ErrorSummary errors={errors} />
      <p class="muted">
        Entreprise : <a href={`/employers/${employer.id}`}>{employer.name}</a>
      </p>
      <h1>{heading}</h1>
      <PostForm ctx={ctx} action={offer ? `/job-offers/${offer.id}/edit` : '/job-offers'}>
        {offer ? (
          <input type="hidden" name="version" value={String(offer.version)} />
        ) : (
          <input type="hidden" name="employerId" value={employer.id} />
        )}
        <TextField
          name="title"
          label={JOB_OFFER_LABELS.title!}
          required
          maxLength={200}
          value={v('title')}
          error={errors.title}
        />
        <TextField
          name="romeCode"
          label={JOB_OFFER_LABELS.romeCode!}
          required
          hint="Une lettre et quatre chiffres, par exemple D1102 (boulangerie, viennoiserie)."
          value={v('romeCode')}
          error={errors.romeCode}
          spellcheck={false}
        />
        <TextArea
          name="description"
          label={JOB_OFFER_LABELS.description!}
          required
          rows={8}
          maxLength={10000}
          value={v('description')}
          error={errors.description}
        />
        <SelectField
          name="contractType"
          label={JOB_OFFER_LABELS.contractType!}
          required
          options={optionsOf(CONTRACT_TYPE_LABELS)}
          emptyLabel="Choisir un type de contrat"
          value={v('contractType')}
          error={errors.contractType}
        />
        <ChoiceGroup
          name="workingTime"
          type="radio"
          label={JOB_OFFER_LABELS.workingTime!}
          required
          options={optionsOf(WORKING_TIME_LABELS)}
          value={v('workingTime')}
          error={errors.workingTime}
        />
        <TextField
          name="weeklyHours"
          label={JOB_OFFER_LABELS.weeklyHours!}
          inputMode="decimal"
          hint="Par exemple 35 ou 24,5."
          value={v('weeklyHours')}
          error={errors.weeklyHours}
        />
        <TextField
          name="positions"
          label={JOB_OFFER_LABELS.positions!}
          required
          inputMode="numeric"
          value={v('positions')}
          error={errors.positions}
        />
        <TextField
          name="startDate"
          type="date"
          label={JOB_OFFER_LABELS.startDate!}
          value={v('startDate')}
          error={errors.startDate}
        />
        <TextField
          name="location.inseeCode"
          label={JOB_OFFER_LABELS['location.inseeCode']!}
          required
          inputMode="numeric"
          hint="Par défaut, la commune de l’entreprise. Cinq caractères, par exemple 31555 pour Toulouse."
          value={v('location.inseeCode')}
          error={errors['location.inseeCode'] ?? errors.location}
        />
        <TextField
          name="location.postalCode"
          label={JOB_OFFER_LABELS['location.postalCode']!}
          inputMode="numeric"
          value={v('location.postalCode')}
          error={errors['location.postalCode']}
        />
        <button type="submit">
          {offer ? 'Enregistrer les modifications' : 'Créer l’offre (brouillon)'}
        </button>
      </PostForm>
    </Layout>
  );
}

/** GET /job-offers/new without an employer: find the employer first (results are links). */
export function ChooseEmployerPage({
  ctx,
  q,
  results,
}: {
  ctx: PageContext;
  q: string;
  results: { id: string; name: string; city: string | null }[];
}) {
  return (
    <Layout ctx={ctx} title="Nouvelle offre">
      <h1>Nouvelle offre</h1>
      <form method="get" action="/job-offers/new" role="search">
        <TextField
          name="employerQuery"
          type="search"
          label="Rechercher l’entreprise"
          required
          hint="Nom ou SIRET."
          value={q}
        />
        <button type="submit">Rechercher</button>
      </form>
      {q &&
        (results.length ? (
          <ul>
            {results.map((e) => (
              <li key={e.id}>
                <a href={`/job-offers/new?employerId=${e.id}`}>
                  Choisir {e.name}
                  {e.city ? ` (${e.city})` : ''}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune entreprise ne correspond.</p>
        ))}
    </Layout>
  );
}
