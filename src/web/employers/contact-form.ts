import { list, text } from '../forms.js';
import type { ContactFormValues } from './employers.pages.js';

/** The contact log form as posted (logging a contact and correcting one), under the API's names. */
export function contactFormOf(body: Record<string, unknown>): ContactFormValues {
  return {
    type: text(body, 'type'),
    direction: text(body, 'direction'),
    occurredAt: text(body, 'occurredAt'),
    contactPersonId: text(body, 'contactPersonId'),
    subject: text(body, 'subject'),
    summary: text(body, 'summary'),
    needs: list(body, 'needs'),
    nextActionAt: text(body, 'nextActionAt'),
    nextAction: text(body, 'nextAction'),
  };
}
