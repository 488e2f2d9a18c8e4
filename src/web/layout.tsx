import type { ComponentChildren } from 'preact';
import { SCRIPT_ASSET, STYLESHEET_ASSET } from './assets/assets.js';
import { CsrfField } from './components/form.js';
import { ROLE_LABELS, SERVICE_NAME } from './labels.js';
import { isCurrent, navigationFor } from './navigation.js';
import type { PageContext } from './page-context.js';

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title: the `<title>` prefix; the `<h1>` is the page's to write. */
  title: string;
  children: ComponentChildren;
}

/**
 * The shell of every staff page: French, a skip link, the header with who is signed in and the
 * log-out button, the menu for the user's role, the flash messages, then the page's `<main>`.
 * One stylesheet and one small script, both from this origin; nothing else is loaded.
 */
export function Layout({ ctx, title, children }: LayoutProps) {
  const { user } = ctx;
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${SERVICE_NAME}`}</title>
        {/* No favicon request: nothing to load that the page does not need. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={STYLESHEET_ASSET.path} />
        <script src={SCRIPT_ASSET.path} defer></script>
      </head>
      <body>
        <a class="skip" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              {SERVICE_NAME}
            </a>
            {user && (
              <div class="who">
                <span>
                  {user.displayName} <span class="visually-hidden">, rôle </span>(
                  {ROLE_LABELS[user.role]})
                </span>
                <a
                  href="/me/calendar"
                  aria-current={ctx.path === '/me/calendar' ? 'page' : undefined}
                >
                  Mon agenda
                </a>
                <form method="post" action="/logout">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="link">
                    Se déconnecter
                  </button>
                </form>
              </div>
            )}
          </div>
          {user && (
            <nav class="main-nav" aria-label="Menu principal">
              <ul>
                {navigationFor(user.role).map((item) => (
                  <li key={item.href}>
                    <a
                      href={item.href}
                      aria-current={isCurrent(item, ctx.path) ? 'page' : undefined}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="contenu" tabIndex={-1}>
          {ctx.flash.map((f, i) => (
            <div
              key={i}
              class={`flash flash-${f.kind}`}
              role={f.kind === 'error' ? 'alert' : 'status'}
            >
              {f.text}
            </div>
          ))}
          {children}
        </main>
      </body>
    </html>
  );
}
