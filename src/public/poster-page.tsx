import type { PublicJobOffer } from '../job-offers/public-job-offer.js';
import { renderPage } from '../web/render.js';
import { CONTRACT_LABELS, formatDateFr, formatHours, WORKING_TIME_LABELS } from './labels.js';

export interface PosterInput {
  offer: PublicJobOffer;
  /** The offer page the QR code leads to. */
  url: string;
  /** The QR code as an SVG element, from `qrCodeSvg`. */
  qrSvg: string;
  timeZone: string;
}

const EXCERPT_LENGTH = 320;

// A4 portrait on paper (the @page margins are the printer's safe area); on screen, the same sheet
// centred, with a note on how to print it. Black on white, large type readable from 2 metres.
const STYLE = `
@page{size:A4 portrait;margin:12mm}
*,*::before,*::after{box-sizing:border-box}
html{background:#e8e8e8}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#000;line-height:1.35}
.sheet{width:210mm;min-height:297mm;margin:1rem auto;padding:14mm;background:#fff;display:flex;flex-direction:column;gap:6mm}
.kicker{margin:0;font-size:14pt;font-weight:700;text-transform:uppercase;letter-spacing:.08em;color:#00347a;border-bottom:3pt solid #00347a;padding-bottom:3mm}
h1{font-size:30pt;line-height:1.15;margin:0}
.employer{font-size:18pt;margin:0}
.essentials{display:grid;grid-template-columns:max-content 1fr;gap:2mm 6mm;margin:0;font-size:15pt}
.essentials dt{font-weight:700}
.essentials dd{margin:0}
.excerpt{font-size:13pt;margin:0}
.cta{font-size:20pt;font-weight:700;margin:0;padding:5mm;border:3pt solid #000;text-align:center}
.qr{display:flex;align-items:center;gap:8mm;margin:auto 0 0}
.qr svg{width:62mm;height:62mm;flex:none}
.qr figcaption{font-size:13pt}
.qr .url{display:block;font-size:10pt;overflow-wrap:anywhere;margin-top:2mm}
.screen-note{max-width:210mm;margin:1rem auto;padding:0 1rem;font-size:1rem}
a{color:#00347a}
@media screen and (max-width:800px){
  .sheet{width:auto;min-height:0;margin:0;padding:1.25rem}
  h1{font-size:1.75rem}.employer,.cta{font-size:1.25rem}.essentials{font-size:1.0625rem;grid-template-columns:1fr}
  .qr{flex-direction:column;align-items:flex-start}.qr svg{width:50vw;height:50vw}
}
@media print{
  html{background:#fff}
  .sheet{width:auto;min-height:0;height:272mm;margin:0;padding:0;overflow:hidden}
  .screen-note{display:none}
}
`;

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= EXCERPT_LENGTH) return t;
  const cut = t.slice(0, EXCERPT_LENGTH);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_LENGTH - 40)).trimEnd()}…`;
}

/** The printable A4 poster of one offer: the essentials, who to ask, a QR code to the page. */
export function PosterPage({ input }: { input: PosterInput }) {
  const { offer, url, timeZone } = input;
  const time =
    offer.weeklyHours === null
      ? WORKING_TIME_LABELS[offer.workingTime]
      : `${WORKING_TIME_LABELS[offer.workingTime]} (${formatHours(offer.weeklyHours)} par semaine)`;
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Affiche — ${offer.title} | Mission Locale`}</title>
        <link rel="canonical" href={url} />
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main class="sheet">
          <p class="kicker">Offre d’emploi — Mission Locale</p>
          <h1>{offer.title}</h1>
          <p class="employer">{`${offer.employer.name} — ${offer.location.city}`}</p>
          <dl class="essentials">
            <dt>Contrat</dt>
            <dd>{CONTRACT_LABELS[offer.contractType]}</dd>
            <dt>Temps de travail</dt>
            <dd>{time}</dd>
            <dt>Lieu</dt>
            <dd>{`${offer.location.city} (${offer.location.postalCode})`}</dd>
            <dt>Début</dt>
            <dd>
              {offer.startDate ? formatDateFr(offer.startDate, timeZone) : 'dès que possible'}
            </dd>
            {offer.positions > 1 && (
              <>
                <dt>Postes</dt>
                <dd>{String(offer.positions)}</dd>
              </>
            )}
          </dl>
          <p class="excerpt">{excerpt(offer.description)}</p>
          <p class="cta">Adressez-vous à votre conseiller·ère de la Mission Locale</p>
          <figure class="qr">
            <div dangerouslySetInnerHTML={{ __html: input.qrSvg }} />
            <figcaption>
              Scannez ce code pour voir l’offre sur votre téléphone.
              <span class="url">{url}</span>
            </figcaption>
          </figure>
        </main>
        <footer class="screen-note">
          <p>
            Pour afficher cette offre, imprimez cette page au format A4 (menu Imprimer du
            navigateur, ou Ctrl+P). <a href={url}>Retour à l’offre</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderPosterPage(input: PosterInput): string {
  return renderPage(<PosterPage input={input} />);
}
