import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A page component's output as an HTML document. Text and attributes are escaped by Preact. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's props
export function renderPage(page: VNode<any>): string {
  return `<!doctype html>${renderToString(page)}`;
}

/**
 * What a web controller ends with: the page as HTML, never cached (pages show personal data and
 * the session's CSRF token), with the status given (400 for a form sent back with its errors).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's props
export function render(res: Response, page: VNode<any>, status = 200): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(renderPage(page));
}

/** After a successful POST: 303 so that reloading the next page does not send the form again. */
export function redirectAfterPost(res: Response, location: string): void {
  res.redirect(303, location);
}
