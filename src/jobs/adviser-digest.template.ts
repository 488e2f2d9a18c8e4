import { addDays, dateTimeFormat, daysBetween } from '../common/clock.js';
import { html, layout, type SafeHtml } from '../mail/layout.js';

export interface DigestFollowUp {
  id: string;
  dueDate: string;
  withWhom: 'young_person' | 'employer' | 'both';
  employerId: string;
  employerName: string;
  youngPersonFirstName: string;
  youngPersonLastName: string;
}

export interface DigestEmployer {
  id: string;
  name: string;
  lastInteractionAt: Date | null;
}

export interface DigestNextAction {
  interactionId: string;
  employerId: string;
  employerName: string;
  nextActionAt: Date;
  nextAction: string | null;
  subject: string;
}

export interface DigestInput {
  date: string;
  timeZone: string;
  publicBaseUrl: string;
  adviserName: string;
  followUps: DigestFollowUp[];
  dormant: DigestEmployer[];
  dormantTotal: number;
  dormantAfterDays: number;
  nextActions: DigestNextAction[];
  /** All next actions due (the list may be cut); defaults to the list's length. */
  nextActionsTotal?: number;
}

export interface DigestSections {
  overdue: (DigestFollowUp & { daysLate: number })[];
  today: DigestFollowUp[];
  upcoming: DigestFollowUp[];
}

/** Splits planned follow-ups into overdue, due today and due in the next 7 days. */
export function bucketFollowUps(followUps: DigestFollowUp[], today: string): DigestSections {
  const horizon = addDays(today, 7);
  const sorted = [...followUps].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return {
    overdue: sorted
      .filter((f) => f.dueDate < today)
      .map((f) => ({ ...f, daysLate: daysBetween(f.dueDate, today) })),
    today: sorted.filter((f) => f.dueDate === today),
    upcoming: sorted.filter((f) => f.dueDate > today && f.dueDate <= horizon),
  };
}

const WITH_WHOM: Record<DigestFollowUp['withWhom'], string> = {
  young_person: 'avec le jeune',
  employer: 'avec l’employeur',
  both: 'avec le jeune et l’employeur',
};

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

export const frenchDate = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
const frenchShort = (date: string) => shortDay.format(new Date(`${date}T00:00:00Z`));
const instantDate = (d: Date, tz: string) =>
  dateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: tz,
  }).format(d);

// First name and initial: enough for the adviser to recognise their young person.
const person = (f: DigestFollowUp) =>
  `${f.youngPersonFirstName} ${f.youngPersonLastName.slice(0, 1).toUpperCase()}.`.trim();
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The adviser's morning email, or null when there is nothing to say. */
export function renderDigest(
  input: DigestInput,
): { subject: string; html: string; text: string } | null {
  const s = bucketFollowUps(input.followUps, input.date);
  const total =
    s.overdue.length +
    s.today.length +
    s.upcoming.length +
    input.dormantTotal +
    input.nextActions.length;
  if (total === 0) return null;

  const base = input.publicBaseUrl;
  const agenda = `${base}/api/v1/me/agenda`;
  const employerUrl = (id: string) => `${base}/api/v1/employers/${id}`;
  const htmlParts: SafeHtml[] = [];
  const textParts: string[] = [];

  const followUpLine = (f: DigestFollowUp, suffix = '') => ({
    html: html`<li>
      ${frenchShort(f.dueDate)} — suivi ${WITH_WHOM[f.withWhom]} :
      <a href="${employerUrl(f.employerId)}">${f.employerName}</a>, ${person(f)}${suffix}
    </li>`,
    text: `- ${frenchShort(f.dueDate)} — suivi ${WITH_WHOM[f.withWhom]} : ${f.employerName}, ${person(f)}${suffix}`,
  });
  const section = (title: string, lines: { html: SafeHtml; text: string }[], note?: string) => {
    if (!lines.length) return;
    htmlParts.push(
      html`<h2 style="font-size:16px;margin:24px 0 8px;">${title}</h2>
        ${note ? html`<p style="margin:0 0 8px;">${note}</p>` : ''}
        <ul style="padding-left:20px;margin:0;">
          ${lines.map((l) => l.html)}
        </ul>`,
    );
    textParts.push(`${title}\n${note ? `${note}\n` : ''}${lines.map((l) => l.text).join('\n')}`);
  };

  section(
    `Suivis en retard (${s.overdue.length})`,
    s.overdue.map((f) => followUpLine(f, ` — ${plural(f.daysLate, 'jour', 'jours')} de retard`)),
  );
  section(
    `Suivis prévus aujourd’hui (${s.today.length})`,
    s.today.map((f) => followUpLine(f)),
  );
  section(
    `Suivis des 7 prochains jours (${s.upcoming.length})`,
    s.upcoming.map((f) => followUpLine(f)),
  );
  section(
    `Prochaines actions à faire (${input.nextActionsTotal ?? input.nextActions.length})`,
    input.nextActions.map((a) => {
      const what = a.nextAction || a.subject;
      const when = instantDate(a.nextActionAt, input.timeZone);
      return {
        html: html`<li>
          ${when} — <a href="${employerUrl(a.employerId)}">${a.employerName}</a> : ${what}
        </li>`,
        text: `- ${when} — ${a.employerName} : ${what}`,
      };
    }),
  );
  const more = input.dormantTotal - input.dormant.length;
  section(
    `Employeurs sans contact depuis plus de ${input.dormantAfterDays} jours (${input.dormantTotal})`,
    [
      ...input.dormant.map((e) => {
        const since = e.lastInteractionAt
          ? `dernier contact le ${instantDate(e.lastInteractionAt, input.timeZone)}`
          : 'aucun contact enregistré';
        return {
          html: html`<li><a href="${employerUrl(e.id)}">${e.name}</a> — ${since}</li>`,
          text: `- ${e.name} — ${since}`,
        };
      }),
      ...(more > 0
        ? [
            {
              html: html`<li>et ${plural(more, 'autre', 'autres')}</li>`,
              text: `- et ${plural(more, 'autre', 'autres')}`,
            },
          ]
        : []),
    ],
    'Vous en êtes le référent : un appel ou une visite entretient la relation.',
  );

  const title = `Vos rappels du ${frenchDate(input.date)}`;
  const intro = `Bonjour ${input.adviserName},`;
  const bodyHtml = html`<p>${intro}</p>
    <p>Voici ce qui vous attend aujourd’hui.</p>
    ${htmlParts}
    <p style="margin-top:24px;"><a href="${agenda}">Ouvrir mon agenda</a></p>`;
  const bodyText = [
    intro,
    '',
    'Voici ce qui vous attend aujourd’hui.',
    '',
    ...textParts.flatMap((t) => [t, '']),
    `Mon agenda : ${agenda}`,
  ].join('\n');
  const counts = [
    s.overdue.length ? plural(s.overdue.length, 'suivi en retard', 'suivis en retard') : null,
    s.today.length ? plural(s.today.length, 'suivi aujourd’hui', 'suivis aujourd’hui') : null,
  ].filter(Boolean);
  const subject = counts.length ? `${title} : ${counts.join(', ')}` : title;
  return { subject, ...layout({ title, bodyHtml, bodyText }) };
}
