import { ErrorSummary, TextField } from './components/form.js';
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { renderPage } from './render.js';

const ctx = (over: Partial<PageContext> = {}): PageContext => ({
  user: { id: 'u1', email: 'a@ml.example', displayName: 'Awa Diallo', role: 'adviser' },
  csrfToken: 'tok-123',
  path: '/employers/42',
  flash: [],
  timeZone: 'Europe/Paris',
  ...over,
});

describe('Layout', () => {
  it('is a French document with a skip link to the main content', () => {
    const html = renderPage(
      <Layout ctx={ctx()} title="Ma journée">
        <h1>Ma journée</h1>
      </Layout>,
    );
    expect(html.startsWith('<!doctype html><html lang="fr">')).toBe(true);
    expect(html).toContain('<a class="skip" href="#contenu">');
    expect(html).toContain('<main id="contenu"');
    expect(html).toContain('<title>Ma journée — CRM relations entreprises</title>');
  });

  it('escapes text and attributes from the data', () => {
    const html = renderPage(
      <Layout
        ctx={ctx({ user: { ...ctx().user!, displayName: '<script>x</script>' } })}
        title={'"a"'}
      >
        <p title={'"><img>'}>{'<b>'}</p>
      </Layout>,
    );
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script>x&lt;/script>');
    expect(html).not.toContain('"><img>');
    expect(html).toContain('&lt;b>');
  });

  it('marks the current menu entry and hides menus above the role', () => {
    const html = renderPage(
      <Layout ctx={ctx()} title="x">
        {null}
      </Layout>,
    );
    expect(html).toContain('<a href="/employers" aria-current="page">Entreprises</a>');
    expect(html).toContain('<a href="/">Ma journée</a>');
  });

  it('puts the CSRF token in the log-out form', () => {
    const html = renderPage(
      <Layout ctx={ctx()} title="x">
        {null}
      </Layout>,
    );
    expect(html).toMatch(
      /<form method="post" action="\/logout"><input type="hidden" name="_csrf" value="tok-123"\/>/,
    );
  });

  it('shows no menu and no log-out button without a user', () => {
    const html = renderPage(
      <Layout ctx={ctx({ user: null })} title="Connexion">
        {null}
      </Layout>,
    );
    expect(html).not.toContain('/logout');
    expect(html).not.toContain('Menu principal');
  });

  it('shows flash messages as status, errors as alerts', () => {
    const html = renderPage(
      <Layout
        ctx={ctx({
          flash: [
            { kind: 'success', text: 'Contact enregistré.' },
            { kind: 'error', text: 'Non.' },
          ],
        })}
        title="x"
      >
        {null}
      </Layout>,
    );
    expect(html).toContain(
      '<div class="flash flash-success" role="status">Contact enregistré.</div>',
    );
    expect(html).toContain('<div class="flash flash-error" role="alert">Non.</div>');
  });
});

describe('form components', () => {
  it('link each summary error to its field, which says what is wrong', () => {
    const errors = { 'address.postalCode': 'Saisissez un code postal à 5 chiffres' };
    const html = renderPage(
      <form>
        <ErrorSummary errors={errors} />
        <TextField
          name="address.postalCode"
          label="Code postal"
          value="25"
          required
          error={errors['address.postalCode']}
        />
      </form>,
    );
    expect(html).toContain(
      '<a href="#f-address-postalCode">Saisissez un code postal à 5 chiffres</a>',
    );
    expect(html).toContain('id="f-address-postalCode"');
    expect(html).toContain('name="address.postalCode"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="f-address-postalCode-error"');
  });

  it('renders no summary without errors and marks optional fields', () => {
    const html = renderPage(
      <form>
        <ErrorSummary errors={{}} />
        <TextField name="subject" label="Objet" />
      </form>,
    );
    expect(html).not.toContain('error-summary');
    expect(html).toContain('Objet (facultatif)');
  });
});
