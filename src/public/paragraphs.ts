import { escapeHtml } from '../mail/layout.js';

/**
 * An offer's plain-text description as HTML, the one rendering shared by the offer page, the RSS
 * feed and the JSON-LD: a blank line separates paragraphs, a single newline becomes `<br>` (and
 * stays a newline), and every character of the text is escaped.
 */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split(/\r?\n/).map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}
