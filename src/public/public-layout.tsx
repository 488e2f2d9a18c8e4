import type { ComponentChildren } from 'preact';

/** The Mission Locale's name as young people and employers read it on public pages. */
export const PUBLIC_SITE_NAME = 'Mission Locale';

// One inline stylesheet (the CSP allows inline styles; no script runs on public pages), no
// request to another origin. Text colours keep a contrast ratio above 7:1 on their background.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;
  color:#1b1b1b;background:#f6f6f6;font-size:1.0625rem}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#00347a;padding:.5rem 1rem}
.skip:focus{left:1rem;top:1rem;outline:3px solid #00347a}
.site-header,.site-footer{background:#00347a;color:#fff;padding:1rem}
.site-header p,.site-footer p{margin:0 auto;max-width:60rem}
.site-header a{color:#fff}
.site-footer{background:#2b2b2b;font-size:.9375rem}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem;background:#fff;overflow-wrap:break-word}
.embed main{max-width:none;padding:1rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
a{color:#00347a}
a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #00347a;outline-offset:2px}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.error-summary{border:4px solid #b00020;padding:1rem;margin:0 0 1.5rem}
.error-summary h2{margin-top:0;color:#b00020}
.error{color:#b00020;font-weight:700;display:block}
.filters{display:grid;gap:1rem;border:1px solid #c8c8c8;padding:1rem;margin:0 0 1.5rem;background:#f9f9f9}
.filters summary{cursor:pointer;font-weight:700;color:#00347a;text-decoration:underline;padding:.25rem 0}
.more-fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin-top:.75rem}
.filters label,.filters legend{font-weight:700;display:block;margin-bottom:.25rem}
.filters input[type=search],.filters select{width:100%;font:inherit;padding:.5rem;border:2px solid #3a3a3a;border-radius:0;background:#fff}
.filters fieldset{border:0;margin:0;padding:0;min-width:0}
.filters .choice{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0}
.filters .choice input{width:1.25rem;height:1.25rem;margin:0;flex:none}
.filters .actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
button{font:inherit;font-weight:700;background:#00347a;color:#fff;border:0;padding:.75rem 1.25rem;cursor:pointer}
.count{font-size:1.25rem;margin:0 0 1rem}
.offers{list-style:none;margin:0;padding:0}
.offers li{border-top:1px solid #c8c8c8;padding:1rem 0}
.offers h3{font-size:1.1875rem;margin:0 0 .25rem}
.offers .employer{margin:0 0 .5rem;color:#3a3a3a}
.facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0}
.facts div{display:flex;gap:.35rem}
.facts dt{font-weight:700}
.facts dd{margin:0}
.pagination{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;align-items:center;
  border-top:1px solid #c8c8c8;margin-top:1rem;padding-top:1rem}
.pagination ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
`;

export interface PublicLayoutProps {
  title: string;
  /** Embed view: no header, footer or skip link, for an iframe on the Mission Locale's site. */
  embed?: boolean;
  description?: string;
  canonical?: string;
  /** Keep the page out of search results (embed view, error pages). */
  noindex?: boolean;
  children: ComponentChildren;
}

/**
 * The shell of the public pages (the board; the staff application has its own layout with
 * navigation and session): French, a skip link, a plain header and footer, the page's `<main>`.
 */
export function PublicLayout({
  title,
  embed = false,
  description,
  canonical,
  noindex = false,
  children,
}: PublicLayoutProps) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description && <meta name="description" content={description} />}
        {noindex && <meta name="robots" content="noindex" />}
        {canonical && <link rel="canonical" href={canonical} />}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body class={embed ? 'embed' : undefined}>
        {!embed && (
          <a class="skip" href="#contenu">
            Aller au contenu
          </a>
        )}
        {!embed && (
          <header class="site-header">
            <p>
              <a href="/offres">{PUBLIC_SITE_NAME} — Offres d’emploi</a>
            </p>
          </header>
        )}
        <main id="contenu">{children}</main>
        {!embed && (
          <footer class="site-footer">
            <p>
              Offres proposées par la Mission Locale, qui accompagne les jeunes de 16 à 25 ans vers
              l’emploi. Pour postuler, adressez-vous à votre conseiller·ère de la Mission Locale.
            </p>
          </footer>
        )}
      </body>
    </html>
  );
}
