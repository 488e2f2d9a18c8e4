import { CONTRACT_TYPES } from '../common/vocabulary.js';
import { WORKING_TIMES } from '../job-offers/job-offer.entity.js';
import { renderPage } from '../web/render.js';
import {
  boardHref,
  CONTRACT_FILTERS,
  isFiltered,
  WORKING_TIME_FILTERS,
  type BoardFieldError,
  type BoardFilter,
} from './board-query.js';
import { formatDateFr } from './labels.js';
import type { BoardChoices, BoardOffer, BoardPage, BoardPlace } from './public-board.service.js';
import { PublicLayout } from './public-layout.js';

export interface BoardPageInput {
  filter: BoardFilter;
  page: BoardPage;
  choices: BoardChoices;
  errors: BoardFieldError[];
  /** PUBLIC_BASE_URL, for the canonical link. */
  base: string;
  timeZone: string;
}

const COUNT = new Intl.NumberFormat('fr-FR');

function offersCount(n: number): string {
  return `${COUNT.format(n)} ${n < 2 ? 'offre' : 'offres'}`;
}

function FieldError({ errors, field }: { errors: BoardFieldError[]; field: string }) {
  const e = errors.find((x) => x.field === field);
  return e ? (
    <span class="error" id={`${field}-erreur`}>
      <span class="visually-hidden">Erreur : </span>
      {e.message}
    </span>
  ) : null;
}

/** The id of a field's error message, for `aria-describedby`, when it has one. */
function describedBy(errors: BoardFieldError[], field: string): string | undefined {
  return errors.some((e) => e.field === field) ? `${field}-erreur` : undefined;
}

/** Error summary first, each message a link to its field (the GOV.UK and DSFR habit). */
function ErrorSummary({ errors }: { errors: BoardFieldError[] }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="erreurs-titre">
      <h2 id="erreurs-titre">Il y a un problème</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${e.field === 'page' || e.field === 'embed' ? 'q' : e.field}`}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PlaceSelect(props: {
  field: 'commune' | 'epci';
  label: string;
  all: string;
  places: BoardPlace[];
  selected: string | null;
  errors: BoardFieldError[];
}) {
  const { field, errors } = props;
  return (
    <div>
      <label for={field}>{props.label}</label>
      <FieldError errors={errors} field={field} />
      <select id={field} name={field} aria-describedby={describedBy(errors, field)}>
        <option value="">{props.all}</option>
        {props.places.map((c) => (
          <option key={c.code} value={c.code} selected={c.code === props.selected}>
            {`${c.name} (${offersCount(c.offers)})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ input }: { input: BoardPageInput }) {
  const { filter: f, choices, errors } = input;
  const described = (field: string) => describedBy(errors, field);
  // On a phone the full form would fill the first screen: the other filters fold away until
  // one of them is in use (or wrong). <details> needs no script.
  const more = Boolean(
    f.commune ||
    f.epci ||
    f.contracts.length ||
    f.workingTime ||
    errors.some((e) => e.field !== 'q'),
  );
  return (
    <form
      class="filters"
      method="get"
      action="/offres"
      role="search"
      aria-label="Filtrer les offres"
    >
      <div>
        <label for="q">Mots-clés</label>
        <FieldError errors={errors} field="q" />
        <input
          type="search"
          id="q"
          name="q"
          value={f.q}
          maxLength={100}
          placeholder="boulanger, vente…"
          aria-describedby={described('q')}
        />
      </div>
      <details class="more" open={more}>
        <summary>Commune, territoire, type de contrat, temps de travail</summary>
        <div class="more-fields">
          <PlaceSelect
            field="commune"
            label="Commune"
            all="Toutes les communes"
            places={choices.communes}
            selected={f.commune}
            errors={errors}
          />
          <PlaceSelect
            field="epci"
            label="Territoire (intercommunalité)"
            all="Tous les territoires"
            places={choices.epcis}
            selected={f.epci}
            errors={errors}
          />
          <fieldset id="contrat" aria-describedby={described('contrat')}>
            <legend>Type de contrat</legend>
            <FieldError errors={errors} field="contrat" />
            {CONTRACT_TYPES.map((t) => (
              <label class="choice" key={t}>
                <input
                  type="checkbox"
                  name="contrat"
                  value={CONTRACT_FILTERS[t].slug}
                  checked={f.contracts.includes(t)}
                />
                {CONTRACT_FILTERS[t].label}
              </label>
            ))}
          </fieldset>
          <fieldset id="temps" aria-describedby={described('temps')}>
            <legend>Temps de travail</legend>
            <FieldError errors={errors} field="temps" />
            <label class="choice">
              <input type="radio" name="temps" value="" checked={!f.workingTime} />
              Indifférent
            </label>
            {WORKING_TIMES.map((w) => (
              <label class="choice" key={w}>
                <input
                  type="radio"
                  name="temps"
                  value={WORKING_TIME_FILTERS[w].slug}
                  checked={f.workingTime === w}
                />
                {WORKING_TIME_FILTERS[w].label}
              </label>
            ))}
          </fieldset>
        </div>
      </details>
      {f.embed && <input type="hidden" name="embed" value="1" />}
      <div class="actions">
        <button type="submit">Afficher les offres</button>
        {isFiltered(f) && (
          <a
            href={boardHref({
              ...f,
              words: [],
              q: '',
              commune: null,
              epci: null,
              contracts: [],
              workingTime: null,
              page: 1,
            })}
          >
            Effacer les filtres
          </a>
        )}
      </div>
    </form>
  );
}

