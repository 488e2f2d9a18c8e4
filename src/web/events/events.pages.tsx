import type { EventDetailResponse, EventResponse } from '../../events/events.dto.js';
import {
  ChoiceGroup,
  ErrorSummary,
  PostForm,
  SelectField,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate, formatDateTime, formatNumber, plural } from '../format.js';
import {
  ATTENDANCE_LABELS,
  CONTRACT_TYPE_LABELS,
  EVENT_TYPE_LABELS,
  OFFER_STATUS_LABELS,
  OUTCOME_LABELS,
  optionsOf,
  PLACEMENT_STATUS_LABELS,
} from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { FormValues } from '../placements/placements.pages.js';

export const EVENT_LABELS: Record<string, string> = {
  title: 'Titre',
  type: 'Type',
  startsAt: 'Date et heure',
  'place.label': 'Lieu',
  'place.inseeCode': 'Code INSEE de la commune',
  capacity: 'Places pour les jeunes',
  version: 'Version',
  employers: 'Entreprise',
  'employers.0.employerId': 'Entreprise',
  'employers.0.jobOfferIds': 'Offres présentées',
  youngPeople: 'Jeune',
  'youngPeople.0.youngPersonId': 'Jeune',
  'youngPeople.0.attendance': 'Présence',
  from: 'Du',
  to: 'Au',
};

function Place({ e }: { e: EventResponse }) {
  if (!e.place) return <>—</>;
  return <>{[e.place.label, e.place.city].filter(Boolean).join(', ') || '—'}</>;
}

