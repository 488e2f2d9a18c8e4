import type {
  AgendaFollowUp,
  AgendaList,
  AgendaNextAction,
  DayAgenda,
} from '../../follow-ups/agenda.service.js';
import type { EmployerResponse } from '../../employers/employers.dto.js';
import { formatDate, plural } from '../format.js';
import { stepLabel, WITH_WHOM_LABELS } from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { AtRiskPlacement } from './day.queries.js';

export interface DayPageProps {
  ctx: PageContext;
  /** Each list already cut to its first DAY_LIST_LIMIT items (all of them on `/?voir=tout`). */
  agenda: DayAgenda;
  dormant: EmployerResponse[];
  /** Whether the portfolio has more dormant employers than shown. */
  moreDormant: boolean;
  atRisk: AtRiskPlacement[];
}

/** Under a list cut to its first items: how many there are and where they all are. */
function MoreLink({
  shown,
  total,
  what,
  anchor,
}: {
  shown: number;
  total: number;
  what: string;
  anchor: string;
}) {
  if (shown >= total) return null;
  return (
    <p>
      <a href={`/?voir=tout#${anchor}`}>
        Voir les {total} {what} ({shown} affichés)
      </a>
    </p>
  );
}

const lateness = (days: number) =>
  days === 0 ? 'aujourd’hui' : `en retard de ${plural(days, 'jour', 'jours')}`;

function FollowUpCard({ f, ctx }: { f: AgendaFollowUp; ctx: PageContext }) {
  return (
    <li>
      <h3>
        <a href={`/placements/${f.placementId}`}>{f.youngPersonName}</a>
        {' chez '}
        <a href={`/employers/${f.employerId}`}>{f.employerName}</a>
      </h3>
      <p>
        {stepLabel(f.stepKey)} ({WITH_WHOM_LABELS[f.withWhom] ?? f.withWhom}), prévu le{' '}
        {formatDate(f.dueDate, ctx.timeZone)}
        {' — '}
        {f.daysLate > 0 ? (
          <span class="badge badge-warning">{lateness(f.daysLate)}</span>
        ) : (
          lateness(0)
        )}
        {f.atRisk && (
          <>
            {' '}
            <span class="badge badge-danger">à risque</span>
          </>
        )}
      </p>
      <p>
        <a class="button secondary" href={`/follow-ups/${f.id}/complete`}>
          Faire le suivi<span class="visually-hidden"> de {f.youngPersonName}</span>
        </a>
      </p>
    </li>
  );
}

function FollowUps(props: {
  id: string;
  title: string;
  list: AgendaList<AgendaFollowUp>;
  empty: string;
  ctx: PageContext;
}) {
  const shown = props.list.items;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.title} ({props.list.total})
      </h2>
      {props.list.total ? (
        <ul class="cards">
          {shown.map((f) => (
            <FollowUpCard key={f.id} f={f} ctx={props.ctx} />
          ))}
        </ul>
      ) : (
        <p class="muted">{props.empty}</p>
      )}
      <MoreLink shown={shown.length} total={props.list.total} what="suivis" anchor={props.id} />
    </section>
  );
}

function NextAction({ a, ctx }: { a: AgendaNextAction; ctx: PageContext }) {
  return (
    <li>
      <h3>
        <a href={`/employers/${a.employerId}`}>{a.employerName}</a>
      </h3>
      <p>{a.nextAction ?? 'Relance prévue'}</p>
      <p>
        Pour le {formatDate(a.dueDate, ctx.timeZone)}
        {a.daysLate > 0 && (
          <>
            {' — '}
            <span class="badge badge-warning">{lateness(a.daysLate)}</span>
          </>
        )}
      </p>
      <p>
        <a class="button secondary" href={`/employers/${a.employerId}#nouveau-contact`}>
          Noter le contact<span class="visually-hidden"> avec {a.employerName}</span>
        </a>
      </p>
    </li>
  );
}

