import { hasRole } from '../../auth/auth.decorators.js';
import { canEditInteraction } from '../../contacts/interaction-rules.js';
import type { ContactResponse } from '../../contacts/contacts.dto.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import type { TimelineItem } from '../../employers/employer-timeline.service.js';
import { CONTRACT_LABELS } from '../../public/labels.js';
import {
  ChoiceGroup,
  ErrorSummary,
  fieldId,
  PostForm,
  SelectField,
  TextArea,
  TextField,
  type FieldErrors,
  type Option,
} from '../components/form.js';
import { formatDate, formatDateTime, plural } from '../format.js';
import {
  DIRECTION_LABELS,
  EMPLOYER_SOURCE_LABELS,
  EMPLOYER_STATUS_LABELS,
  INTERACTION_TYPE_LABELS,
  labelOf,
  NEED_LABELS,
  OFFER_STATUS_LABELS,
  optionsOf,
  PLACEMENT_STATUS_LABELS,
  RISK_LABELS,
  stepLabel,
} from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { AttachmentCounts, EmployerPlacementRow, NamedOption } from './employers.queries.js';
import { nafSectionOptions } from '../../reference/naf.js';

const NAF_SECTION_OPTIONS = nafSectionOptions();

export const employerName = (e: Pick<EmployerResponse, 'tradeName' | 'legalName'>) =>
  e.tradeName ?? e.legalName;

