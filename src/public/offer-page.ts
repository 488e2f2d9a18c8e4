import { html, raw, type SafeHtml } from '../mail/layout.js';
import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { jobPostingOf, jsonForScript } from './job-posting.js';
import { paragraphsHtml } from './paragraphs.js';
import { CONTRACT_LABELS, formatDateFr, formatHours, WORKING_TIME_LABELS } from './labels.js';

// Inline styles are allowed by the CSP (helmet's style-src has 'unsafe-inline'); no script runs.
// Colours keep a contrast ratio above 7:1 on white (WCAG AAA for body text).
const STYLE = `
  *,*::before,*::after{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
    line-height:1.6;color:#1b1b1b;background:#f6f6f6;font-size:1.0625rem}
  .skip{position:absolute;left:-9999px;top:0;background:#fff;color:#00347a;padding:.5rem 1rem}
  .skip:focus{left:1rem;top:1rem;outline:3px solid #00347a}
  header,footer{background:#00347a;color:#fff;padding:1rem}
  header p,footer p{margin:0 auto;max-width:46rem}
  footer{background:#2b2b2b;font-size:.9375rem}
  main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem;background:#fff;overflow-wrap:break-word}
  h1{font-size:1.75rem;line-height:1.25;margin:0 0 .25rem}
  h2{font-size:1.25rem;margin:2rem 0 .5rem}
  .employer{font-size:1.125rem;margin:0 0 1.5rem;color:#3a3a3a}
  dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
  dt{font-weight:700}
  dd{margin:0}
  a{color:#00347a}
  a:focus{outline:3px solid #00347a;outline-offset:2px}
  @media (max-width:32rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
`;

function page(title: string, head: SafeHtml | string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${raw(STYLE)}
        </style>
        ${head}
      </head>
      <body>
        <a class="skip" href="#contenu">Aller au contenu</a>
        <header><p>Mission Locale — Offres d’emploi</p></header>
        <main id="contenu">${body}</main>
        <footer>
          <p>
            Offre proposée par la Mission Locale, qui accompagne les jeunes de 16 à 25 ans vers
            l’emploi.
          </p>
        </footer>
      </body>
    </html> `.value;
}

/** The public page of one offer, with its schema.org JobPosting for search engines. */
export function renderOfferPage(offer: PublicJobOffer, url: string, timeZone: string): string {
  const time =
    offer.weeklyHours === null
      ? WORKING_TIME_LABELS[offer.workingTime]
      : `${WORKING_TIME_LABELS[offer.workingTime]} (${formatHours(offer.weeklyHours)} par semaine)`;
  const rows: [string, SafeHtml | string][] = [
    ['Entreprise', offer.employer.name],
    ['Type de contrat', CONTRACT_LABELS[offer.contractType]],
    ['Temps de travail', time],
    ['Lieu', `${offer.location.city} (${offer.location.postalCode})`],
    ['Nombre de postes', String(offer.positions)],
  ];
  if (offer.startDate)
    rows.push([
      'Début du contrat',
      html`<time datetime="${offer.startDate}">${formatDateFr(offer.startDate, timeZone)}</time>`,
    ]);
  rows.push([
    'Publiée le',
    html`<time datetime="${offer.publishedAt}">${formatDateFr(offer.publishedAt, timeZone)}</time>`,
  ]);
  if (offer.expiresAt)
    rows.push([
      'Valable jusqu’au',
      html`<time datetime="${offer.expiresAt}">${formatDateFr(offer.expiresAt, timeZone)}</time>`,
    ]);
  rows.push(['Code métier (ROME)', offer.romeCode]);

  const head = html`<meta
      name="description"
      content="${`${offer.title} — ${CONTRACT_LABELS[offer.contractType]} à ${offer.location.city}`}"
    />
    <link rel="canonical" href="${url}" />
    <link
      rel="alternate"
      type="application/rss+xml"
      title="Offres d’emploi de la Mission Locale"
      href="${new URL('feed.xml', url).toString()}"
    />
    <script type="application/ld+json">
      ${raw(jsonForScript(jobPostingOf(offer, url)))}
    </script>`;
  const body = html`<article>
    <h1>${offer.title}</h1>
    <p class="employer">${offer.employer.name} — ${offer.location.city}</p>
    <h2>En bref</h2>
    <dl>
      ${rows.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>
    <h2>Description du poste</h2>
    ${raw(paragraphsHtml(offer.description))}
    <h2>Comment postuler&nbsp;?</h2>
    <p>
      Adressez-vous à votre conseillère ou conseiller de la Mission Locale en indiquant l’intitulé
      de l’offre et l’entreprise&nbsp;: <strong>${offer.title}</strong>, ${offer.employer.name}.
    </p>
  </article>`;
  return page(`${offer.title} — ${offer.location.city} | Offre d’emploi`, head, body);
}

/** Shown for an unknown offer, a draft, or one whose employer is archived (404). */
export function renderNotFoundPage(): string {
  return page(
    'Offre introuvable | Mission Locale',
    '',
    html`<h1>Offre introuvable</h1>
      <p>
        Cette offre n’existe pas ou n’est plus disponible&nbsp;: elle a peut-être été pourvue ou a
        expiré.
      </p>
      <p>
        <a href="/offres">Voir toutes les offres d’emploi</a>. Votre conseillère ou conseiller de la
        Mission Locale peut aussi vous proposer d’autres offres.
      </p>`,
  );
}

/** Shown (with 410 Gone) for an offer that was published and is now filled, closed or expired. */
export function renderGonePage(): string {
  return page(
    'Offre plus disponible | Mission Locale',
    html`<meta name="robots" content="noindex" />`,
    html`<h1>Cette offre n’est plus disponible</h1>
      <p>Le poste a été pourvu, ou l’offre a été retirée ou a expiré.</p>
      <p>
        <a href="/offres">Voir les offres d’emploi ouvertes</a>. Votre conseillère ou conseiller de
        la Mission Locale peut aussi vous proposer d’autres offres.
      </p>`,
  );
}
