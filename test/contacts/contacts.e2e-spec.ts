import { SurveysService } from '../../src/surveys/surveys.service.js';
import { newSurveyToken } from '../../src/surveys/survey-tokens.js';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInvitation, aSurveyCampaign } from '../support/factories/survey.js';

const NOW = new Date('2026-03-10T14:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe('contact persons and interactions', () => {
  let t: TestApp;
  let adviser: Staff;
  let colleague: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    adviser = await t.staff('adviser');
    colleague = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  const lastInteractionAt = async (id: string) =>
    (await t.http.get(`/api/v1/employers/${id}`).set(adviser.auth).expect(200)).body
      .lastInteractionAt as string | null;

  describe('contact persons', () => {
    it('creates, lists, edits and deletes contacts', async () => {
      const employer = await anEmployer(t.ds);
      const created = await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({
          firstName: 'Nadia',
          lastName: 'Benali',
          jobTitle: 'Responsable RH',
          email: 'N.Benali@Example.org',
          phone: '03 81 00 00 00',
          isPrimary: true,
        })
        .expect(201);
      expect(created.body).toMatchObject({
        employerId: employer,
        email: 'n.benali@example.org',
        isPrimary: true,
        surveyRecipient: false,
        optedOutAt: null,
      });
      const edited = await t.http
        .patch(`/api/v1/contacts/${created.body.id}`)
        .set(adviser.auth)
        .send({ optedOutAt: '2026-03-01T10:00:00+01:00', version: 1 })
        .expect(200);
      expect(edited.body.optedOutAt).toBe('2026-03-01T09:00:00.000Z');
      await t.http
        .patch(`/api/v1/contacts/${created.body.id}`)
        .set(adviser.auth)
        .send({ jobTitle: 'DRH', version: 1 })
        .expect(409);
      const list = await t.http
        .get(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      await t.http.delete(`/api/v1/contacts/${created.body.id}`).set(adviser.auth).expect(204);
      const empty = await t.http
        .get(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .expect(200);
      expect(empty.body.items).toEqual([]);
    });

    it('lets only a manager withdraw an opt-out, with a reason kept in the audit log', async () => {
      const employer = await anEmployer(t.ds);
      const contact = await aContact(t.ds, employer, { opted_out_at: hoursAgo(24) });
      const optedOut = async () =>
        (
          await t.ds.query('SELECT opted_out_at, version FROM contact_persons WHERE id = $1', [
            contact,
          ])
        )[0] as { opted_out_at: Date | null; version: number };
      const forbidden = await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(adviser.auth)
        .send({ optedOutAt: null, optOutWithdrawalReason: "L'employeur a rappelé" })
        .expect(403);
      expect(forbidden.headers['content-type']).toContain('application/problem+json');
      expect(forbidden.body.detail).toContain("Seul l'employeur peut retirer son opposition");
      expect((await optedOut()).opted_out_at).toEqual(new Date(hoursAgo(24)));
      // An adviser may still record an opt-out or edit other fields.
      await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(adviser.auth)
        .send({ jobTitle: 'Gérante' })
        .expect(200);
      const noReason = await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(manager.auth)
        .send({ optedOutAt: null })
        .expect(400);
      expect(noReason.body.errors).toEqual([
        expect.objectContaining({ field: 'optOutWithdrawalReason' }),
      ]);
      const blank = await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(manager.auth)
        .send({ optedOutAt: null, optOutWithdrawalReason: '   ' })
        .expect(400);
      expect(blank.body.errors[0].field).toBe('optOutWithdrawalReason');
      await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(manager.auth)
        .send({ jobTitle: 'DRH', optOutWithdrawalReason: 'sans objet' })
        .expect(400);
      expect((await optedOut()).opted_out_at).not.toBeNull();
      const withdrawn = await t.http
        .patch(`/api/v1/contacts/${contact}`)
        .set(manager.auth)
        .send({ optedOutAt: null, optOutWithdrawalReason: 'Courriel du gérant du 9 mars' })
        .expect(200);
      expect(withdrawn.body.optedOutAt).toBeNull();
      const [entry] = await t.ds.query(
        `SELECT actor_id, changes FROM audit_log
          WHERE entity_id = $1 AND changes @> '[{"field":"optOutWithdrawalReason"}]'`,
        [contact],
      );
      expect(entry.actor_id).toBe(manager.id);
      expect(entry.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'optedOutAt', after: null }),
          expect.objectContaining({
            field: 'optOutWithdrawalReason',
            after: 'Courriel du gérant du 9 mars',
          }),
        ]),
      );
    });

    it('keeps at most one primary contact: the new primary takes over', async () => {
      const employer = await anEmployer(t.ds);
      const first = await aContact(t.ds, employer, { is_primary: true });
      const second = await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({ lastName: 'Roux', isPrimary: true })
        .expect(201);
      const rows = await t.ds.query(
        'SELECT id FROM contact_persons WHERE employer_id = $1 AND is_primary',
        [employer],
      );
      expect(rows).toEqual([{ id: second.body.id }]);
      const audit = await t.ds.query(
        "SELECT actor_id, changes FROM audit_log WHERE entity = 'contact_person' AND entity_id = $1",
        [first],
      );
      expect(audit).toEqual([
        { actor_id: adviser.id, changes: [{ field: 'isPrimary', before: true, after: false }] },
      ]);
    });

    it('keeps at most one survey recipient per employer', async () => {
      const employer = await anEmployer(t.ds);
      await aContact(t.ds, employer, { survey_recipient: true });
      const next = await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({ lastName: 'Leroy', email: 'leroy@example.org', surveyRecipient: true })
        .expect(201);
      expect(
        await t.ds.query(
          'SELECT id FROM contact_persons WHERE employer_id = $1 AND survey_recipient',
          [employer],
        ),
      ).toEqual([{ id: next.body.id }]);
    });

    it('rejects a contact without any name or job title, and a bad email', async () => {
      const employer = await anEmployer(t.ds);
      await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({ email: 'x@example.org' })
        .expect(400);
      const res = await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({ lastName: 'X', email: 'not-an-email' })
        .expect(400);
      expect(res.body.errors[0].field).toBe('email');
    });

    it('erases a contact person (manager): identity wiped, interactions kept, no trace in the audit', async () => {
      const employer = await anEmployer(t.ds);
      const contact = await t.http
        .post(`/api/v1/employers/${employer}/contacts`)
        .set(adviser.auth)
        .send({
          firstName: 'Paul',
          lastName: 'Vernier',
          jobTitle: 'Gérant',
          email: 'paul@example.org',
          surveyRecipient: true,
        })
        .expect(201);
      const interaction = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'phone',
          direction: 'inbound',
          occurredAt: hoursAgo(2),
          subject: 'Besoin en apprentissage',
          contactPersonId: contact.body.id,
        })
        .expect(201);
      // A running campaign launched 8 days ago: the 7-day reminder is due, a renewed link allowed.
      const campaign = await aSurveyCampaign(t.ds, {
        launched_at: new Date(NOW.getTime() - 8 * 86_400_000),
        closes_at: new Date(NOW.getTime() + 20 * 86_400_000),
      });
      const invitation = await anInvitation(t.ds, campaign, employer, {
        contact_person_id: contact.body.id,
        email: 'paul@example.org',
      });
      const link = newSurveyToken();
      await t.ds.query(
        `INSERT INTO survey_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'invite')`,
        [link.hash, invitation],
      );
      const mail = (key: string, recipient: string, status: string, body: string) =>
        t.ds.query(
          `INSERT INTO outbound_emails (idempotency_key, recipient, template, params, message_id, status)
           VALUES ($1, $2, 'test', $3, $4, $5)`,
          [key, recipient, { subject: 'Objet', html: body, text: body }, `<${key}@test>`, status],
        );
      await mail(`survey-invite-${invitation}`, 'paul@example.org', 'sent', 'Bonjour Paul');
      await mail(`pending-${invitation}`, 'Paul@Example.org', 'pending', 'Bonjour');
      await mail(`digest-${invitation}`, adviser.email, 'pending', 'Écrire à PAUL@example.org.');

      await t.http.post(`/api/v1/contacts/${contact.body.id}/erase`).set(adviser.auth).expect(403);
      const erased = await t.http
        .post(`/api/v1/contacts/${contact.body.id}/erase`)
        .set(manager.auth)
        .expect(200);
      expect(erased.body).toMatchObject({
        firstName: null,
        lastName: null,
        jobTitle: null,
        email: null,
        phone: null,
        surveyRecipient: false,
        optedOutAt: NOW.toISOString(),
        erasedAt: NOW.toISOString(),
      });
      const kept = await t.http
        .get(`/api/v1/interactions?employerId=${employer}`)
        .set(adviser.auth)
        .expect(200);
      expect(kept.body.items).toEqual([
        expect.objectContaining({ id: interaction.body.id, contactPersonId: contact.body.id }),
      ]);
      const audit = JSON.stringify(
        await t.ds.query('SELECT changes FROM audit_log WHERE entity_id = $1', [contact.body.id]),
      );
      for (const secret of ['Paul', 'Vernier', 'Gérant', 'paul@example.org'])
        expect(audit).not.toContain(secret);
      const invitations = JSON.stringify(
        await t.ds.query('SELECT * FROM survey_invitations WHERE employer_id = $1', [employer]),
      );
      expect(invitations).not.toContain('paul@example.org');
      // No reminder and no renewed link for an erased person.
      expect(await t.get(SurveysService).sendDueReminders(campaign)).toBe(0);
      await t.http.post(`/s/${link.token}/renew`).expect(200);
      const outbox: { recipient: string; status: string; params: unknown }[] = await t.ds.query(
        'SELECT * FROM outbound_emails WHERE idempotency_key LIKE $1 OR idempotency_key LIKE $2',
        [`%${invitation}%`, `%${contact.body.id}%`],
      );
      // The whole outbox, as a dump would show it: the address is nowhere.
      const dump = JSON.stringify(await t.ds.query('SELECT * FROM outbound_emails'));
      expect(dump.toLowerCase()).not.toContain('paul@example.org');
      expect(outbox.map((o) => [o.recipient, o.status]).sort()).toEqual(
        [
          ['effacé', 'sent'],
          ['effacé', 'suppressed'],
          [adviser.email, 'pending'],
        ].sort(),
      );
      expect(JSON.stringify(outbox)).toContain('Écrire à [effacé].');
      const edited = await t.http
        .patch(`/api/v1/contacts/${contact.body.id}`)
        .set(manager.auth)
        .send({ lastName: 'Retour' })
        .expect(409);
      expect(edited.body.code).toBe('PERSON_ERASED');
    });
  });

  describe('interactions', () => {
    it('keeps lastInteractionAt right on create, edit and delete', async () => {
      const employer = await anEmployer(t.ds);
      const log = (occurredAt: string) =>
        t.http
          .post(`/api/v1/employers/${employer}/interactions`)
          .set(adviser.auth)
          .send({ type: 'visit', direction: 'outbound', occurredAt, subject: 'Visite' })
          .expect(201);
      const older = await log(hoursAgo(48));
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(48));
      const newer = await log(hoursAgo(1));
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(1));
      // Logging an older one afterwards does not move it back.
      await log(hoursAgo(72));
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(1));
      await t.http
        .patch(`/api/v1/interactions/${older.body.id}`)
        .set(adviser.auth)
        .send({ occurredAt: hoursAgo(0.5) })
        .expect(200);
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(0.5));
      await t.http.delete(`/api/v1/interactions/${older.body.id}`).set(adviser.auth).expect(204);
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(1));
      await t.http.delete(`/api/v1/interactions/${newer.body.id}`).set(adviser.auth).expect(204);
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(72));
      const audit = await t.ds.query(
        "SELECT action FROM audit_log WHERE entity = 'interaction' AND entity_id = $1 ORDER BY at",
        [older.body.id],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'create',
        'update',
        'delete',
      ]);
    });

    it('keeps lastInteractionAt at the latest when several advisers log at the same time', async () => {
      const employer = await anEmployer(t.ds);
      const times = [5, 1, 4, 2, 3].map((h) => hoursAgo(h));
      await Promise.all(
        times.map((occurredAt, i) =>
          t.http
            .post(`/api/v1/employers/${employer}/interactions`)
            .set([adviser, colleague, manager][i % 3]!.auth)
            .send({ type: 'phone', direction: 'outbound', occurredAt, subject: `Appel ${i}` })
            .expect(201),
        ),
      );
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(1));
    });

    it('refuses an interaction in the future, naming occurredAt, and writes nothing', async () => {
      const employer = await anEmployer(t.ds);
      const res = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'phone',
          direction: 'outbound',
          occurredAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
          subject: 'Demain',
        })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'occurredAt', message: 'must not be in the future' },
      ]);
      expect(
        await t.ds.query('SELECT id FROM interactions WHERE employer_id = $1', [employer]),
      ).toEqual([]);
      expect(await lastInteractionAt(employer)).toBeNull();
    });

    it('wants a date for a next action, not before the interaction', async () => {
      const employer = await anEmployer(t.ds);
      const post = (body: object) =>
        t.http
          .post(`/api/v1/employers/${employer}/interactions`)
          .set(adviser.auth)
          .send({
            type: 'visit',
            direction: 'outbound',
            occurredAt: hoursAgo(1),
            subject: 'x',
            ...body,
          })
          .expect(400);
      expect((await post({ nextAction: 'Rappeler' })).body.errors).toEqual([
        { field: 'nextActionAt', message: 'is required with nextAction' },
      ]);
      expect((await post({ nextActionAt: hoursAgo(5) })).body.errors).toEqual([
        { field: 'nextActionAt', message: 'must not be before occurredAt' },
      ]);
    });

    it('refuses a timestamp without an offset and an unknown need', async () => {
      const employer = await anEmployer(t.ds);
      const res = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'phone',
          direction: 'outbound',
          occurredAt: '2026-03-10T10:00:00',
          subject: 'x',
          needs: ['money'],
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'needs',
        'occurredAt',
      ]);
    });

    it('refuses a contact person of another employer', async () => {
      const employer = await anEmployer(t.ds);
      const elsewhere = await aContact(t.ds, await anEmployer(t.ds));
      const res = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'email',
          direction: 'outbound',
          occurredAt: hoursAgo(1),
          subject: 'x',
          contactPersonId: elsewhere,
        })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'contactPersonId', message: 'is not a contact person of this employer' },
      ]);
    });

    it('lets only the author or a manager edit or delete', async () => {
      const employer = await anEmployer(t.ds);
      const mine = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({ type: 'meeting', direction: 'outbound', occurredAt: hoursAgo(3), subject: 'RDV' })
        .expect(201);
      expect(mine.body.authorId).toBe(adviser.id);
      await t.http
        .patch(`/api/v1/interactions/${mine.body.id}`)
        .set(colleague.auth)
        .send({ subject: 'Pas à moi' })
        .expect(403);
      await t.http.delete(`/api/v1/interactions/${mine.body.id}`).set(colleague.auth).expect(403);
      await t.http
        .patch(`/api/v1/interactions/${mine.body.id}`)
        .set(manager.auth)
        .send({ subject: 'Corrigé par la direction', version: 1 })
        .expect(200);
      await t.http.delete(`/api/v1/interactions/${mine.body.id}`).set(manager.auth).expect(204);
    });

    it('filters the contact log by employer, author, type, direction and period', async () => {
      const employer = await anEmployer(t.ds);
      const a = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(colleague.auth)
        .send({
          type: 'email',
          direction: 'inbound',
          occurredAt: '2026-03-09T10:00:00+01:00',
          subject: 'Offre',
          needs: ['recruitment', 'recruitment'],
        })
        .expect(201);
      expect(a.body.needs).toEqual(['recruitment']);
      await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(colleague.auth)
        .send({ type: 'visit', direction: 'outbound', occurredAt: hoursAgo(1), subject: 'Visite' })
        .expect(201);
      const ids = async (q: string) =>
        (
          await t.http.get(`/api/v1/interactions?${q}`).set(adviser.auth).expect(200)
        ).body.items.map((i: { id: string }) => i.id);
      expect(await ids(`employerId=${employer}&type=email`)).toEqual([a.body.id]);
      expect(await ids(`authorId=${colleague.id}&direction=inbound`)).toEqual([a.body.id]);
      expect(await ids(`employerId=${employer}&from=2026-03-09&to=2026-03-10`)).toEqual([
        a.body.id,
      ]);
      expect(await ids(`employerId=${employer}`)).toHaveLength(2);
    });

    it('refuses to log on an employer merged into another, pointing at it', async () => {
      const target = await anEmployer(t.ds);
      const merged = await anEmployer(t.ds, { merged_into_id: target, status: 'archived' });
      const res = await t.http
        .post(`/api/v1/employers/${merged}/interactions`)
        .set(adviser.auth)
        .send({ type: 'phone', direction: 'outbound', occurredAt: hoursAgo(1), subject: 'x' })
        .expect(409);
      expect(res.body.mergedIntoId).toBe(target);
    });

    // The creation is one statement (ADR 1602, 2026-11-30): the checks it makes in SQL keep the
    // answers' order, and a refused request writes nothing, not even its audit entry.
    it('answers an unknown employer 404 and a merged one 409 before the field errors, writing nothing', async () => {
      const future = new Date(NOW.getTime() + 86_400_000).toISOString();
      const body = { type: 'phone', direction: 'outbound', occurredAt: future, subject: 'x' };
      const unknown = await t.http
        .post(`/api/v1/employers/00000000-0000-4000-8000-00000000abcd/interactions`)
        .set(adviser.auth)
        .send(body)
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
      const target = await anEmployer(t.ds);
      const merged = await anEmployer(t.ds, { merged_into_id: target, status: 'archived' });
      const refused = await t.http
        .post(`/api/v1/employers/${merged}/interactions`)
        .set(adviser.auth)
        .send(body)
        .expect(409);
      expect([refused.body.code, refused.body.mergedIntoId]).toEqual(['EMPLOYER_MERGED', target]);
      const archived = await anEmployer(t.ds, { status: 'archived' });
      const erased = await aContact(t.ds, archived, { erased_at: NOW.toISOString() });
      const both = await t.http
        .post(`/api/v1/employers/${archived}/interactions`)
        .set(adviser.auth)
        .send({ ...body, contactPersonId: erased })
        .expect(400);
      expect(both.body.errors).toEqual([
        { field: 'occurredAt', message: 'must not be in the future' },
        { field: 'contactPersonId', message: 'this contact person was erased' },
      ]);
      const [written] = await t.ds.query(
        `SELECT (SELECT count(*)::int FROM interactions WHERE employer_id = ANY($1)) AS interactions,
                (SELECT count(*)::int FROM audit_log a JOIN interactions i ON i.id = a.entity_id
                  WHERE i.employer_id = ANY($1)) AS audit,
                (SELECT count(*)::int FROM employers
                  WHERE id = ANY($1) AND last_interaction_at IS NOT NULL) AS moved`,
        [[merged, archived, target]],
      );
      expect(written).toEqual({ interactions: 0, audit: 0, moved: 0 });
    });

    it('answers the row as stored and audits every field given, on an archived employer too', async () => {
      const employer = await anEmployer(t.ds, { status: 'archived' });
      const contact = await aContact(t.ds, employer);
      const res = await t.http
        .post(`/api/v1/employers/${employer}/interactions`)
        .set(adviser.auth)
        .send({
          type: 'visit',
          direction: 'inbound',
          occurredAt: hoursAgo(2),
          subject: '  Visite du site  ',
          summary: 'Deux postes en vue',
          needs: ['training', 'recruitment', 'training'],
          contactPersonId: contact.toUpperCase(),
          nextActionAt: hoursAgo(-48),
          nextAction: 'Envoyer les profils',
        })
        .expect(201);
      const stored = await t.http
        .get(`/api/v1/interactions?employerId=${employer}`)
        .set(adviser.auth)
        .expect(200);
      expect(stored.body.items).toEqual([res.body]);
      expect(res.body).toMatchObject({
        employerId: employer,
        contactPersonId: contact,
        authorId: adviser.id,
        subject: 'Visite du site',
        needs: ['training', 'recruitment'],
        version: 1,
      });
      const audit = await t.ds.query(
        `SELECT actor_id, action, changes FROM audit_log WHERE entity = 'interaction' AND entity_id = $1`,
        [res.body.id],
      );
      expect(audit).toEqual([
        {
          actor_id: adviser.id,
          action: 'create',
          changes: [
            { field: 'authorId', after: adviser.id },
            { field: 'contactPersonId', after: contact },
            { field: 'direction', after: 'inbound' },
            { field: 'employerId', after: employer },
            { field: 'id', after: res.body.id },
            { field: 'needs', after: ['training', 'recruitment'] },
            { field: 'nextAction', after: 'Envoyer les profils' },
            { field: 'nextActionAt', after: hoursAgo(-48) },
            { field: 'occurredAt', after: hoursAgo(2) },
            { field: 'subject', after: 'Visite du site' },
            { field: 'summary', after: 'Deux postes en vue' },
            { field: 'type', after: 'visit' },
          ],
        },
      ]);
      expect(await lastInteractionAt(employer)).toBe(hoursAgo(2));
    });
  });
});
