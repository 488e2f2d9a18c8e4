import { html, type SafeHtml } from '../mail/layout.js';
import {
  NUMBERED_QUESTIONS,
  QUESTIONS,
  type FormError,
  type Question,
  type QuestionKey,
  type SurveyAnswers,
  type TextQuestion,
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
.question{margin:0 0 1.25rem}
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

/** What the form shows, per question: stored answers, or what was just posted with errors. */
export type FormState = Partial<Record<QuestionKey, string | string[]>>;

/** A stored value as the form writes it (numbers as text, yes/no as `yes`/`no`). */
function formValue(v: unknown): string | string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(String);
  return String(v);
}

export function stateFromAnswers(a: SurveyAnswers): FormState {
  const state: FormState = {};
  for (const q of QUESTIONS) state[q.key] = formValue(a[q.key]);
  return state;
}

export function stateFromBody(body: unknown): FormState {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const state: FormState = {};
  for (const q of QUESTIONS) {
    const v = b[q.key];
    if (q.kind === 'multi')
      state[q.key] = (v === undefined ? [] : [v].flat()).filter(
        (x): x is string => typeof x === 'string',
      );
    else
      state[q.key] =
        typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  }
  return state;
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

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The markup of one question, by kind; `n` is its number on the page. */
function questionBlock(q: Question, n: number, s: FormState, errors: FormError[]): SafeHtml {
  const e = errorOf(errors, q.key);
  const legend = html`${n}. ${q.label}${q.kind === 'scale' && q.required ? ' (obligatoire)' : ''}`;
  switch (q.kind) {
    case 'scale': {
      const hintId = `${q.key}-hint`;
      return html`<fieldset>
        <legend>${legend}</legend>
        <p class="hint" id="${hintId}">${q.hint ?? ''}</p>
        ${errorLine(e)} ${scale(q.key, q.min, q.max, single(s[q.key]), e, hintId)}
      </fieldset>`;
    }
    case 'choice': {
      const followUps = QUESTIONS.filter(
        (f): f is TextQuestion => f.kind === 'text' && f.within === q.key,
      );
      return html`<fieldset>
        <legend>${legend}</legend>
        ${errorLine(e)} ${options(q.key, 'radio', q.options, many(s[q.key]), e)}
        ${followUps.map((f) => textInput(f, single(s[f.key]), errorOf(errors, f.key)))}
      </fieldset>`;
    }
    case 'multi':
      return html`<fieldset>
        <legend>${legend}</legend>
        ${q.hint ? html`<p class="hint">${q.hint}</p>` : html``} ${errorLine(e)}
        ${options(q.key, 'checkbox', q.options, many(s[q.key]), e)}
      </fieldset>`;
    case 'text':
      return html`<div class="question">
        <label for="${q.key}"><strong>${legend}</strong></label>
        ${errorLine(e)}
        ${q.multiline ? commentBox(q, single(s[q.key]) ?? '', e) : textInput(q, single(s[q.key]), e, false)}
      </div>`;
    case 'yesno':
      return html`<fieldset>
        <legend>${legend}</legend>
        ${errorLine(e)}
        ${(['yes', 'no'] as const).map(
          (v) =>
            html`<div class="choice">
              <input
                type="radio"
                id="${q.key}-${v}"
                name="${q.key}"
                value="${v}"
                ${describedBy(e)}${checked(single(s[q.key]) === v)}
              /><label for="${q.key}-${v}">${v === 'yes' ? 'Oui' : 'Non'}</label>
            </div>`,
        )}
      </fieldset>`;
  }
}

function options(
  key: QuestionKey,
  type: 'radio' | 'checkbox',
  list: readonly { value: string; label: string }[],
  chosen: string[],
  e: FormError | undefined,
): SafeHtml[] {
  return list.map(
    (o, k) =>
      html`<div class="choice">
        <input
          type="${type}"
          id="${key}-${k}"
          name="${key}"
          value="${o.value}"
          ${describedBy(e)}${checked(chosen.includes(o.value))}
        /><label for="${key}-${k}">${o.label}</label>
      </div>`,
  );
}

/** A one-line text answer; a follow-up carries its own label. */
function textInput(
  q: TextQuestion,
  value: string | undefined,
  e: FormError | undefined,
  withLabel = true,
): SafeHtml {
  return html`${withLabel ? html`<label for="${q.key}">${q.label}</label> ${errorLine(e)}` : html``}
    <input
      type="text"
      id="${q.key}"
      name="${q.key}"
      maxlength="${q.maxLength}"
      autocomplete="off"
      value="${value ?? ''}"
      ${describedBy(e)}${e ? html` aria-invalid="true"` : html``}
    />`;
}

export function surveyPage(i: SurveyPageInput): string {
  const summary = i.errors.length
    ? html`<div class="summary" role="alert" aria-labelledby="summary-title">
        <h2 id="summary-title">Votre réponse n’a pas été enregistrée</h2>
        <ul>
          ${i.errors.map(
            (x) =>
              html`<li>
                <a href="#${fieldAnchor(x.field)}">${x.message}</a>
              </li>`,
          )}
        </ul>
      </div>`
    : html``;
  const required = NUMBERED_QUESTIONS.flatMap((q, k) =>
    q.kind === 'scale' && q.required ? [k + 1] : [],
  );
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
    <p class="hint">
      ${required.length === 1 ? `La question ${required[0]} est obligatoire` : `Les questions ${required.join(', ')} sont obligatoires`}
      ; les autres sont facultatives.
    </p>
    ${summary}
    <form method="post" action="/s/${i.token}" novalidate>
      ${NUMBERED_QUESTIONS.map((q, k) => questionBlock(q, k + 1, i.state, i.errors))}
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
function commentBox(q: TextQuestion, value: string, err: FormError | undefined): SafeHtml {
  const invalid = err ? html` aria-invalid="true"` : html``;
  // prettier-ignore
  return html`<textarea id="${q.key}" name="${q.key}" maxlength="${q.maxLength}"${describedBy(err)}${invalid}>${value}</textarea>`;
}

/** Where the error summary sends the reader: the question's first control. */
function fieldAnchor(field: QuestionKey): string {
  const q = QUESTIONS.find((x) => x.key === field)!;
  switch (q.kind) {
    case 'scale':
      return `${q.key}-${q.min}`;
    case 'choice':
    case 'multi':
      return `${q.key}-0`;
    case 'yesno':
      return `${q.key}-yes`;
    case 'text':
      return q.key;
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
