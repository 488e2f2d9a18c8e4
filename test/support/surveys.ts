import type { DataSource } from 'typeorm';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service.js';
import { aContact } from './factories/contact.js';
import { type EmployerColumns, anEmployer } from './factories/employer.js';
import { anInteraction } from './factories/interaction.js';
import { hex } from './factories/sql.js';
import { aUser } from './factories/user.js';
import type { TestApp } from './test-app.js';

// Survey scenarios: an employer in the campaign's audience, and the outbox delivered synchronously.

/** An employer in the audience: recent interaction and a primary contact with an email. */
export async function anActiveEmployer(
  ds: DataSource,
  now: Date,
  o: EmployerColumns & { email?: string } = {},
): Promise<{ employerId: string; contactId: string; email: string }> {
  const { email = `rh-${hex(4)}@employeur.example`, ...columns } = o;
  const employerId = await anEmployer(ds, columns);
  const contactId = await aContact(ds, employerId, { email });
  await anInteraction(ds, employerId, await aUser(ds), {
    type: 'visit',
    subject: 'Visite',
    occurred_at: new Date(now.getTime() - 30 * 86_400_000),
  });
  return { employerId, contactId, email };
}

/**
 * Stand-in for the `mail` worker (issue 6), kept here so the lead can switch these tests to the
 * real worker: sends every pending outbox row through the real transport (real SMTP sink), marks
 * it sent (or failed on a 5xx, suppressing the address), and purges bodies marked purgeOnSend.
 */
export async function deliverPendingMail(t: TestApp): Promise<number> {
  // The real delivery path the `mail` worker runs, called synchronously so tests stay deterministic.
  const rows = (await t.ds.query(
    `SELECT id FROM outbound_emails WHERE status = 'pending' ORDER BY created_at, id`,
  )) as { id: string }[];
  for (const r of rows) await t.get(MailDeliveryService).deliver(r.id, { finalAttempt: true });
  return rows.length;
}
