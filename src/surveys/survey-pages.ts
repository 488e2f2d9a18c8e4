import { html, type SafeHtml } from '../mail/layout.js';
import {
  COMMENT_MAX,
  NEEDS_LABELS,
  NEEDS_OPTIONS,
  SERVICE_LABELS,
  SERVICE_OPTIONS,
  TRADES_MAX,
  type FormError,
  type QuestionKey,
  type SurveyAnswers,
} from './questionnaire.js';
import { frenchDate } from './survey-mail.js';

// Server-rendered public pages: French, no script, readable on a phone, every value escaped.
// Helmet's CSP allows inline styles (not scripts), so the stylesheet is inline.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.05rem;line-height:1.5;color:#1b1b1b;background:#f4f4f7}
main{max-width:42rem;margin:0 auto;padding:1rem 1rem 3rem;background:#fff}
h1{font-size:1.5rem;line-height:1.25}
a{color:#000091}
fieldset{border:1px solid #929292;border-radius:6px;margin:0 0 1.25rem;padding:.75rem 1rem 1rem}
legend{font-weight:bold;padding:0 .25rem}
.hint{color:#3a3a3a;font-size:.95rem;margin:.25rem 0 .5rem}
.scale{display:flex;flex-wrap:wrap;gap:.5rem}
.scale label{display:flex;align-items:center;justify-content:center;gap:.35rem;min-width:3rem;min-height:3rem;padding:.25rem .6rem;border:2px solid #000091;border-radius:6px;cursor:pointer}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:.4rem 0;min-height:2.75rem}
input[type=radio],input[type=checkbox]{width:1.35rem;height:1.35rem;margin:.15rem 0 0;accent-color:#000091;flex:none}
input[type=text],input[type=email],textarea{width:100%;font:inherit;padding:.6rem;border:2px solid #3a3a3a;border-radius:4px}
textarea{min-height:7rem}
:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
button{font:inherit;font-weight:bold;color:#fff;background:#000091;border:0;border-radius:6px;padding:.85rem 1.5rem;min-height:3rem;cursor:pointer}
button.secondary{color:#000091;background:#fff;border:2px solid #000091}
.error{color:#b60000;font-weight:bold;margin:.25rem 0 .5rem}
.summary{border:3px solid #b60000;border-radius:6px;padding:.5rem 1rem;margin-bottom:1.25rem}
.notice{border-left:4px solid #000091;background:#eef;padding:.5rem 1rem}
footer{margin-top:2rem;font-size:.95rem;color:#3a3a3a}
`;

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} — Mission Locale</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <main id="contenu">${body}</main>
      </body>
    </html>`.value;
}

/** What the form shows: stored answers, or what was just posted when it had errors. */
export interface FormState {
  satisfaction?: string;
  recommend?: string;
  recruitment_needs?: string;
  recruitment_trades?: string;
  services: string[];
  comment?: string;
  callback?: string;
}

export function stateFromAnswers(a: SurveyAnswers): FormState {
  return {
    satisfaction: a.satisfaction?.toString(),
    recommend: a.recommend?.toString(),
    recruitment_needs: a.recruitment_needs,
    recruitment_trades: a.recruitment_trades,
    services: a.services ?? [],
    comment: a.comment,
    callback: a.callback === undefined ? undefined : a.callback ? 'yes' : 'no',
  };
}

export function stateFromBody(body: unknown): FormState {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const str = (v: unknown) =>
    typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  const services = b.services === undefined ? [] : [b.services].flat();
  return {
    satisfaction: str(b.satisfaction),
    recommend: str(b.recommend),
    recruitment_needs: str(b.recruitment_needs),
    recruitment_trades: str(b.recruitment_trades),
    services: services.filter((s): s is string => typeof s === 'string'),
    comment: str(b.comment),
    callback: str(b.callback),
  };
}

export interface SurveyPageInput {
  token: string;
  year: number;
  employerName: string;
  closesOn: string;
  state: FormState;
  errors: FormError[];
  alreadyAnswered: boolean;
}

const checked = (on: boolean) => (on ? html` checked` : html``);

function errorOf(errors: FormError[], field: QuestionKey): FormError | undefined {
  return errors.find((e) => e.field === field);
}

function errorLine(e: FormError | undefined): SafeHtml {
  return e ? html`<p class="error" id="${e.field}-error">Erreur : ${e.message}</p>` : html``;
}

const describedBy = (e: FormError | undefined, hint?: string): SafeHtml => {
  const ids = [hint, e ? `${e.field}-error` : undefined].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : html``;
};

function scale(
  name: QuestionKey,
  from: number,
  to: number,
  value: string | undefined,
  e: FormError | undefined,
  hintId: string,
): SafeHtml {
  const items: SafeHtml[] = [];
  for (let n = from; n <= to; n++) {
    items.push(
      html`<label for="${name}-${n}"
        ><input
          type="radio"
          id="${name}-${n}"
          name="${name}"
          value="${n}"
          ${describedBy(e, hintId)}${checked(value === String(n))}
        /><span>${n}</span></label
      >`,
    );
  }
  return html`<div class="scale">${items}</div>`;
}

export function surveyPage(i: SurveyPageInput): string {
  const s = i.state;
  const e = (f: QuestionKey) => errorOf(i.errors, f);
  const summary = i.errors.length
    ? html`<div class="summary" role="alert" aria-labelledby="summary-title">
        <h2 id="summary-title">Votre réponse n’a pas été enregistrée</h2>
        <ul>
          ${i.errors.map(
            (x) =>
              html`<li>
                <a href="#${x.field === 'services' ? 'services-0' : fieldAnchor(x.field)}"
                  >${x.message}</a
                >
              </li>`,
          )}
        </ul>
      </div>`
    : html``;
  const needsItems = NEEDS_OPTIONS.map(
    (o, k) =>
      html`<div class="choice">
        <input
          type="radio"
          id="recruitment_needs-${k}"
          name="recruitment_needs"
          value="${o}"
          ${describedBy(e('recruitment_needs'))}${checked(s.recruitment_needs === o)}
        /><label for="recruitment_needs-${k}">${NEEDS_LABELS[o]}</label>
      </div>`,
  );
  const serviceItems = SERVICE_OPTIONS.map(
    (o, k) =>
      html`<div class="choice">
        <input
          type="checkbox"
          id="services-${k}"
          name="services"
          value="${o}"
          ${describedBy(e('services'))}${checked(s.services.includes(o))}
        /><label for="services-${k}">${SERVICE_LABELS[o]}</label>
      </div>`,
  );
  const tradesErr = e('recruitment_trades');
  const commentErr = e('comment');
  const body = html`<h1>Enquête de satisfaction ${i.year}</h1>
    <p>
      Merci de prendre deux minutes pour nous dire comment s’est passée la collaboration de
      ${i.employerName} avec la Mission Locale en ${i.year}, et ce dont vous aurez besoin.
    </p>
    ${
      i.alreadyAnswered
        ? html`<p class="notice">
            Vous avez déjà répondu : vos réponses sont affichées ci-dessous et vous pouvez les
            modifier jusqu’au ${frenchDate(i.closesOn)} inclus.
          </p>`
        : html`<p>Vous pouvez répondre jusqu’au ${frenchDate(i.closesOn)} inclus.</p>`
    }
    <p class="hint">La question 1 est obligatoire ; les autres sont facultatives.</p>
    ${summary}
    <form method="post" action="/s/${i.token}" novalidate>
      <fieldset>
        <legend>
          1. Dans l’ensemble, êtes-vous satisfait de la Mission Locale ? (obligatoire)
        </legend>
        <p class="hint" id="satisfaction-hint">1 = pas du tout satisfait, 5 = très satisfait</p>
        ${errorLine(e('satisfaction'))}
        ${scale('satisfaction', 1, 5, s.satisfaction, e('satisfaction'), 'satisfaction-hint')}
      </fieldset>
      <fieldset>
        <legend>
          2. Quelle est la probabilité que vous recommandiez la Mission Locale à un autre employeur
          ?
        </legend>
        <p class="hint" id="recommend-hint">0 = pas du tout probable, 10 = très probable</p>
        ${errorLine(e('recommend'))}
        ${scale('recommend', 0, 10, s.recommend, e('recommend'), 'recommend-hint')}
      </fieldset>
      <fieldset>
        <legend>3. Combien de recrutements prévoyez-vous dans les 12 prochains mois ?</legend>
        ${errorLine(e('recruitment_needs'))} ${needsItems}
        <label for="recruitment_trades">Sur quels métiers ?</label>
        ${errorLine(tradesErr)}
        <input
          type="text"
          id="recruitment_trades"
          name="recruitment_trades"
          maxlength="${TRADES_MAX}"
          autocomplete="off"
          value="${s.recruitment_trades ?? ''}"
          ${describedBy(tradesErr)}${tradesErr ? html` aria-invalid="true"` : html``}
        />
      </fieldset>
      <fieldset>
        <legend>4. Quels services de la Mission Locale souhaiteriez-vous ?</legend>
        <p class="hint">Plusieurs réponses possibles.</p>
        ${errorLine(e('services'))} ${serviceItems}
      </fieldset>
      <div>
        <label for="comment"><strong>5. Un commentaire, une suggestion ?</strong></label>
        ${errorLine(commentErr)} ${commentBox(s.comment ?? '', commentErr)}
      </div>
      <fieldset style="margin-top:1.25rem">
        <legend>6. Souhaitez-vous que nous vous rappelions ?</legend>
        ${errorLine(e('callback'))}
        <div class="choice">
          <input
            type="radio"
            id="callback-yes"
            name="callback"
            value="yes"
            ${describedBy(e('callback'))}${checked(s.callback === 'yes')}
          /><label for="callback-yes">Oui</label>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="callback-no"
            name="callback"
            value="no"
            ${describedBy(e('callback'))}${checked(s.callback === 'no')}
          /><label for="callback-no">Non</label>
        </div>
      </fieldset>
      <button type="submit">Envoyer mes réponses</button>
    </form>
    <footer>
      <p>
        <a href="/s/${i.token}/unsubscribe">Ne plus recevoir nos enquêtes</a>
      </p>
    </footer>`;
  return page(
    i.errors.length
      ? `Erreur — Enquête de satisfaction ${i.year}`
      : `Enquête de satisfaction ${i.year}`,
    body,
  );
}

// On one line on purpose: whitespace inside a textarea is part of its value.
function commentBox(value: string, err: FormError | undefined): SafeHtml {
  const invalid = err ? html` aria-invalid="true"` : html``;
  // prettier-ignore
  return html`<textarea id="comment" name="comment" maxlength="${COMMENT_MAX}"${describedBy(err)}${invalid}>${value}</textarea>`;
}

function fieldAnchor(field: QuestionKey): string {
  switch (field) {
    case 'satisfaction':
      return 'satisfaction-1';
    case 'recommend':
      return 'recommend-0';
    case 'recruitment_needs':
      return 'recruitment_needs-0';
    case 'callback':
      return 'callback-yes';
    default:
      return field;
  }
}

export function thankYouPage(year: number, token: string, closesOn: string): string {
  return page(
    'Merci pour votre réponse',
    html`<h1>Merci pour votre réponse</h1>
      <p>
        Vos réponses à l’enquête ${year} sont enregistrées. Elles nous aideront à mieux vous
        accompagner.
      </p>
      <p>
        Vous pouvez
        <a href="/s/${token}">revenir sur vos réponses</a> jusqu’au ${frenchDate(closesOn)} inclus.
      </p>`,
  );
}

function renewForm(token: string): SafeHtml {
  return html`<form method="post" action="/s/${token}/renew">
    <p>
      Si une enquête est en cours pour votre entreprise, nous pouvons envoyer un nouveau lien à
      l’adresse qui a reçu l’invitation.
    </p>
    <button type="submit" class="secondary">Recevoir un nouveau lien</button>
  </form>`;
}

export function closedPage(year: number, token: string): string {
  return page(
    'Enquête terminée',
    html`<h1>Cette enquête est terminée</h1>
      <p>
        L’enquête de satisfaction ${year} de la Mission Locale est close : il n’est plus possible
        d’y répondre. Merci de l’intérêt que vous lui portez.
      </p>
      ${renewForm(token)}`,
  );
}

function lostForm(): SafeHtml {
  return html`<form method="post" action="/s/lost">
    <label for="email">Adresse e-mail qui a reçu l’invitation</label>
    <input type="email" id="email" name="email" autocomplete="email" required />
    <p><button type="submit">Recevoir un nouveau lien</button></p>
  </form>`;
}

export function notFoundPage(): string {
  return page(
    'Lien inconnu',
    html`<h1>Ce lien n’est pas valide</h1>
      <p>
        Le lien que vous avez suivi est incomplet ou ne correspond à aucune enquête. Vérifiez qu’il
        a été copié en entier, ou demandez-en un nouveau.
      </p>
      ${lostForm()}`,
  );
}

export function lostPage(): string {
  return page(
    'Lien perdu',
    html`<h1>Vous avez perdu le lien de l’enquête ?</h1>
      <p>
        Indiquez l’adresse e-mail qui a reçu l’invitation : si elle a été invitée à une enquête en
        cours, nous y enverrons un nouveau lien.
      </p>
      ${lostForm()}`,
  );
}

/** One answer whatever the address: nothing tells whether it was invited. */
export function lostSentPage(): string {
  return page(
    'Demande reçue',
    html`<h1>Demande reçue</h1>
      <p>
        Si cette adresse a été invitée à une enquête en cours, un nouveau lien vient de lui être
        envoyé. Pensez à vérifier vos courriers indésirables.
      </p>`,
  );
}

export function renewSentPage(): string {
  return page(
    'Demande reçue',
    html`<h1>Demande reçue</h1>
      <p>
        Si une enquête est en cours pour votre entreprise, un nouveau lien vient d’être envoyé à
        l’adresse qui a reçu l’invitation.
      </p>`,
  );
}

export function unsubscribeConfirmPage(token: string): string {
  return page(
    'Ne plus recevoir nos enquêtes',
    html`<h1>Ne plus recevoir nos enquêtes</h1>
      <p>
        Confirmez-vous ne plus vouloir recevoir les enquêtes de satisfaction de la Mission Locale ?
      </p>
      <form method="post" action="/s/${token}/unsubscribe">
        <button type="submit">Confirmer la désinscription</button>
      </form>
      <p><a href="/s/${token}">Revenir à l’enquête</a></p>`,
  );
}

export function unsubscribedPage(): string {
  return page(
    'Désinscription enregistrée',
    html`<h1>Désinscription enregistrée</h1>
      <p>Vous ne recevrez plus nos enquêtes de satisfaction, ni leurs rappels.</p>`,
  );
}

export function invalidFormPage(): string {
  return page(
    'Demande invalide',
    html`<h1>Demande invalide</h1>
      <p>Le formulaire envoyé n’a pas pu être lu. Revenez à la page précédente et réessayez.</p>`,
  );
}
