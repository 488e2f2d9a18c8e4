import type { FollowUpResponse } from '../../follow-ups/follow-ups.dto.js';
import {
  ChoiceGroup,
  ErrorSummary,
  PostForm,
  SelectField,
  TextArea,
  TextField,
  type FieldErrors,
} from '../components/form.js';
import { formatDate, formatDateTime } from '../format.js';
import {
  CHANNEL_LABELS,
  optionsOf,
  stepLabel,
  WITH_WHOM_CHOICES,
  WITH_WHOM_LABELS,
} from '../labels.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import type { FormValues } from '../placements/placements.pages.js';

/** A follow-up with the names of the placement it belongs to. */
export interface FollowUpView {
  followUp: FollowUpResponse;
  placementId: string;
  youngPerson: string;
  employer: string;
}

export const COMPLETE_FOLLOW_UP_LABELS: Record<string, string> = {
  doneOn: 'Date du suivi',
  channel: 'Moyen',
  withWhom: 'Avec qui',
  risk: 'Risque de rupture',
  outcome: 'Ce qui a été dit',
};
export const RESCHEDULE_LABELS: Record<string, string> = {
  dueDate: 'Nouvelle date',
  withWhom: 'Avec qui',
  channel: 'Moyen',
};

const RISK_CHOICES: Record<string, string> = {
  none: 'Aucun',
  watch: 'À surveiller',
  high: 'Élevé : la mise en relation est signalée « à risque »',
};

function FollowUpHeader({ view, heading }: { view: FollowUpView; heading: string }) {
  const f = view.followUp;
  return (
    <>
      <p class="muted">
        <a href={`/placements/${view.placementId}`}>
          Mise en relation de {view.youngPerson} chez {view.employer}
        </a>
      </p>
      <h1>{heading}</h1>
      <p>
        {stepLabel(f.stepKey)}, {WITH_WHOM_LABELS[f.withWhom]}, prévu le {formatDate(f.dueDate)}.
      </p>
    </>
  );
}

function NotPlanned({ f }: { f: FollowUpResponse }) {
  return (
    <p class="panel">
      {f.status === 'done'
        ? `Ce suivi a déjà été enregistré${f.doneOn ? ` le ${formatDate(f.doneOn)}` : ''}.`
        : 'Ce suivi a été annulé.'}
    </p>
  );
}

/** GET /follow-ups/:id/complete (Ma journée links here): date done, channel, outcome, risk. */
export function CompleteFollowUpPage({
  ctx,
  view,
  today,
  values,
  errors,
}: {
  ctx: PageContext;
  view: FollowUpView;
  /** The default date done, in the service's time zone. */
  today: string;
  values: FormValues;
  errors: FieldErrors;
}) {
  const f = view.followUp;
  return (
    <Layout ctx={ctx} title={`Enregistrer un suivi — ${view.youngPerson}`}>
      <ErrorSummary errors={errors} />
      <FollowUpHeader view={view} heading="Enregistrer le suivi" />
      {f.status !== 'planned' ? (
        <NotPlanned f={f} />
      ) : (
        <PostForm ctx={ctx} action={`/follow-ups/${f.id}/complete`}>
          <input type="hidden" name="version" value={String(f.version)} />
          <TextField
            name="doneOn"
            type="date"
            label={COMPLETE_FOLLOW_UP_LABELS.doneOn!}
            required
            value={values.doneOn ?? today}
            error={errors.doneOn}
          />
          <ChoiceGroup
            name="channel"
            type="radio"
            label={COMPLETE_FOLLOW_UP_LABELS.channel!}
            required
            options={optionsOf(CHANNEL_LABELS)}
            value={values.channel ?? f.channel ?? undefined}
            error={errors.channel}
          />
          <SelectField
            name="withWhom"
            label={COMPLETE_FOLLOW_UP_LABELS.withWhom!}
            required
            options={optionsOf(WITH_WHOM_CHOICES)}
            value={values.withWhom ?? f.withWhom}
            error={errors.withWhom}
          />
          <ChoiceGroup
            name="risk"
            type="radio"
            label={COMPLETE_FOLLOW_UP_LABELS.risk!}
            required
            options={optionsOf(RISK_CHOICES)}
            value={values.risk}
            error={errors.risk}
          />
          <TextArea
            name="outcome"
            label={COMPLETE_FOLLOW_UP_LABELS.outcome!}
            hint="Pas de données sensibles : santé, situation familiale…"
            maxLength={4000}
            value={values.outcome}
            error={errors.outcome}
          />
          <button type="submit">Enregistrer le suivi</button>
        </PostForm>
      )}
    </Layout>
  );
}

