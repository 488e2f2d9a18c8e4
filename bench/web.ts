// Staff web pages in the benchmark (issue 15, "Fast"): a session opened as a browser does it
// (GET /login for the CSRF token and its cookie, POST /login), then the pages are loaded with
// the session cookie like any other endpoint.

const cookieOf = (res: Response, pattern: RegExp): string | null => {
  const line = res.headers.getSetCookie().find((c) => pattern.test(c.split('=')[0] ?? ''));
  return line ? line.split(';')[0]! : null;
};

/** Logs in through the login form; answers the `Cookie` header of the session. */
export async function webLogin(
  base: string,
  origin: string,
  email: string,
  password: string,
): Promise<string> {
  const form = await fetch(`${base}/login`);
  const loginCookie = cookieOf(form, /login_csrf/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!loginCookie || !csrf) throw new Error('GET /login gave no CSRF token');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: loginCookie,
      origin,
    },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const session = cookieOf(res, /session/);
  if (res.status !== 303 || !session) throw new Error(`web login ${email}: ${res.status}`);
  return session;
}
