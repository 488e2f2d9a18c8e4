import { TableWrap } from '../components/table-wrap.js';
import type { CampaignResponse } from '../../surveys/surveys.dto.js';
import type { CampaignResults, ResultGroup } from '../../surveys/survey-results.service.js';
import {
  NEEDS_LABELS,
  NEEDS_OPTIONS,
  SATISFACTION_LABELS,
  SERVICE_LABELS,
  SERVICE_OPTIONS,
} from '../../surveys/questionnaire.js';
import type { GroupResult } from '../../surveys/survey-results.js';
import { BarChart, type ChartDatum } from '../components/chart.js';
import { ErrorSummary, PostForm, TextField, type FieldErrors } from '../components/form.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export const CAMPAIGN_STATUS_LABELS: Record<CampaignResponse['status'], string> = {
  draft: 'En préparation',
  running: 'En cours',
  closed: 'Terminée',
};

const STATUS_BADGE: Record<CampaignResponse['status'], string> = {
  draft: 'badge',
  running: 'badge badge-ok',
  closed: 'badge badge-warning',
};

export const CAMPAIGN_FIELD_LABELS: Record<string, string> = {
  year: 'Année enquêtée',
  reminderDays: 'Relances (jours après le lancement)',
  durationDays: 'Durée (jours)',
};

const rate = (r: number | null) => (r === null ? '—' : formatPercent(r));
const num = (n: number | null) => (n === null ? '—' : formatNumber(n));

function StatusBadge({ status }: { status: CampaignResponse['status'] }) {
  return <span class={STATUS_BADGE[status]}>{CAMPAIGN_STATUS_LABELS[status]}</span>;
}

export interface CampaignForm {
  year?: string;
  reminderDays?: string;
  durationDays?: string;
}

export interface CampaignsPageProps {
  ctx: PageContext;
  campaigns: CampaignResponse[];
  nextCursor: string | null;
  form: CampaignForm;
  errors?: FieldErrors;
}

