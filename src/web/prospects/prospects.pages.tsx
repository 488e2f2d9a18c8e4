import { hasRole } from '../../auth/auth.decorators.js';
import { HEADCOUNT_BANDS } from '../../employers/employer-rules.js';
import type { ProspectResponse } from '../../prospects/prospects.dto.js';
import { nafLabel } from '../../reference/naf.js';
import {
  ErrorSummary,
  PostForm,
  SelectField,
  TextField,
  type FieldErrors,
  type Option,
} from '../components/form.js';
import { plural } from '../format.js';
import { HEADCOUNT_BAND_LABELS, labelOf } from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

/** The filters' values, under the API's query names. */
export interface ProspectSearch {
  q?: string;
  epci?: string;
  inseeCode?: string;
  nafSection?: string;
  headcountBand?: string;
}

export const PROSPECT_SEARCH_LABELS: Record<string, string> = {
  q: 'Nom, enseigne ou SIRET',
  epci: 'Intercommunalité (EPCI)',
  inseeCode: 'Commune',
  nafSection: 'Secteur d’activité (section NAF)',
  headcountBand: 'Effectif salarié',
  cursor: 'Page',
  limit: 'Nombre par page',
};

export interface ProspectsPageProps {
  ctx: PageContext;
  search: ProspectSearch;
  prospects: ProspectResponse[];
  /** The URL of the next page, if any. */
  nextUrl: string | null;
  epcis: Option[];
  communes: Option[];
  sections: Option[];
  /** Whether the register holds any establishment not taken on (else: how to load it). */
  registerEmpty: boolean;
  errors: FieldErrors;
  /** The employer a second take-on found. */
  existing?: { id: string; name: string } | null;
}

const HEADCOUNT_OPTIONS: Option[] = HEADCOUNT_BANDS.map((b) => ({
  value: b,
  label: HEADCOUNT_BAND_LABELS[b] ?? b,
}));

/** Name, or sign, or a plain word: INSEE masks some names and nothing masked is stored. */
export const prospectName = (p: Pick<ProspectResponse, 'name' | 'tradeName'>) =>
  p.name ?? p.tradeName ?? 'Nom non diffusible';

export function ProspectsPage(p: ProspectsPageProps) {
  const s = p.search;
  // Managers load the register (ADR 1703); the upload page itself checks the role again.
  const manager = !!p.ctx.user && hasRole(p.ctx.user, 'manager');
  return (
    <Layout ctx={p.ctx} title="Prospects">
      <ErrorSummary errors={p.errors} />
      {p.existing && (
        <p class="panel">
          <a href={`/employers/${p.existing.id}`}>Voir la fiche de {p.existing.name}</a>
        </p>
      )}
      <h1>Prospects</h1>
      <p>
        Établissements employeurs du territoire, issus du répertoire SIRENE de l’Insee, que la
        Mission Locale n’a pas encore rencontrés. « Prendre en charge » crée la fiche entreprise,
        dont vous devenez le référent.
      </p>
      {manager && (
        <p>
          <a class="button secondary" href="/prospects/sirene">
            Charger les fichiers SIRENE
          </a>
        </p>
      )}
      {p.registerEmpty ? (
        <p class="panel">
          Le répertoire des prospects est vide.{' '}
          {manager
            ? 'Chargez les fichiers SIRENE de l’Insee pour le remplir.'
            : 'Un responsable le remplit en chargeant les fichiers SIRENE de l’Insee.'}
        </p>
      ) : (
        <>
          <form method="get" action="/prospects" class="panel" role="search">
            <div class="grid grid-2">
              <TextField
                name="q"
                type="search"
                label={PROSPECT_SEARCH_LABELS.q!}
                value={s.q}
                error={p.errors.q}
                required
                spellcheck={false}
                autocomplete="off"
              />
              <SelectField
                name="epci"
                label={PROSPECT_SEARCH_LABELS.epci!}
                emptyLabel="Toutes"
                options={p.epcis}
                value={s.epci}
                error={p.errors.epci}
                required
              />
              <SelectField
                name="inseeCode"
                label={PROSPECT_SEARCH_LABELS.inseeCode!}
                emptyLabel="Toutes"
                options={p.communes}
                value={s.inseeCode}
                error={p.errors.inseeCode}
                required
              />
              <SelectField
                name="nafSection"
                label={PROSPECT_SEARCH_LABELS.nafSection!}
                emptyLabel="Tous"
                options={p.sections}
                value={s.nafSection}
                error={p.errors.nafSection}
                required
              />
              <SelectField
                name="headcountBand"
                label={PROSPECT_SEARCH_LABELS.headcountBand!}
                emptyLabel="Tous"
                options={HEADCOUNT_OPTIONS}
                value={s.headcountBand}
                error={p.errors.headcountBand}
                required
              />
            </div>
            <button type="submit">Filtrer les prospects</button>
          </form>
          <h2>
            {p.prospects.length
              ? `${plural(p.prospects.length, 'établissement', 'établissements')}${p.nextUrl ? ' (et d’autres)' : ''}`
              : 'Aucun établissement ne correspond'}
          </h2>
          {p.prospects.length > 0 && (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Prospects</caption>
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Activité (NAF)</th>
                    <th scope="col">Commune</th>
                    <th scope="col">Effectif salarié</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {p.prospects.map((x) => (
                    <tr key={x.siret}>
                      <td>
                        {prospectName(x)}
                        {x.tradeName && x.name && x.tradeName !== x.name && (
                          <div class="muted">Enseigne : {x.tradeName}</div>
                        )}
                        <div class="muted">SIRET {x.siret}</div>
                      </td>
                      <td>
                        {x.nafCode ? (
                          <>
                            {x.nafCode}
                            <div class="muted">
                              {nafLabel(x.nafCode, x.nafVersion ?? undefined) ?? ''}
                            </div>
                          </>
                        ) : (
                          'Non renseignée'
                        )}
                      </td>
                      <td>
                        {x.address.city ?? x.address.inseeCode}
                        {x.address.postalCode && <div class="muted">{x.address.postalCode}</div>}
                      </td>
                      <td>
                        {x.headcountBand
                          ? labelOf(HEADCOUNT_BAND_LABELS, x.headcountBand)
                          : 'Non renseigné'}
                      </td>
                      <td>
                        <PostForm ctx={p.ctx} action={`/prospects/${x.siret}/take-on`}>
                          <button type="submit" aria-label={`Prendre en charge ${prospectName(x)}`}>
                            Prendre en charge
                          </button>
                        </PostForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {p.nextUrl && (
            <p>
              <a href={p.nextUrl}>Établissements suivants</a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}