/** Ma journée: what the adviser has to do today, each item one click from doing it. */
export function DayPage({ ctx, agenda, dormant, moreDormant, atRisk }: DayPageProps) {
  const { dueActions, laterActions } = agenda;
  return (
    <Layout ctx={ctx} title="Ma journée">
      <h1>Ma journée</h1>
      <p class="muted">{formatDate(agenda.date, ctx.timeZone)}</p>
      <div class="grid grid-2">
        <div>
          <FollowUps
            ctx={ctx}
            id="suivis-en-retard"
            title="Suivis en retard"
            list={agenda.overdue}
            empty="Aucun suivi en retard."
          />
          <FollowUps
            ctx={ctx}
            id="suivis-du-jour"
            title="Suivis du jour"
            list={agenda.today}
            empty="Aucun suivi prévu aujourd’hui."
          />
          <section aria-labelledby="a-risque">
            <h2 id="a-risque">Mes mises en relation à risque ({atRisk.length})</h2>
            {atRisk.length ? (
              <ul class="cards">
                {atRisk.map((p) => (
                  <li key={p.id}>
                    <h3>
                      <a href={`/placements/${p.id}`}>{p.youngPersonName}</a>
                      {' chez '}
                      <a href={`/employers/${p.employerId}`}>{p.employerName}</a>
                    </h3>
                    <p>
                      <span class="badge badge-danger">à risque</span>
                      {p.flaggedOn &&
                        ` depuis le suivi du ${formatDate(p.flaggedOn, ctx.timeZone)}`}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">Aucune mise en relation signalée à risque.</p>
            )}
          </section>
        </div>
        <div>
          <section aria-labelledby="prochaines-actions">
            <h2 id="prochaines-actions">Prochaines actions ({dueActions.total})</h2>
            {dueActions.total ? (
              <ul class="cards">
                {dueActions.items.map((a) => (
                  <NextAction key={a.interactionId} a={a} ctx={ctx} />
                ))}
              </ul>
            ) : (
              <p class="muted">Aucune action prévue pour aujourd’hui.</p>
            )}
            <MoreLink
              shown={dueActions.items.length}
              total={dueActions.total}
              what="actions"
              anchor="prochaines-actions"
            />
            {laterActions.total > 0 && (
              <details>
                <summary>
                  {plural(laterActions.total, 'autre action', 'autres actions')} dans les 7 jours
                </summary>
                <ul class="cards">
                  {laterActions.items.map((a) => (
                    <NextAction key={a.interactionId} a={a} ctx={ctx} />
                  ))}
                </ul>
                <MoreLink
                  shown={laterActions.items.length}
                  total={laterActions.total}
                  what="actions des 7 jours"
                  anchor="prochaines-actions"
                />
              </details>
            )}
          </section>
          <section aria-labelledby="en-sommeil">
            <h2 id="en-sommeil">Entreprises en sommeil de mon portefeuille</h2>
            {dormant.length ? (
              <ul class="cards">
                {dormant.map((e) => (
                  <li key={e.id}>
                    <h3>
                      <a href={`/employers/${e.id}`}>{e.tradeName ?? e.legalName}</a>
                    </h3>
                    <p>
                      {e.address.city ? `${e.address.city} — ` : ''}
                      {e.lastInteractionAt
                        ? `dernier contact le ${formatDate(e.lastInteractionAt, ctx.timeZone)}`
                        : 'jamais contactée'}
                    </p>
                    <p>
                      <a class="button secondary" href={`/employers/${e.id}#nouveau-contact`}>
                        Noter un contact
                        <span class="visually-hidden"> avec {e.tradeName ?? e.legalName}</span>
                      </a>
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">Aucune entreprise en sommeil dans votre portefeuille.</p>
            )}
            {moreDormant && (
              <p>
                <a href={`/employers?referentId=${ctx.user?.id ?? ''}&dormant=true`}>
                  Voir toutes les entreprises en sommeil de mon portefeuille
                </a>
              </p>
            )}
          </section>
        </div>
      </div>
    </Layout>
  );
}