/** GET /survey-campaigns: every campaign with its counts, and the form to prepare a new one. */
export function CampaignsPage({
  ctx,
  campaigns,
  nextCursor,
  form,
  errors = {},
}: CampaignsPageProps) {
  return (
    <Layout ctx={ctx} title="Enquête de satisfaction">
      <ErrorSummary errors={errors} />
      <h1>Enquête de satisfaction des employeurs</h1>
      <h2>Campagnes</h2>
      {campaigns.length === 0 ? (
        <p>Aucune campagne pour l’instant.</p>
      ) : (
        <TableWrap label={`Campagnes d’enquête, la plus récente d’abord`}>
          <table>
            <caption class="visually-hidden">Campagnes d’enquête, la plus récente d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col">État</th>
                <th scope="col">Lancée le</th>
                <th scope="col" class="num">
                  Invités
                </th>
                <th scope="col" class="num">
                  Réponses
                </th>
                <th scope="col" class="num">
                  Taux de réponse
                </th>
                <th scope="col" class="num">
                  Relancés
                </th>
                <th scope="col" class="num">
                  Désinscrits
                </th>
                <th scope="col" class="num">
                  Non distribués
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={`/survey-campaigns/${c.id}`}>Campagne {c.year}</a>
                  </th>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{c.launchedAt ? formatDate(c.launchedAt, ctx.timeZone) : '—'}</td>
                  <td class="num">{formatNumber(c.counts.invited)}</td>
                  <td class="num">{formatNumber(c.counts.answered)}</td>
                  <td class="num">{rate(c.responseRate)}</td>
                  <td class="num">{formatNumber(c.counts.reminded)}</td>
                  <td class="num">{formatNumber(c.counts.optedOut)}</td>
                  <td class="num">{formatNumber(c.counts.bounced)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {nextCursor && (
        <p>
          <a href={`/survey-campaigns?cursor=${encodeURIComponent(nextCursor)}`}>
            Campagnes plus anciennes
          </a>
        </p>
      )}
      <h2>Préparer une campagne</h2>
      <p class="muted">
        La campagne est créée en préparation ; rien n’est envoyé avant que vous ne la lanciez.
      </p>
      <PostForm ctx={ctx} action="/survey-campaigns" class="panel">
        <TextField
          name="year"
          label={CAMPAIGN_FIELD_LABELS.year!}
          required
          inputMode="numeric"
          value={form.year}
          error={errors.year}
          hint="Par exemple 2026 : l’année sur laquelle les employeurs donnent leur avis."
        />
        <TextField
          name="reminderDays"
          label={CAMPAIGN_FIELD_LABELS.reminderDays!}
          value={form.reminderDays}
          error={errors.reminderDays}
          hint="Jours séparés par des virgules, par exemple 7, 14. Vide : relances à 7 et 14 jours."
        />
        <TextField
          name="durationDays"
          label={CAMPAIGN_FIELD_LABELS.durationDays!}
          inputMode="numeric"
          value={form.durationDays}
          error={errors.durationDays}
          hint="La campagne se termine ce nombre de jours après son lancement. Vide : 30 jours."
        />
        <button type="submit">Créer la campagne</button>
      </PostForm>
    </Layout>
  );
}

/** The numbers of one campaign: invitations, answers, reminders, opt-outs, bounces. */
function CountsList({ c, ctx }: { c: CampaignResponse; ctx: PageContext }) {
  return (
    <dl class="summary panel">
      <dt>État</dt>
      <dd>
        <StatusBadge status={c.status} />
      </dd>
      <dt>Lancée le</dt>
      <dd>{c.launchedAt ? formatDate(c.launchedAt, ctx.timeZone) : 'pas encore lancée'}</dd>
      <dt>{c.status === 'closed' ? 'Terminée le' : 'Se termine le'}</dt>
      <dd>
        {c.closedAt
          ? formatDate(c.closedAt, ctx.timeZone)
          : c.closesAt
            ? formatDate(c.closesAt, ctx.timeZone)
            : `${formatNumber(c.durationDays)} jours après le lancement`}
      </dd>
      <dt>Relances</dt>
      <dd>
        {c.reminderDays.length
          ? `${c.reminderDays.map(formatNumber).join(', ')} jours après le lancement`
          : 'aucune'}
      </dd>
      <dt>Employeurs invités</dt>
      <dd>{formatNumber(c.counts.invited)}</dd>
      <dt>Invitations distribuées</dt>
      <dd>{formatNumber(c.counts.delivered)}</dd>
      <dt>Relancés</dt>
      <dd>{formatNumber(c.counts.reminded)}</dd>
      <dt>Réponses</dt>
      <dd>
        {formatNumber(c.counts.answered)} ({rate(c.responseRate)})
      </dd>
      <dt>Désinscrits</dt>
      <dd>{formatNumber(c.counts.optedOut)}</dd>
      <dt>Non distribuées</dt>
      <dd>{formatNumber(c.counts.bounced)}</dd>
    </dl>
  );
}

const satisfactionData = (g: GroupResult): ChartDatum[] =>
  (['1', '2', '3', '4', '5'] as const).map((k) => ({
    label: `${k} – ${SATISFACTION_LABELS[Number(k)]}`,
    value: g.satisfaction.distribution[k],
  }));

const npsData = (g: GroupResult): ChartDatum[] => [
  { label: 'Promoteurs (9 à 10)', value: g.nps.promoters },
  { label: 'Neutres (7 à 8)', value: g.nps.passives },
  { label: 'Détracteurs (0 à 6)', value: g.nps.detractors },
];

const needsData = (g: GroupResult): ChartDatum[] =>
  NEEDS_OPTIONS.map((o) => ({ label: NEEDS_LABELS[o], value: g.recruitmentNeeds[o] }));

const servicesData = (g: GroupResult): ChartDatum[] =>
  SERVICE_OPTIONS.map((o) => ({ label: SERVICE_LABELS[o], value: g.services[o] }));

/** Groups that received answers, as stacked bars: one bar per group, one series per option. */
function stacked<O extends string>(
  groups: ResultGroup[],
  options: readonly O[],
  labels: Record<O, string>,
  pick: (g: ResultGroup) => Record<O, number>,
): ChartDatum[] {
  return groups
    .filter((g) => g.answered > 0)
    .flatMap((g) => options.map((o) => ({ label: g.label, series: labels[o], value: pick(g)[o] })));
}

/** Per sector or EPCI: invitations, answers, satisfaction mean and NPS. */
function GroupTable({
  caption,
  header,
  groups,
}: {
  caption: string;
  header: string;
  groups: ResultGroup[];
}) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{header}</th>
            <th scope="col" class="num">
              Invités
            </th>
            <th scope="col" class="num">
              Réponses
            </th>
            <th scope="col" class="num">
              Taux de réponse
            </th>
            <th scope="col" class="num">
              Satisfaction moyenne (1 à 5)
            </th>
            <th scope="col" class="num">
              NPS
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key ?? ''}>
              <th scope="row">{g.label}</th>
              <td class="num">{formatNumber(g.invited)}</td>
              <td class="num">{formatNumber(g.answered)}</td>
              <td class="num">{rate(g.responseRate)}</td>
              <td class="num">{num(g.satisfaction.mean)}</td>
              <td class="num">{num(g.nps.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Breakdown({ id, name, groups }: { id: string; name: string; groups: ResultGroup[] }) {
  const needsOrder = NEEDS_OPTIONS.map((o) => NEEDS_LABELS[o]);
  const servicesOrder = SERVICE_OPTIONS.map((o) => SERVICE_LABELS[o]);
  return (
    <>
      <GroupTable caption={`Réponses par ${name}`} header={name} groups={groups} />
      <BarChart
        id={`${id}-needs`}
        title={`Recrutements prévus par ${name}`}
        description={`Pour chaque ${name} ayant répondu, le nombre d’employeurs par nombre de recrutements prévus dans les 12 mois.`}
        data={stacked(groups, NEEDS_OPTIONS, NEEDS_LABELS, (g) => g.recruitmentNeeds)}
        seriesOrder={needsOrder}
        valueLabel="Employeurs"
        labelHeader={name}
      />
      <BarChart
        id={`${id}-services`}
        title={`Services souhaités par ${name}`}
        description={`Pour chaque ${name} ayant répondu, le nombre d’employeurs qui souhaitent chaque service de la Mission Locale (plusieurs choix possibles).`}
        data={stacked(groups, SERVICE_OPTIONS, SERVICE_LABELS, (g) => g.services)}
        seriesOrder={servicesOrder}
        valueLabel="Employeurs"
        labelHeader={name}
      />
    </>
  );
}

function BackToContents() {
  return (
    <p class="no-print">
      <a href="#sommaire-titre">Retour au sommaire</a>
    </p>
  );
}

export interface CampaignPageProps {
  ctx: PageContext;
  campaign: CampaignResponse;
  results: CampaignResults;
}

/** GET /survey-campaigns/:id: the campaign, its actions, and its results with charts. */
export function CampaignPage({ ctx, campaign: c, results }: CampaignPageProps) {
  const o = results.overall;
  return (
    <Layout ctx={ctx} title={`Campagne ${c.year}`}>
      <p>
        <a href="/survey-campaigns">Toutes les campagnes</a>
      </p>
      <h1>Enquête de satisfaction {c.year}</h1>
      <CountsList c={c} ctx={ctx} />
      <div class="actions">
        {c.status === 'draft' && (
          <PostForm ctx={ctx} action={`/survey-campaigns/${c.id}/launch`}>
            <button type="submit">Lancer la campagne</button>
          </PostForm>
        )}
        {c.status === 'running' && (
          <PostForm ctx={ctx} action={`/survey-campaigns/${c.id}/close`}>
            <button type="submit" class="warning">
              Terminer la campagne
            </button>
          </PostForm>
        )}
        {o.answered > 0 && (
          <a
            class="button secondary"
            href={`/survey-campaigns/${c.id}/results?format=csv`}
            download
          >
            Télécharger les réponses (CSV)
          </a>
        )}
      </div>
      {c.status === 'draft' && (
        <p class="muted">
          Au lancement, chaque contact destinataire de l’enquête reçoit une invitation par e-mail.
        </p>
      )}
      <h2 id="resultats">Résultats</h2>
      {o.answered === 0 ? (
        <p>Aucune réponse pour l’instant.</p>
      ) : (
        <>
          {/* A long page on a phone: a contents list to jump to each part (no JavaScript). */}
          <nav class="contents" aria-labelledby="sommaire-titre">
            <h3 id="sommaire-titre">Sur cette page</h3>
            <ul>
              <li>
                <a href="#ensemble">Ensemble des réponses</a>
              </li>
              <li>
                <a href="#par-secteur">Par secteur d’activité</a>
              </li>
              <li>
                <a href="#par-epci">Par EPCI</a>
              </li>
            </ul>
          </nav>
          <section aria-labelledby="ensemble">
            <h3 id="ensemble">Ensemble des réponses</h3>
            <dl class="summary panel">
              <dt>Réponses</dt>
              <dd>
                {formatNumber(o.answered)} sur {formatNumber(o.invited)} ({rate(o.responseRate)})
              </dd>
              <dt>Satisfaction moyenne</dt>
              <dd>{o.satisfaction.mean === null ? '—' : `${num(o.satisfaction.mean)} sur 5`}</dd>
              <dt>NPS</dt>
              <dd>
                {o.nps.score === null ? '—' : `${num(o.nps.score)}`}{' '}
                <span class="muted">(promoteurs moins détracteurs, de −100 à 100)</span>
              </dd>
              <dt>Demandes de rappel</dt>
              <dd>{formatNumber(o.callbackRequested)}</dd>
            </dl>
            <BarChart
              id="satisfaction"
              title="Répartition de la satisfaction"
              description={`Nombre d’employeurs par note de satisfaction, de 1 (pas du tout satisfait) à 5 (très satisfait). Moyenne : ${num(o.satisfaction.mean)} sur 5.`}
              data={satisfactionData(o)}
              valueLabel="Employeurs"
              labelHeader="Note"
            />
            <BarChart
              id="nps"
              title={`Recommandation (NPS : ${num(o.nps.score)})`}
              description="Employeurs qui recommanderaient la Mission Locale : promoteurs (9 ou 10), neutres (7 ou 8) et détracteurs (0 à 6). Le NPS est la part des promoteurs moins celle des détracteurs."
              data={npsData(o)}
              valueLabel="Employeurs"
              labelHeader="Groupe"
            />
            <BarChart
              id="needs"
              title="Recrutements prévus dans les 12 mois"
              description="Nombre d’employeurs par nombre de recrutements prévus dans les 12 prochains mois."
              data={needsData(o)}
              valueLabel="Employeurs"
              labelHeader="Recrutements prévus"
            />
            <BarChart
              id="services"
              title="Services souhaités"
              description="Nombre d’employeurs qui souhaitent chaque service de la Mission Locale (plusieurs choix possibles)."
              data={servicesData(o)}
              valueLabel="Employeurs"
              labelHeader="Service"
            />
            <BackToContents />
          </section>
          <section aria-labelledby="par-secteur">
            <h3 id="par-secteur">Par secteur d’activité</h3>
            <Breakdown id="sector" name="secteur" groups={results.bySector} />
            <BackToContents />
          </section>
          <section aria-labelledby="par-epci">
            <h3 id="par-epci">Par EPCI</h3>
            <Breakdown id="epci" name="EPCI" groups={results.byEpci} />
            <BackToContents />
          </section>
        </>
      )}
    </Layout>
  );
}
