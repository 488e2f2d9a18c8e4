import { html, layout } from '../mail/layout.js';
import { FIRST_QUESTION, NUMBERED_QUESTIONS } from './questionnaire.js';

export type SurveyMailKind = 'invite' | 'reminder' | 'renew';

export interface SurveyMailInput {
  kind: SurveyMailKind;
  year: number;
  employerName: string;
  publicBaseUrl: string;
  token: string;
  /** YYYY-MM-DD, shown as the last day to answer. */
  closesOn: string;
  /** Address for the mailto: unsubscribe (List-Unsubscribe). */
  unsubscribeMailbox: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export function surveyUrl(base: string, token: string): string {
  return `${base}/s/${encodeURIComponent(token)}`;
}

/** "2027-02-12" → "12/02/2027" (French short date, no time zone involved). */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** The bare address of a "Name <address>" sender. */
export function mailboxOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}

/** The survey mail: short, French, question 1 as five large one-click buttons. */
export function renderSurveyMail(i: SurveyMailInput): RenderedMail {
  const url = surveyUrl(i.publicBaseUrl, i.token);
  const unsubscribeUrl = `${url}/unsubscribe`;
  const subject =
    i.kind === 'reminder'
      ? `Rappel : votre avis sur la Mission Locale en ${i.year}`
      : i.kind === 'renew'
        ? `Votre lien pour l’enquête de satisfaction ${i.year} de la Mission Locale`
        : `Votre avis sur la Mission Locale en ${i.year} (2 minutes)`;
  const title =
    i.kind === 'reminder'
      ? 'Il est encore temps de nous donner votre avis'
      : 'Votre avis compte pour nous';
  const intro =
    i.kind === 'renew'
      ? `Voici un nouveau lien pour répondre à notre enquête annuelle, au nom de ${i.employerName}.`
      : `En ${i.year}, ${i.employerName} a travaillé avec la Mission Locale. Comment cela s’est-il passé, et de quoi aurez-vous besoin ? Vos réponses orientent nos actions de l’année.`;
  const closes = frenchDate(i.closesOn);
  const q = FIRST_QUESTION;
  const points = Array.from({ length: q.max - q.min + 1 }, (_, k) => q.min + k);
  const buttons = points.map(
    (n) =>
      html`<td style="padding:4px;">
        <a
          href="${url}?q1=${n}"
          title="${n} sur ${q.max} : ${q.pointLabels?.[n] ?? ''}"
          style="display:block;min-width:44px;padding:14px 0;text-align:center;font-size:22px;font-weight:bold;color:#ffffff;background:#000091;border-radius:6px;text-decoration:none;"
          >${n}</a
        >
      </td>`,
  );
  const bodyHtml = html`<p>Bonjour,</p>
    <p>${intro}</p>
    <p>
      <strong>${q.label}</strong>
      Cliquez sur une note pour commencer :
    </p>
    <table role="presentation" style="width:100%;max-width:420px;border-collapse:collapse;">
      <tr>
        ${buttons}
      </tr>
      <tr>
        <td colspan="${points.length}" style="font-size:13px;color:#444;padding:4px;">
          ${(q.hint ?? '').replace(', ', ' · ')}
        </td>
      </tr>
    </table>
    <p>
      Ou ouvrez le questionnaire complet (${NUMBERED_QUESTIONS.length} questions) :
      <a href="${url}">${url}</a>
    </p>
    <p>Vous pouvez répondre jusqu’au ${closes} inclus et modifier vos réponses d’ici là.</p>`;
  const bodyText = [
    'Bonjour,',
    '',
    intro,
    '',
    `${q.label} Choisissez une note de ${q.min} à ${q.max} (${q.hint ?? ''}) :`,
    ...points.map((n) => `  ${n} : ${url}?q1=${n}`),
    '',
    `Le questionnaire complet (${NUMBERED_QUESTIONS.length} questions) : ${url}`,
    '',
    `Vous pouvez répondre jusqu’au ${closes} inclus et modifier vos réponses d’ici là.`,
  ].join('\n');
  const footerHtml = html`Vous recevez ce message parce que votre entreprise a travaillé avec la
    Mission Locale cette année. <a href="${unsubscribeUrl}">Ne plus recevoir nos enquêtes</a>`;
  const footerText = `Ne plus recevoir nos enquêtes : ${unsubscribeUrl}`;
  const body = layout({ title, bodyHtml, bodyText, footerHtml, footerText });
  return {
    subject,
    html: body.html,
    text: body.text,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${i.unsubscribeMailbox}?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