function StatusBadges({ e }: { e: EmployerResponse }) {
  return (
    <>
      <span class={e.status === 'partner' ? 'badge badge-ok' : 'badge'}>
        {labelOf(EMPLOYER_STATUS_LABELS, e.status)}
      </span>
      {e.dormant && (
        <>
          {' '}
          <span class="badge badge-warning">en sommeil</span>
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------- search

/** The search form's values, under the API's query names. */
export interface EmployerSearch {
  q?: string;
  status?: string;
  epci?: string;
  inseeCode?: string;
  referentId?: string;
  tag?: string;
  nafCode?: string;
  nafSection?: string;
  dormant?: boolean;
}

export interface SearchPageProps {
  ctx: PageContext;
  search: EmployerSearch;
  results: EmployerResponse[];
  /** The URL of the next page of results, if any. */
  nextUrl: string | null;
  staff: NamedOption[];
  epcis: NamedOption[];
  communes: NamedOption[];
  errors: FieldErrors;
}

export function EmployerSearchPage(p: SearchPageProps) {
  const s = p.search;
  const names = new Map(p.staff.map((o) => [o.value, o.label]));
  return (
    <Layout ctx={p.ctx} title="Entreprises">
      <ErrorSummary errors={p.errors} />
      <div class="actions" style="justify-content:space-between">
        <h1 style="margin:0">Entreprises</h1>
        <a class="button" href="/employers/new">
          Ajouter une entreprise
        </a>
      </div>
      <form method="get" action="/employers" class="panel" role="search" data-live="resultats">
        <TextField
          name="q"
          type="search"
          label="Nom ou SIRET"
          hint="Les accents et petites fautes de frappe sont tolérés."
          value={s.q}
          error={p.errors.q}
          required
          spellcheck={false}
          autocomplete="off"
        />
        <details
          open={
            !!(
              s.status ||
              s.epci ||
              s.inseeCode ||
              s.referentId ||
              s.tag ||
              s.nafCode ||
              s.nafSection ||
              s.dormant
            )
          }
        >
          <summary>Filtres</summary>
          <div class="grid grid-2">
            <SelectField
              name="status"
              label="Statut"
              emptyLabel="Tous sauf archivées"
              options={optionsOf(EMPLOYER_STATUS_LABELS)}
              value={s.status}
              error={p.errors.status}
              required
            />
            <SelectField
              name="referentId"
              label="Référent"
              emptyLabel="Tous"
              options={p.staff}
              value={s.referentId}
              error={p.errors.referentId}
              required
            />
            <SelectField
              name="epci"
              label="Intercommunalité (EPCI)"
              emptyLabel="Toutes"
              options={p.epcis}
              value={s.epci}
              error={p.errors.epci}
              required
            />
            <SelectField
              name="inseeCode"
              label="Commune"
              emptyLabel="Toutes"
              options={p.communes}
              value={s.inseeCode}
              error={p.errors.inseeCode}
              required
            />
            <TextField name="tag" label="Étiquette" value={s.tag} error={p.errors.tag} required />
            <SelectField
              name="nafSection"
              label="Secteur (section NAF)"
              emptyLabel="Tous"
              options={NAF_SECTION_OPTIONS}
              value={s.nafSection}
              error={p.errors.nafSection}
              required
            />
            <TextField
              name="nafCode"
              label="Code NAF"
              hint="La sous-classe exacte, par exemple 56.10A."
              value={s.nafCode}
              error={p.errors.nafCode}
              required
              spellcheck={false}
              autocomplete="off"
            />
            <ChoiceGroup
              type="checkbox"
              name="dormant"
              label="Activité"
              options={[{ value: 'true', label: 'En sommeil seulement' }]}
              value={s.dormant ? 'true' : undefined}
              required
            />
          </div>
        </details>
        <button type="submit">Rechercher</button>
      </form>
      <div id="resultats" aria-live="polite">
        <h2>
          {p.results.length
            ? `${plural(p.results.length, 'entreprise', 'entreprises')}${p.nextUrl ? ' (et d’autres)' : ''}`
            : 'Aucune entreprise ne correspond'}
        </h2>
        {p.results.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Entreprises trouvées</caption>
              <thead>
                <tr>
                  <th scope="col">Entreprise</th>
                  <th scope="col">Commune</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Référent</th>
                  <th scope="col">Dernier contact</th>
                </tr>
              </thead>
              <tbody>
                {p.results.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={`/employers/${e.id}`}>{employerName(e)}</a>
                      {e.tradeName && e.tradeName !== e.legalName && (
                        <div class="muted">{e.legalName}</div>
                      )}
                    </td>
                    <td>{e.address.city ?? ''}</td>
                    <td>
                      <StatusBadges e={e} />
                    </td>
                    <td>{e.referentId ? (names.get(e.referentId) ?? '') : ''}</td>
                    <td>
                      {e.lastInteractionAt
                        ? formatDate(e.lastInteractionAt, p.ctx.timeZone)
                        : 'jamais'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.nextUrl && (
          <p>
            <a href={p.nextUrl}>Entreprises suivantes</a>
          </p>
        )}
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------------------- employer page

export interface ContactFormValues {
  type?: string;
  direction?: string;
  occurredAt?: string;
  contactPersonId?: string;
  subject?: string;
  summary?: string;
  needs?: string[];
  nextActionAt?: string;
  nextAction?: string;
}

export const CONTACT_LABELS: Record<string, string> = {
  type: 'Type de contact',
  direction: 'Qui a pris contact',
  occurredAt: 'Date et heure',
  contactPersonId: 'Interlocuteur',
  subject: 'Objet',
  summary: 'Compte rendu',
  needs: 'Besoins exprimés',
  nextActionAt: 'Date de la prochaine action',
  nextAction: 'Prochaine action',
};

export const personName = (c: Pick<ContactResponse, 'firstName' | 'lastName' | 'jobTitle'>) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ') || c.jobTitle || 'Sans nom';

export interface EmployerPageProps {
  ctx: PageContext;
  employer: EmployerResponse;
  referentName: string | null;
  contacts: ContactResponse[];
  timeline: TimelineItem[];
  timelineNextUrl: string | null;
  userNames: Map<string, string>;
  offers: { id: string; title: string; status: string }[];
  placements: EmployerPlacementRow[];
  form: ContactFormValues;
  errors: FieldErrors;
  /** Another employer with the same name and postal code, found when this one was created. */
  duplicate?: { id: string; name: string } | null;
}

/** The contact log's fields (API names), shared by "Noter un contact" and its correction. */
export function InteractionFields({
  form,
  errors,
  contacts,
}: {
  form: ContactFormValues;
  errors: FieldErrors;
  contacts: ContactResponse[];
}) {
  const people: Option[] = contacts
    .filter((c) => !c.erasedAt)
    .map((c) => ({
      value: c.id,
      label: c.jobTitle ? `${personName(c)} (${c.jobTitle})` : personName(c),
    }));
  return (
    <>
      <ChoiceGroup
        type="radio"
        name="type"
        label={CONTACT_LABELS.type!}
        options={optionsOf(INTERACTION_TYPE_LABELS)}
        value={form.type ?? 'phone'}
        error={errors.type}
        required
      />
      <ChoiceGroup
        type="radio"
        name="direction"
        label={CONTACT_LABELS.direction!}
        options={optionsOf(DIRECTION_LABELS)}
        value={form.direction ?? 'outbound'}
        error={errors.direction}
        required
      />
      <TextField
        name="occurredAt"
        type="datetime-local"
        label={CONTACT_LABELS.occurredAt!}
        value={form.occurredAt}
        error={errors.occurredAt}
        required
      />
      {people.length > 0 && (
        <SelectField
          name="contactPersonId"
          label={CONTACT_LABELS.contactPersonId!}
          emptyLabel="Non précisé"
          options={people}
          value={form.contactPersonId}
          error={errors.contactPersonId}
        />
      )}
      <TextField
        name="subject"
        label={CONTACT_LABELS.subject!}
        hint="Par exemple : Besoin d’un apprenti boulanger pour janvier"
        value={form.subject}
        error={errors.subject}
        maxLength={300}
        required
      />
      <TextArea
        name="summary"
        label={CONTACT_LABELS.summary!}
        value={form.summary}
        error={errors.summary}
        rows={3}
      />
      <ChoiceGroup
        type="checkbox"
        name="needs"
        label={CONTACT_LABELS.needs!}
        options={optionsOf(NEED_LABELS)}
        value={form.needs}
        error={errors.needs}
      />
      <div class="grid grid-2">
        <TextField
          name="nextActionAt"
          type="datetime-local"
          label={CONTACT_LABELS.nextActionAt!}
          value={form.nextActionAt}
          error={errors.nextActionAt}
        />
        <TextField
          name="nextAction"
          label={CONTACT_LABELS.nextAction!}
          hint="Par exemple : Rappeler la DRH"
          value={form.nextAction}
          error={errors.nextAction}
          maxLength={500}
        />
      </div>
    </>
  );
}

function ContactForm(p: EmployerPageProps) {
  return (
    <section aria-labelledby="nouveau-contact-titre" id="nouveau-contact" class="panel">
      <h2 id="nouveau-contact-titre" style="margin-top:0">
        Noter un contact
      </h2>
      <PostForm ctx={p.ctx} action={`/employers/${p.employer.id}/interactions`}>
        <InteractionFields form={p.form} errors={p.errors} contacts={p.contacts} />
        <button type="submit">Enregistrer le contact</button>
      </PostForm>
    </section>
  );
}

function TimelineEntry({ item, p }: { item: TimelineItem; p: EmployerPageProps }) {
  const tz = p.ctx.timeZone;
  const str = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '');
  const when = <p class="muted">{formatDateTime(item.at, tz)}</p>;
  switch (item.kind) {
    case 'interaction': {
      const person = p.contacts.find((c) => c.id === item.contactPersonId);
      const needs = Array.isArray(item.needs) ? (item.needs as string[]) : [];
      return (
        <li>
          <h3>
            {labelOf(INTERACTION_TYPE_LABELS, str('type'))} — {str('subject')}
          </h3>
          {when}
          <p>
            {labelOf(DIRECTION_LABELS, str('direction'))}
            {person && `, avec ${personName(person)}`}
            {p.userNames.get(str('authorId')) && `. Noté par ${p.userNames.get(str('authorId'))}`}
          </p>
          {str('summary') && <p style="white-space:pre-line">{str('summary')}</p>}
          {needs.length > 0 && (
            <p>Besoins : {needs.map((n) => labelOf(NEED_LABELS, n)).join(', ')}</p>
          )}
          {str('nextAction') || str('nextActionAt') ? (
            <p>
              Prochaine action : {str('nextAction') || 'relance'}
              {str('nextActionAt') && `, le ${formatDateTime(str('nextActionAt'), tz)}`}
            </p>
          ) : null}
          {p.ctx.user && canEditInteraction(p.ctx.user, str('authorId')) && (
            <p>
              <a href={`/employers/${p.employer.id}/interactions/${item.id}/edit`}>
                Modifier<span class="visually-hidden"> le contact « {str('subject')} »</span>
              </a>
              {' · '}
              <a href={`/employers/${p.employer.id}/interactions/${item.id}/delete`}>
                Supprimer<span class="visually-hidden"> le contact « {str('subject')} »</span>
              </a>
            </p>
          )}
        </li>
      );
    }
    case 'job_offer':
      return (
        <li>
          <h3>
            Offre : <a href={`/job-offers/${item.id}`}>{str('title')}</a>
          </h3>
          {when}
          <p>
            {labelOf(CONTRACT_LABELS, str('contractType'))} —{' '}
            {labelOf(OFFER_STATUS_LABELS, str('status'))}
          </p>
        </li>
      );
    case 'placement':
      return (
        <li>
          <h3>
            <a href={`/placements/${item.id}`}>Mise en relation</a> —{' '}
            {labelOf(PLACEMENT_STATUS_LABELS, str('status'))}
          </h3>
          {when}
          {str('contractType') && <p>{labelOf(CONTRACT_LABELS, str('contractType'))}</p>}
        </li>
      );
    case 'follow_up':
      return (
        <li>
          <h3>
            Suivi : <a href={`/placements/${str('placementId')}`}>{stepLabel(str('stepKey'))}</a>
          </h3>
          {when}
          {str('risk') && <p>{labelOf(RISK_LABELS, str('risk'))}</p>}
        </li>
      );
    case 'survey_response': {
      const answers = (item.answers ?? {}) as Record<string, unknown>;
      return (
        <li>
          <h3>Réponse à l’enquête de satisfaction {String(item.year ?? '')}</h3>
          {when}
          <dl class="summary">
            {Object.entries(answers).map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
              </>
            ))}
          </dl>
        </li>
      );
    }
    case 'event':
      return (
        <li>
          <h3>
            Événement : <a href={`/events/${item.id}`}>{str('title')}</a>
          </h3>
          {when}
        </li>
      );
    default:
      return null;
  }
}

export function EmployerPage(p: EmployerPageProps) {
  const e = p.employer;
  const tz = p.ctx.timeZone;
  return (
    <Layout ctx={p.ctx} title={employerName(e)}>
      <ErrorSummary errors={p.errors} />
      <p>
        <a href="/employers">Entreprises</a>
      </p>
      <h1>{employerName(e)}</h1>
      {p.duplicate && (
        <div class="flash flash-info" role="status">
          Une autre fiche porte le même nom et le même code postal :{' '}
          <a href={`/employers/${p.duplicate.id}`}>{p.duplicate.name}</a>. S’il s’agit de la même
          entreprise, la direction peut les fusionner.
        </div>
      )}
      <p>
        <StatusBadges e={e} />
        {e.lastInteractionAt
          ? ` Dernier contact le ${formatDate(e.lastInteractionAt, tz)}.`
          : ' Aucun contact noté.'}
      </p>
      <div class="actions">
        <a class="button secondary" href="#nouveau-contact">
          Noter un contact
        </a>
        <a class="button secondary" href={`/employers/${e.id}/edit`}>
          Modifier
        </a>
        {p.ctx.user?.role !== 'adviser' && (
          <a class="button secondary" href={`/employers/${e.id}/merge`}>
            Fusionner avec une autre fiche
          </a>
        )}
      </div>
      <div class="grid grid-3">
        <div>
          <ContactForm {...p} />
          <section aria-labelledby="historique">
            <h2 id="historique">Historique</h2>
            {p.timeline.length ? (
              <ol class="cards" style="list-style:none">
                {p.timeline.map((item) => (
                  <TimelineEntry key={`${item.kind}-${item.id}`} item={item} p={p} />
                ))}
              </ol>
            ) : (
              <p class="muted">Rien pour l’instant.</p>
            )}
            {p.timelineNextUrl && (
              <p>
                <a href={p.timelineNextUrl}>Voir la suite de l’historique</a>
              </p>
            )}
          </section>
        </div>
        <div>
          <section aria-labelledby="identite" class="panel">
            <h2 id="identite" style="margin-top:0">
              Identité
            </h2>
            <dl class="summary">
              <dt>Raison sociale</dt>
              <dd>{e.legalName}</dd>
              {e.tradeName && (
                <>
                  <dt>Enseigne</dt>
                  <dd>{e.tradeName}</dd>
                </>
              )}
              <dt>SIRET</dt>
              <dd>{e.siret ?? 'non renseigné'}</dd>
              <dt>Code NAF</dt>
              <dd>{e.nafCode ?? 'non renseigné'}</dd>
              <dt>Adresse</dt>
              <dd>
                {[
                  e.address.street,
                  [e.address.postalCode, e.address.city].filter(Boolean).join(' '),
                ]
                  .filter(Boolean)
                  .join(', ') || 'non renseignée'}
              </dd>
              {e.epci && (
                <>
                  <dt>EPCI</dt>
                  <dd>{e.epci.name}</dd>
                </>
              )}
              <dt>Référent</dt>
              <dd>{p.referentName ?? 'aucun'}</dd>
              <dt>Origine</dt>
              <dd>{labelOf(EMPLOYER_SOURCE_LABELS, e.source)}</dd>
              {e.tags.length > 0 && (
                <>
                  <dt>Étiquettes</dt>
                  <dd>{e.tags.join(', ')}</dd>
                </>
              )}
              {(e.qpv || e.frr) && (
                <>
                  <dt>Territoire</dt>
                  <dd>{[e.qpv && 'QPV', e.frr && 'FRR'].filter(Boolean).join(', ')}</dd>
                </>
              )}
            </dl>
            {e.notes && <p style="white-space:pre-line">{e.notes}</p>}
          </section>
          <section aria-labelledby="interlocuteurs" class="panel">
            <h2 id="interlocuteurs" style="margin-top:0">
              Interlocuteurs
            </h2>
            {p.contacts.length ? (
              <ul class="cards">
                {p.contacts.map((c) => (
                  <li key={c.id}>
                    <h3>
                      {personName(c)}
                      {c.isPrimary && ' (principal)'}
                    </h3>
                    {c.jobTitle && <p>{c.jobTitle}</p>}
                    {c.phone && (
                      <p>
                        <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a>
                      </p>
                    )}
                    {c.email && (
                      <p>
                        <a href={`mailto:${c.email}`}>{c.email}</a>
                      </p>
                    )}
                    {c.surveyRecipient && <p>Reçoit l’enquête annuelle</p>}
                    {c.optedOutAt && <p class="muted">Ne souhaite plus être sollicité·e.</p>}
                    {!c.erasedAt && (
                      <p>
                        <a href={`/employers/${e.id}/contacts/${c.id}/edit`}>
                          Modifier<span class="visually-hidden"> {personName(c)}</span>
                        </a>
                        {' · '}
                        <a href={`/employers/${e.id}/contacts/${c.id}/remove`}>
                          Retirer<span class="visually-hidden"> {personName(c)}</span>
                        </a>
                        {p.ctx.user && hasRole(p.ctx.user, 'manager') && (
                          <>
                            {' · '}
                            <a href={`/employers/${e.id}/contacts/${c.id}/erase`}>
                              Effacer (RGPD)
                              <span class="visually-hidden"> {personName(c)}</span>
                            </a>
                          </>
                        )}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">Aucun interlocuteur.</p>
            )}
            <p>
              <a href={`/employers/${e.id}/contacts/new`}>Ajouter un interlocuteur</a>
            </p>
          </section>
          <section aria-labelledby="offres" class="panel">
            <h2 id="offres" style="margin-top:0">
              Offres ({p.offers.length})
            </h2>
            {p.offers.length ? (
              <ul>
                {p.offers.map((o) => (
                  <li key={o.id}>
                    <a href={`/job-offers/${o.id}`}>{o.title}</a> (
                    {labelOf(OFFER_STATUS_LABELS, o.status)})
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">Aucune offre.</p>
            )}
          </section>
          <section aria-labelledby="mises-en-relation" class="panel">
            <h2 id="mises-en-relation" style="margin-top:0">
              Mises en relation ({p.placements.length})
            </h2>
            {p.placements.length ? (
              <ul>
                {p.placements.map((pl) => (
                  <li key={pl.id}>
                    <a href={`/placements/${pl.id}`}>{pl.youngPersonName}</a> —{' '}
                    {labelOf(PLACEMENT_STATUS_LABELS, pl.status)}
                    {pl.contractType && `, ${labelOf(CONTRACT_LABELS, pl.contractType)}`}
                    {pl.atRisk && (
                      <>
                        {' '}
                        <span class="badge badge-danger">à risque</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">Aucune mise en relation.</p>
            )}
          </section>
        </div>
      </div>
    </Layout>
  );
}

// ------------------------------------------------------------------------ create and edit

export interface EmployerFormValues {
  siret?: string;
  legalName?: string;
  tradeName?: string;
  nafCode?: string;
  'address.street'?: string;
  'address.postalCode'?: string;
  'address.inseeCode'?: string;
  'address.city'?: string;
  status?: string;
  referentId?: string;
  source?: string;
  tags?: string;
  notes?: string;
  version?: string;
}

export const EMPLOYER_LABELS: Record<string, string> = {
  siret: 'SIRET',
  legalName: 'Raison sociale',
  tradeName: 'Enseigne',
  nafCode: 'Code NAF',
  'address.street': 'Adresse',
  'address.postalCode': 'Code postal',
  'address.inseeCode': 'Code commune INSEE',
  'address.city': 'Commune',
  postalCode: 'Code postal',
  inseeCode: 'Code commune INSEE',
  status: 'Statut',
  referentId: 'Référent',
  source: 'Origine',
  tags: 'Étiquettes',
  notes: 'Notes',
};

export interface EmployerFormPageProps {
  ctx: PageContext;
  /** The employer being edited; absent when creating. */
  employer?: EmployerResponse;
  values: EmployerFormValues;
  errors: FieldErrors;
  staff: NamedOption[];
  /** An employer that already has the SIRET typed (link to it). */
  existing?: { id: string; name: string } | null;
}

export function EmployerFormPage(p: EmployerFormPageProps) {
  const v = p.values;
  const editing = !!p.employer;
  const title = editing ? `Modifier ${employerName(p.employer!)}` : 'Ajouter une entreprise';
  return (
    <Layout ctx={p.ctx} title={title}>
      <ErrorSummary errors={p.errors} />
      {p.existing && (
        <div class="flash flash-info" role="status">
          Cette entreprise existe déjà :{' '}
          <a href={`/employers/${p.existing.id}`}>{p.existing.name}</a>.
        </div>
      )}
      <h1>{title}</h1>
      <PostForm
        ctx={p.ctx}
        action={editing ? `/employers/${p.employer!.id}/edit` : '/employers'}
        class="panel"
      >
        {editing && <input type="hidden" name="version" value={v.version ?? ''} />}
        <TextField
          name="siret"
          label="SIRET"
          hint="14 chiffres ; les espaces sont acceptés"
          inputMode="numeric"
          value={v.siret}
          error={p.errors.siret}
        />
        <TextField
          name="legalName"
          label="Raison sociale"
          value={v.legalName}
          error={p.errors.legalName}
          required
        />
        <TextField
          name="tradeName"
          label="Enseigne"
          value={v.tradeName}
          error={p.errors.tradeName}
        />
        <TextField
          name="nafCode"
          label="Code NAF"
          hint="Par exemple : 10.71C"
          value={v.nafCode}
          error={p.errors.nafCode}
        />
        <fieldset>
          <legend>Adresse</legend>
          <TextField
            name="address.street"
            label="Numéro et voie"
            autocomplete="street-address"
            value={v['address.street']}
            error={p.errors['address.street']}
          />
          <TextField
            name="address.postalCode"
            label="Code postal"
            inputMode="numeric"
            autocomplete="postal-code"
            value={v['address.postalCode']}
            error={p.errors['address.postalCode']}
          />
          <TextField
            name="address.inseeCode"
            label="Code commune INSEE"
            hint="Seulement si le code postal dessert plusieurs communes"
            value={v['address.inseeCode']}
            error={p.errors['address.inseeCode']}
          />
        </fieldset>
        <ChoiceGroup
          type="radio"
          name="status"
          label="Statut"
          options={optionsOf({ prospect: 'Prospect', partner: 'Partenaire' })}
          value={v.status ?? 'prospect'}
          error={p.errors.status}
          required
        />
        <SelectField
          name="referentId"
          label="Référent"
          emptyLabel="Aucun"
          options={p.staff}
          value={v.referentId}
          error={p.errors.referentId}
        />
        <SelectField
          name="source"
          label="Origine"
          options={optionsOf(EMPLOYER_SOURCE_LABELS)}
          value={v.source ?? 'outreach'}
          error={p.errors.source}
          required
        />
        <TextField
          name="tags"
          label="Étiquettes"
          hint="Séparées par des virgules, par exemple : BTP, alternance"
          value={v.tags}
          error={p.errors.tags}
        />
        <TextArea name="notes" label="Notes" value={v.notes} error={p.errors.notes} />
        <div class="actions">
          <button type="submit">
            {editing ? 'Enregistrer les modifications' : 'Ajouter l’entreprise'}
          </button>
          <a href={editing ? `/employers/${p.employer!.id}` : '/employers'}>Annuler</a>
        </div>
      </PostForm>
    </Layout>
  );
}

// --------------------------------------------------------------------------------- merge

export interface MergePageProps {
  ctx: PageContext;
  employer: EmployerResponse;
  counts: AttachmentCounts;
  /** Candidates found by the search for the employer to keep. */
  q: string;
  candidates: EmployerResponse[];
  into: EmployerResponse | null;
  errors: FieldErrors;
}

export function MergePage(p: MergePageProps) {
  const e = p.employer;
  const c = p.counts;
  const moves: [number, string, string][] = [
    [c.contactPersons, 'interlocuteur', 'interlocuteurs'],
    [c.interactions, 'contact noté', 'contacts notés'],
    [c.jobOffers, 'offre', 'offres'],
    [c.placements, 'mise en relation', 'mises en relation'],
    [c.surveyInvitations, 'invitation à l’enquête', 'invitations à l’enquête'],
    [c.eventParticipations, 'participation à un événement', 'participations à des événements'],
  ];
  return (
    <Layout ctx={p.ctx} title={`Fusionner ${employerName(e)}`}>
      <ErrorSummary errors={p.errors} />
      <p>
        <a href={`/employers/${e.id}`}>{employerName(e)}</a>
      </p>
      <h1>Fusionner {employerName(e)} avec une autre fiche</h1>
      <p>
        La fiche <strong>{employerName(e)}</strong> sera archivée ; tout ce qui lui est rattaché
        passera sur la fiche conservée :
      </p>
      <ul>
        {moves.map(([n, one, many]) => (
          <li key={one}>{plural(n, one, many)}</li>
        ))}
      </ul>
      <form method="get" action={`/employers/${e.id}/merge`} class="panel" role="search">
        <TextField
          name="q"
          type="search"
          label="Fiche à conserver : nom ou SIRET"
          value={p.q}
          required
        />
        <button type="submit" class="secondary">
          Chercher
        </button>
      </form>
      {p.q && !p.into && (
        <section aria-labelledby="candidats">
          <h2 id="candidats">Fiches trouvées</h2>
          {p.candidates.length ? (
            <ul>
              {p.candidates.map((x) => (
                <li key={x.id}>
                  <a href={`/employers/${e.id}/merge?intoId=${x.id}`}>
                    {employerName(x)}
                    {x.address.city ? ` (${x.address.city})` : ''}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>Aucune autre fiche ne correspond.</p>
          )}
        </section>
      )}
      {p.into && (
        <section aria-labelledby="confirmer" class="panel">
          <h2 id="confirmer" style="margin-top:0">
            Confirmer la fusion
          </h2>
          <p>
            Tout ce qui est rattaché à <strong>{employerName(e)}</strong> passera sur{' '}
            <a href={`/employers/${p.into.id}`}>{employerName(p.into)}</a>
            {p.into.address.city ? ` (${p.into.address.city})` : ''}, puis {employerName(e)} sera
            archivée. Cette action ne peut pas être annulée.
          </p>
          <PostForm ctx={p.ctx} action={`/employers/${e.id}/merge`}>
            <input type="hidden" name="intoId" id={fieldId('intoId')} value={p.into.id} />
            <button type="submit" class="warning">
              Fusionner dans {employerName(p.into)}
            </button>
          </PostForm>
        </section>
      )}
    </Layout>
  );
}
