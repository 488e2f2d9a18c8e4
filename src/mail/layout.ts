/** Escapes text for HTML: every value a template interpolates goes through this. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolated value; nest with `raw()` for trusted fragments. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}
export const raw = (value: string) => new SafeHtml(value);
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof SafeHtml ? x.value : escapeHtml(x))).join('')
      : v instanceof SafeHtml
        ? v.value
        : escapeHtml(v);
    out += part + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export interface LayoutInput {
  /** Shown as the heading and used as the HTML title. */
  title: string;
  bodyHtml: SafeHtml;
  bodyText: string;
  /** e.g. the unsubscribe link, below the signature. */
  footerHtml?: SafeHtml;
  footerText?: string;
}

/** The one layout every mail shares: French, readable without images, plain-text twin. */
export function layout(input: LayoutInput): { html: string; text: string } {
  const page = html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${input.title}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f4f4f7;font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;"
      >
        <div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;">
          <h1 style="font-size:20px;margin:0 0 16px;">${input.title}</h1>
          ${input.bodyHtml}
          <p style="margin-top:32px;">L’équipe relations entreprises de la Mission Locale</p>
          ${
            input.footerHtml
              ? html`<hr style="border:none;border-top:1px solid #ddd;margin:24px 0;" />
                  <div style="font-size:13px;color:#444;">${input.footerHtml}</div>`
              : ''
          }
        </div>
      </body>
    </html>`;
  const text = [
    input.title,
    '',
    input.bodyText.trim(),
    '',
    'L’équipe relations entreprises de la Mission Locale',
    ...(input.footerText ? ['', '--', input.footerText] : []),
  ].join('\n');
  return { html: page.value, text };
}