/** GET /events: upcoming first, then a link to the past ones. */
export function EventsListPage({
  ctx,
  events,
  past,
  nextUrl,
}: {
  ctx: PageContext;
  events: EventResponse[];
  past: boolean;
  nextUrl: string | null;
}) {
  const heading = past ? 'Événements passés' : 'Événements à venir';
  return (
    <Layout ctx={ctx} title="Événements">
      <h1>Événements et job datings</h1>
      <p class="actions">
        <a class="button" href="/events/new">
          Nouvel événement
        </a>
        <a href={past ? '/events' : '/events?passes=1'}>
          {past ? 'Voir les événements à venir' : 'Voir les événements passés'}
        </a>
      </p>
      <h2>{heading}</h2>
      {events.length === 0 ? (
        <p>Aucun événement.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{heading}</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Titre</th>
                <th scope="col">Type</th>
                <th scope="col">Lieu</th>
                <th scope="col" class="num">
                  Entreprises
                </th>
                <th scope="col" class="num">
                  Jeunes
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.startsAt, ctx.timeZone)}</td>
                  <td>
                    <a href={`/events/${e.id}`}>{e.title}</a>
                  </td>
                  <td>{EVENT_TYPE_LABELS[e.type]}</td>
                  <td>
                    <Place e={e} />
                  </td>
                  <td class="num">{formatNumber(e.employers.length)}</td>
                  <td class="num">{formatNumber(e.youngPeople.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextUrl && (
        <p>
          <a href={nextUrl}>Événements suivants</a>
        </p>
      )}
    </Layout>
  );
}

/** GET /events/new: title, type, date and time, place, capacity. */
export function EventFormPage({
  ctx,
  values,
  errors,
  event,
}: {
  ctx: PageContext;
  values: FormValues;
  errors: FieldErrors;
  /** The event being edited (the form then posts to its edit URL with its version). */
  event?: { id: string; title: string };
}) {
  const title = event ? 'Modifier l’événement' : 'Nouvel événement';
  return (
    <Layout ctx={ctx} title={event ? `${title} — ${event.title}` : title}>
      <ErrorSummary errors={errors} />
      {event && (
        <p class="muted">
          <a href={`/events/${event.id}`}>Retour à {event.title}</a>
        </p>
      )}
      <h1>{title}</h1>
      <PostForm ctx={ctx} action={event ? `/events/${event.id}/edit` : '/events'}>
        {event && <input type="hidden" name="version" value={String(values.version ?? '')} />}
        <TextField
          name="title"
          label={EVENT_LABELS.title!}
          required
          maxLength={200}
          value={values.title}
          error={errors.title}
        />
        <SelectField
          name="type"
          label={EVENT_LABELS.type!}
          required
          options={optionsOf(EVENT_TYPE_LABELS)}
          value={values.type ?? 'job_dating'}
          error={errors.type}
        />
        <TextField
          name="startsAt"
          type="datetime-local"
          label={EVENT_LABELS.startsAt!}
          required
          hint="Heure de Paris."
          value={values.startsAt}
          error={errors.startsAt}
        />
        <TextField
          name="place.label"
          label={EVENT_LABELS['place.label']!}
          hint="Par exemple : Mission Locale, salle 2."
          value={values['place.label']}
          error={errors['place.label']}
        />
        <TextField
          name="place.inseeCode"
          label={EVENT_LABELS['place.inseeCode']!}
          inputMode="numeric"
          hint="Cinq caractères, par exemple 31555 pour Toulouse."
          value={values['place.inseeCode']}
          error={errors['place.inseeCode']}
        />
        <TextField
          name="capacity"
          label={EVENT_LABELS.capacity!}
          inputMode="numeric"
          value={values.capacity}
          error={errors.capacity}
        />
        <button type="submit">
          {event ? 'Enregistrer les modifications' : 'Créer l’événement'}
        </button>
      </PostForm>
    </Layout>
  );
}

export interface EventPageSearch {
  employerQuery: string;
  employerResults: { id: string; name: string; city: string | null }[];
  youngPersonQuery: string;
  youngPersonResults: { id: string; name: string }[];
  /** Each participating employer's offers that can still be presented. */
  openOffers: Record<string, { id: string; title: string }[]>;
}

/**
 * GET /events/:id: participating employers with their offers, young people with their
 * attendance, and the placements that came of the event; forms to add and record each.
 */
export function EventPage({
  ctx,
  event: e,
  search,
  started,
  errors,
}: {
  ctx: PageContext;
  event: EventDetailResponse;
  search: EventPageSearch;
  /** Whether the event has begun: attendance is recorded from then on. */
  started: boolean;
  errors: FieldErrors;
}) {
  const names = new Map(
    e.youngPeople.map((y) => [y.youngPersonId, `${y.firstName} ${y.lastName}`]),
  );
  const employers = new Map(e.employers.map((x) => [x.employerId, x.name]));
  return (
    <Layout ctx={ctx} title={`${e.title} — événement`}>
      <ErrorSummary errors={errors} />
      <p class="muted">
        <a href="/events">Événements</a>
      </p>
      <h1>{e.title}</h1>
      <p class="actions">
        <a class="button secondary" href={`/events/${e.id}/edit`}>
          Modifier l’événement
        </a>
      </p>
      <dl class="summary">
        <dt>Type</dt>
        <dd>{EVENT_TYPE_LABELS[e.type]}</dd>
        <dt>Date</dt>
        <dd>{formatDateTime(e.startsAt, ctx.timeZone)}</dd>
        <dt>Lieu</dt>
        <dd>
          <Place e={e} />
        </dd>
        <dt>Places pour les jeunes</dt>
        <dd>{e.capacity === null ? 'Sans limite' : formatNumber(e.capacity)}</dd>
        <dt>Présence</dt>
        <dd>
          {plural(e.attendance.registered, 'inscrit', 'inscrits')},{' '}
          {plural(e.attendance.attended, 'présent', 'présents')},{' '}
          {plural(e.attendance.absent, 'absent', 'absents')}
        </dd>
      </dl>

      <h2>Entreprises participantes</h2>
      {e.employers.length === 0 ? (
        <p>Aucune entreprise pour l’instant.</p>
      ) : (
        <ul class="cards">
          {e.employers.map((x) => {
            const open = search.openOffers[x.employerId] ?? [];
            return (
              <li key={x.employerId}>
                <h3>
                  <a href={`/employers/${x.employerId}`}>{x.name}</a>
                </h3>
                {x.jobOffers.length ? (
                  <ul>
                    {x.jobOffers.map((o) => (
                      <li key={o.id}>
                        <a href={`/job-offers/${o.id}`}>{o.title}</a> —{' '}
                        {CONTRACT_TYPE_LABELS[o.contractType] ?? o.contractType},{' '}
                        {formatNumber(o.positions)} poste{o.positions > 1 ? 's' : ''} (
                        {(OFFER_STATUS_LABELS[o.status] ?? o.status).toLowerCase()})
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Aucune offre présentée.</p>
                )}
                {open.length > 0 && (
                  <PostForm ctx={ctx} action={`/events/${e.id}/employers`}>
                    <input type="hidden" name="employerId" value={x.employerId} />
                    <ChoiceGroup
                      name="jobOfferIds"
                      type="checkbox"
                      label={`Offres de ${x.name} présentées`}
                      options={open.map((o) => ({ value: o.id, label: o.title }))}
                      value={x.jobOfferIds}
                    />
                    <button type="submit" class="secondary">
                      Enregistrer les offres<span class="visually-hidden"> de {x.name}</span>
                    </button>
                  </PostForm>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form method="get" action={`/events/${e.id}`} role="search" class="panel">
        <TextField
          name="employerQuery"
          type="search"
          label="Ajouter une entreprise : rechercher"
          required
          hint="Nom ou SIRET."
          value={search.employerQuery}
          error={errors.employers ?? errors['employers.0.employerId']}
        />
        <button type="submit" class="secondary">
          Rechercher l’entreprise
        </button>
      </form>
      {search.employerQuery &&
        (search.employerResults.length ? (
          <ul class="cards">
            {search.employerResults.map((r) => (
              <li key={r.id}>
                <PostForm ctx={ctx} action={`/events/${e.id}/employers`}>
                  <input type="hidden" name="employerId" value={r.id} />
                  {r.name}
                  {r.city ? ` (${r.city})` : ''}{' '}
                  <button type="submit" class="secondary">
                    Ajouter<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune entreprise ne correspond.</p>
        ))}

      <h2>Jeunes</h2>
      {e.youngPeople.length === 0 ? (
        <p>Aucun jeune inscrit pour l’instant.</p>
      ) : (
        <ul class="cards">
          {e.youngPeople.map((y) => {
            const name = `${y.firstName} ${y.lastName}`;
            return (
              <li key={y.youngPersonId}>
                <h3>
                  <a href={`/young-people/${y.youngPersonId}`}>{name}</a>
                </h3>
                <p>{ATTENDANCE_LABELS[y.attendance]}</p>
                {started && (
                  <PostForm ctx={ctx} action={`/events/${e.id}/young-people`}>
                    <input type="hidden" name="youngPersonId" value={y.youngPersonId} />
                    <ChoiceGroup
                      name="attendance"
                      type="radio"
                      label={`Présence de ${name}`}
                      required
                      options={optionsOf(ATTENDANCE_LABELS)}
                      value={y.attendance}
                    />
                    <button type="submit" class="secondary">
                      Enregistrer la présence<span class="visually-hidden"> de {name}</span>
                    </button>
                  </PostForm>
                )}
                <p>
                  <a href={`/placements/new?eventId=${e.id}&youngPersonId=${y.youngPersonId}`}>
                    Mettre en relation<span class="visually-hidden"> {name}</span> avec une
                    entreprise
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <form method="get" action={`/events/${e.id}`} role="search" class="panel">
        <TextField
          name="youngPersonQuery"
          type="search"
          label="Inscrire un jeune : rechercher"
          required
          hint="Nom ou prénom."
          value={search.youngPersonQuery}
          error={errors.youngPeople ?? errors['youngPeople.0.youngPersonId']}
        />
        <button type="submit" class="secondary">
          Rechercher le jeune
        </button>
      </form>
      {search.youngPersonQuery &&
        (search.youngPersonResults.length ? (
          <ul class="cards">
            {search.youngPersonResults.map((r) => (
              <li key={r.id}>
                <PostForm ctx={ctx} action={`/events/${e.id}/young-people`}>
                  <input type="hidden" name="youngPersonId" value={r.id} />
                  {r.name}{' '}
                  <button type="submit" class="secondary">
                    Inscrire<span class="visually-hidden"> {r.name}</span>
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun jeune ne correspond.</p>
        ))}

      <h2>Mises en relation issues de l’événement</h2>
      {e.placements.length === 0 ? (
        <p>Aucune pour l’instant.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Mises en relation issues de l’événement</caption>
            <thead>
              <tr>
                <th scope="col">Jeune</th>
                <th scope="col">Entreprise</th>
                <th scope="col">État</th>
                <th scope="col">Début</th>
              </tr>
            </thead>
            <tbody>
              {e.placements.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`/placements/${p.id}`}>
                      {names.get(p.youngPersonId) ?? 'Voir la mise en relation'}
                    </a>
                  </td>
                  <td>{employers.get(p.employerId) ?? '—'}</td>
                  <td>
                    {PLACEMENT_STATUS_LABELS[p.status] ?? p.status}
                    {p.outcome && ` — ${OUTCOME_LABELS[p.outcome] ?? p.outcome}`}
                    {p.contractType &&
                      ` (${CONTRACT_TYPE_LABELS[p.contractType] ?? p.contractType})`}
                  </td>
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