function OfferItem({ offer, input }: { offer: BoardOffer; input: BoardPageInput }) {
  const embed = input.filter.embed;
  return (
    <li>
      <article>
        <h3>
          <a
            href={`/public/job-offers/${offer.id}`}
            // The offer page cannot be framed: from the embed view it opens in a new tab.
            target={embed ? '_blank' : undefined}
            rel={embed ? 'noopener' : undefined}
          >
            {offer.title}
          </a>
        </h3>
        <p class="employer">{offer.employerName}</p>
        <dl class="facts">
          <div>
            <dt>Lieu :</dt>
            <dd>{`${offer.city} (${offer.postalCode})`}</dd>
          </div>
          <div>
            <dt>Contrat :</dt>
            <dd>{`${CONTRACT_FILTERS[offer.contractType].label}, ${WORKING_TIME_FILTERS[offer.workingTime].label.toLowerCase()}`}</dd>
          </div>
          <div>
            <dt>Début :</dt>
            <dd>
              {offer.startDate ? (
                <time dateTime={offer.startDate}>
                  {formatDateFr(offer.startDate, input.timeZone)}
                </time>
              ) : (
                'dès que possible'
              )}
            </dd>
          </div>
        </dl>
      </article>
    </li>
  );
}

function Pagination({ input }: { input: BoardPageInput }) {
  const { filter: f, page } = input;
  if (page.pageCount < 2 || page.page > page.pageCount) return null;
  return (
    <nav class="pagination" aria-label="Pages de résultats">
      <p>{`Page ${page.page} sur ${page.pageCount}`}</p>
      <ul>
        {page.page > 1 && (
          <li>
            <a href={boardHref(f, { page: page.page - 1 })} rel="prev">
              ← Page précédente
            </a>
          </li>
        )}
        {page.page < page.pageCount && (
          <li>
            <a href={boardHref(f, { page: page.page + 1 })} rel="next">
              Page suivante →
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

function Results({ input }: { input: BoardPageInput }) {
  const { filter: f, page } = input;
  if (input.errors.length) return null;
  if (!page.offers.length) {
    return (
      <section aria-labelledby="resultats">
        <h2 id="resultats" class="count">
          {page.total ? 'Page introuvable' : 'Aucune offre'}
        </h2>
        {page.total ? (
          <p>
            Cette page n’existe pas.{' '}
            <a href={boardHref(f, { page: 1 })}>Revenir à la première page</a>.
          </p>
        ) : isFiltered(f) ? (
          <p>
            Aucune offre ne correspond à ces critères pour le moment. Essayez avec moins de filtres.
          </p>
        ) : (
          <p>Aucune offre n’est ouverte pour le moment. Revenez bientôt !</p>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="resultats">
      <h2 id="resultats" class="count">
        {isFiltered(f)
          ? `${offersCount(page.total)} correspondant à votre recherche`
          : offersCount(page.total)}
      </h2>
      {f.embed && <p>Les offres s’ouvrent dans un nouvel onglet.</p>}
      <ul class="offers">
        {page.offers.map((o) => (
          <OfferItem key={o.id} offer={o} input={input} />
        ))}
      </ul>
      <Pagination input={input} />
    </section>
  );
}

/** The public job board: filters, the matching offers newest first, pages. */
export function BoardPage({ input }: { input: BoardPageInput }) {
  const { filter: f, page } = input;
  const where = f.page > 1 ? ` — page ${f.page}` : '';
  const title = `${input.errors.length ? 'Erreur : ' : ''}Offres d’emploi${where} | Mission Locale`;
  return (
    <PublicLayout
      title={title}
      embed={f.embed}
      noindex={f.embed || input.errors.length > 0 || page.page > page.pageCount}
      description="Les offres d’emploi, d’apprentissage et d’alternance ouvertes aux jeunes de 16 à 25 ans, collectées par la Mission Locale auprès des employeurs du territoire."
      canonical={`${input.base}${boardHref({ ...f, embed: false })}`}
    >
      <h1>Offres d’emploi pour les jeunes</h1>
      {input.errors.length > 0 && <ErrorSummary errors={input.errors} />}
      <Filters input={input} />
      <Results input={input} />
    </PublicLayout>
  );
}

export function renderBoardPage(input: BoardPageInput): string {
  return renderPage(<BoardPage input={input} />);
}
