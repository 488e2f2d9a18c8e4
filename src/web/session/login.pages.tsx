import { ErrorSummary, TextField, type FieldErrors } from '../components/form.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';

export interface LoginPageProps {
  ctx: PageContext;
  /** The CSRF token of the form: the session's, or the login cookie's before any session. */
  csrfToken: string;
  email?: string;
  next?: string;
  errors?: FieldErrors;
  loggedOut?: boolean;
}

export function LoginPage({ ctx, csrfToken, email, next, errors = {}, loggedOut }: LoginPageProps) {
  return (
    <Layout ctx={ctx} title="Connexion">
      <div class="panel" style="max-width:32rem">
        <ErrorSummary errors={errors} />
        {loggedOut && (
          <p class="flash flash-info" role="status">
            Vous êtes déconnecté·e.
          </p>
        )}
        <h1>Connexion</h1>
        <p>Connectez-vous avec votre compte de la Mission Locale.</p>
        <form method="post" action="/login" noValidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <TextField
            name="email"
            label="Adresse e-mail"
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={email}
            error={errors.email}
            required
          />
          <TextField
            name="password"
            label="Mot de passe"
            type="password"
            autocomplete="current-password"
            error={errors.password}
            required
          />
          <button type="submit">Se connecter</button>
        </form>
      </div>
    </Layout>
  );
}
