import { hasRole } from '../../auth/auth.decorators.js';
import type { PlacementResponse } from '../../placements/placements.dto.js';
import type { YoungPersonResponse } from '../../young-people/young-people.dto.js';
import { ErrorSummary, PostForm, TextField, type FieldErrors } from '../components/form.js';
import { formatDate } from '../format.js';
import { CONTRACT_TYPE_LABELS, OUTCOME_LABELS, PLACEMENT_STATUS_LABELS } from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { FormValues } from '../placements/placements.pages.js';

export const YOUNG_PERSON_LABELS: Record<string, string> = {
  firstName: 'Prénom',
  lastName: 'Nom',
  birthDate: 'Date de naissance',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  externalId: 'Identifiant i-milo',
  q: 'Nom ou prénom',
};

export const youngPersonName = (y: YoungPersonResponse) =>
  y.erasedAt ? 'Personne anonymisée' : `${y.firstName} ${y.lastName}`;

/** GET /young-people?q=…: search by name, then a page of results. */
export function YoungPeopleListPage({
  ctx,
  q,
  items,
  nextUrl,
  errors,
}: {
  ctx: PageContext;
  q: string;
  items: YoungPersonResponse[];
  nextUrl: string | null;
  errors: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title="Jeunes">
      <ErrorSummary errors={errors} />
      <h1>Jeunes</h1>
      <p class="actions">
        <a class="button" href="/young-people/new">
          Ajouter un jeune
        </a>
      </p>
      <form method="get" action="/young-people" role="search" class="panel">
        <TextField
          name="q"
          type="search"
          label={YOUNG_PERSON_LABELS.q!}
          required
          value={q}
          error={errors.q}
          spellcheck={false}
        />
        <button type="submit">Rechercher</button>
      </form>
      {items.length === 0 ? (
        <p>{q ? `Aucun jeune ne correspond à « ${q} ».` : 'Aucun jeune enregistré.'}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{q ? `Jeunes correspondant à « ${q} »` : 'Jeunes enregistrés'}</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Date de naissance</th>
                <th scope="col">Identifiant i-milo</th>
              </tr>
            </thead>
            <tbody>
              {items.map((y) => (
                <tr key={y.id}>
                  <td>
                    <a href={`/young-people/${y.id}`}>{youngPersonName(y)}</a>
                  </td>
                  <td>{y.birthDate ? formatDate(y.birthDate) : '—'}</td>
                  <td>{y.externalId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextUrl && (
        <p>
          <a href={nextUrl}>Jeunes suivants</a>
        </p>
      )}
    </Layout>
  );
}

/** Create (POST /young-people) or edit (POST /young-people/:id/edit) a young person. */
export function YoungPersonFormPage({
  ctx,
  person,
  values,
  errors,
}: {
  ctx: PageContext;
  /** The person edited; null when creating. */
  person: YoungPersonResponse | null;
  values: FormValues;
  errors: FieldErrors;
}) {
  const heading = person ? `Modifier ${youngPersonName(person)}` : 'Ajouter un jeune';
  const v = (name: keyof YoungPersonResponse) =>
    name in values ? values[name] : person ? person[name] : undefined;
  return (
    <Layout ctx={ctx} title={heading}>
      <ErrorSummary errors={errors} />
      <h1>{heading}</h1>
      <p class="muted">Le minimum suffit : le dossier complet du jeune reste dans i-milo.</p>
      <PostForm ctx={ctx} action={person ? `/young-people/${person.id}/edit` : '/young-people'}>
        {person && <input type="hidden" name="version" value={String(person.version)} />}
        <TextField
          name="firstName"
          label={YOUNG_PERSON_LABELS.firstName!}
          required
          autocomplete="off"
          value={v('firstName')}
          error={errors.firstName}
        />
        <TextField
          name="lastName"
          label={YOUNG_PERSON_LABELS.lastName!}
          required
          autocomplete="off"
          value={v('lastName')}
          error={errors.lastName}
        />
        <TextField
          name="birthDate"
          type="date"
          label={YOUNG_PERSON_LABELS.birthDate!}
          value={v('birthDate')}
          error={errors.birthDate}
        />
        <TextField
          name="email"
          type="email"
          label={YOUNG_PERSON_LABELS.email!}
          autocomplete="off"
          value={v('email')}
          error={errors.email}
        />
        <TextField
          name="phone"
          type="tel"
          label={YOUNG_PERSON_LABELS.phone!}
          autocomplete="off"
          value={v('phone')}
          error={errors.phone}
        />
        <TextField
          name="externalId"
          label={YOUNG_PERSON_LABELS.externalId!}
          value={v('externalId')}
          error={errors.externalId}
        />
        <button type="submit">
          {person ? 'Enregistrer les modifications' : 'Ajouter le jeune'}
        </button>
      </PostForm>
    </Layout>
  );
}

export interface PlacementRow {
  placement: PlacementResponse;
  employerName: string;
}

/** GET /young-people/:id: who, and their placements. */
export function YoungPersonPage({
  ctx,
  person,
  placements,
}: {
  ctx: PageContext;
  person: YoungPersonResponse;
  placements: PlacementRow[];
}) {
  const name = youngPersonName(person);
  return (
    <Layout ctx={ctx} title={name}>
      <h1>{name}</h1>
      <dl class="summary">
        <dt>Date de naissance</dt>
        <dd>{person.birthDate ? formatDate(person.birthDate) : 'Non renseignée'}</dd>
        <dt>Adresse e-mail</dt>
        <dd>{person.email ?? 'Non renseignée'}</dd>
        <dt>Téléphone</dt>
        <dd>{person.phone ?? 'Non renseigné'}</dd>
        <dt>Identifiant i-milo</dt>
        <dd>{person.externalId ?? 'Non renseigné'}</dd>
      </dl>
      {!person.erasedAt && (
        <p class="actions">
          <a class="button secondary" href={`/young-people/${person.id}/edit`}>
            Modifier
          </a>
          <a class="button" href={`/placements/new?youngPersonId=${person.id}`}>
            Nouvelle mise en relation
          </a>
          {ctx.user && hasRole(ctx.user, 'manager') && (
            <a class="button warning" href={`/young-people/${person.id}/erase`}>
              Anonymiser (RGPD)
            </a>
          )}
        </p>
      )}
      <h2>Mises en relation</h2>
      {placements.length === 0 ? (
        <p>Aucune mise en relation.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Mises en relation de {name}</caption>
            <thead>
              <tr>
                <th scope="col">Entreprise</th>
                <th scope="col">État</th>
                <th scope="col">Contrat</th>
                <th scope="col">Début</th>
              </tr>
            </thead>
            <tbody>
              {placements.map(({ placement: p, employerName }) => (
                <tr key={p.id}>
                  <td>
                    <a href={`/placements/${p.id}`}>{employerName}</a>{' '}
                    {p.atRisk && <span class="badge badge-danger">À risque</span>}
                  </td>
                  <td>
                    {PLACEMENT_STATUS_LABELS[p.status]}
                    {p.outcome && ` — ${OUTCOME_LABELS[p.outcome]}`}
                  </td>
                  <td>{p.contractType ? CONTRACT_TYPE_LABELS[p.contractType] : '—'}</td>
                  <td>{p.startDate ? formatDate(p.startDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