/** GET /follow-ups/:id/reschedule: another date, with whom, channel. */
export function RescheduleFollowUpPage({
  ctx,
  view,
  values,
  errors,
}: {
  ctx: PageContext;
  view: FollowUpView;
  values: FormValues;
  errors: FieldErrors;
}) {
  const f = view.followUp;
  return (
    <Layout ctx={ctx} title={`Reporter un suivi — ${view.youngPerson}`}>
      <ErrorSummary errors={errors} />
      <FollowUpHeader view={view} heading="Reporter le suivi" />
      {f.status !== 'planned' ? (
        <NotPlanned f={f} />
      ) : (
        <PostForm ctx={ctx} action={`/follow-ups/${f.id}/reschedule`}>
          <input type="hidden" name="version" value={String(f.version)} />
          <TextField
            name="dueDate"
            type="date"
            label={RESCHEDULE_LABELS.dueDate!}
            required
            value={values.dueDate ?? f.dueDate}
            error={errors.dueDate}
          />
          <SelectField
            name="withWhom"
            label={RESCHEDULE_LABELS.withWhom!}
            required
            options={optionsOf(WITH_WHOM_CHOICES)}
            value={values.withWhom ?? f.withWhom}
            error={errors.withWhom}
          />
          <SelectField
            name="channel"
            label={RESCHEDULE_LABELS.channel!}
            options={optionsOf(CHANNEL_LABELS)}
            emptyLabel="Pas encore décidé"
            value={values.channel ?? f.channel ?? undefined}
            error={errors.channel}
          />
          <button type="submit">Reporter le suivi</button>
        </PostForm>
      )}
    </Layout>
  );
}

/**
 * GET /calendar: subscribe to my follow-ups in a calendar application. The link is secret and
 * stored hashed, so it is shown once, on the page that answers the POST making it.
 */
export function CalendarPage({
  ctx,
  createdAt,
  url,
}: {
  ctx: PageContext;
  createdAt: Date | null;
  /** Only right after the POST that made it. */
  url: string | null;
}) {
  return (
    <Layout ctx={ctx} title="Agenda de mes suivis">
      <h1>Agenda de mes suivis</h1>
      <p>
        Abonnez votre agenda (Outlook, Thunderbird, Google Agenda, téléphone) à ce lien privé : vos
        suivis y apparaissent et se mettent à jour seuls. L’agenda ne contient que le nom de
        l’entreprise et l’étape, jamais le nom du jeune.
      </p>
      {url ? (
        <section class="panel" aria-labelledby="link-title">
          <h2 id="link-title">Votre lien privé</h2>
          <p>
            Copiez-le maintenant : pour votre sécurité, il ne sera plus affiché. Ne le partagez pas
            ; toute personne qui l’a voit vos suivis.
          </p>
          <label for="calendar-url">Lien d’abonnement</label>
          <input
            type="text"
            id="calendar-url"
            class="copy-source"
            readOnly
            value={url}
            spellcheck={false}
          />
          <p class="actions">
            <button type="button" class="secondary" data-copy="calendar-url" hidden>
              Copier le lien
            </button>
            <span class="copy-status" role="status" aria-live="polite"></span>
          </p>
        </section>
      ) : createdAt ? (
        <p>
          Vous avez un lien privé créé le {formatDateTime(createdAt, ctx.timeZone)}. Il n’est
          affiché qu’à sa création ; si vous l’avez perdu ou pensez qu’il a été vu par quelqu’un
          d’autre, créez-en un nouveau : l’ancien cessera de fonctionner.
        </p>
      ) : (
        <p>Vous n’avez pas encore de lien d’abonnement.</p>
      )}
      <PostForm ctx={ctx} action="/me/calendar">
        <button type="submit" class={createdAt ? 'secondary' : undefined}>
          {createdAt ? 'Créer un nouveau lien (l’ancien cessera de fonctionner)' : 'Créer mon lien'}
        </button>
      </PostForm>
    </Layout>
  );
}
