import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aHiredPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { anInvitationWithToken, aSurveyCampaign } from '../support/factories/survey.js';

// Access to one object through a valid credential for another: someone else's interaction,
// someone else's calendar feed, someone else's survey invitation.

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

describe('object-level access', () => {
  let t: TestApp;
  let alice: Staff;
  let bob: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.staff('adviser');
    bob = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  const interactionRow = async (id: string) =>
    (
      (await t.ds.query(`SELECT subject, version FROM interactions WHERE id = $1`, [id])) as {
        subject: string;
        version: number;
      }[]
    )[0];

  describe("another adviser's interaction", () => {
    it('cannot be edited or deleted by another adviser (403, row untouched)', async () => {
      const employer = await anEmployer(t.ds);
      const id = await anInteraction(t.ds, employer, alice.id, { subject: "Celle d'Alice" });
      const audit = async () =>
        (
          (await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [
            id,
          ])) as { n: number }[]
        )[0]!.n;

      const patch = await t.http
        .patch(`/api/v1/interactions/${id}`)
        .set(bob.auth)
        .send({ subject: 'Réécrite par Bob' });
      expect(patch.status).toBe(403);
      expect(patch.type).toBe('application/problem+json');
      const del = await t.http.delete(`/api/v1/interactions/${id}`).set(bob.auth);
      expect(del.status).toBe(403);
      expect(await interactionRow(id)).toEqual({ subject: "Celle d'Alice", version: 1 });
      expect(await audit()).toBe(0);

      // Its author can.
      await t.http
        .patch(`/api/v1/interactions/${id}`)
        .set(alice.auth)
        .send({ subject: 'Corrigée par Alice' })
        .expect(200);
      expect((await interactionRow(id))!.subject).toBe('Corrigée par Alice');
    });

    it('can be edited and deleted by a manager', async () => {
      const employer = await anEmployer(t.ds);
      const id = await anInteraction(t.ds, employer, alice.id);
      await t.http
        .patch(`/api/v1/interactions/${id}`)
        .set(manager.auth)
        .send({ subject: 'Revue par le manager' })
        .expect(200);
      expect((await interactionRow(id))!.subject).toBe('Revue par le manager');
      const del = await t.http.delete(`/api/v1/interactions/${id}`).set(manager.auth);
      expect(del.status).toBeGreaterThanOrEqual(200);
      expect(del.status).toBeLessThan(300);
      expect(await interactionRow(id)).toBeUndefined();
    });
  });

  describe('calendar tokens', () => {
    it("return the token owner's follow-ups only, never another adviser's", async () => {
      const mine = await anEmployer(t.ds, { legal_name: 'Boulangerie Alice', trade_name: null });
      const theirs = await anEmployer(t.ds, { legal_name: 'Garage Bob', trade_name: null });
      const pa = await aHiredPlacement(t.ds, mine, { adviser_id: alice.id });
      const pb = await aHiredPlacement(t.ds, theirs, { adviser_id: bob.id });
      const fa = await aFollowUp(t.ds, pa, { due_date: day(5) });
      const fb = await aFollowUp(t.ds, pb, { due_date: day(5) });

      const feeds: Record<string, string> = {};
      for (const who of [alice, bob]) {
        const res = await t.http.post('/api/v1/me/calendar-url').set(who.auth).expect(201);
        const url = new URL((res.body as { url: string }).url);
        const ics = await t.http.get(url.pathname).expect(200);
        feeds[who.id] = ics.text;
      }
      expect(feeds[alice.id]).toContain(`follow-up-${fa}@`);
      expect(feeds[alice.id]).toContain('Boulangerie Alice');
      expect(feeds[alice.id]).not.toContain(fb);
      expect(feeds[alice.id]).not.toContain('Garage Bob');
      expect(feeds[bob.id]).toContain(`follow-up-${fb}@`);
      expect(feeds[bob.id]).not.toContain(fa);
      expect(feeds[bob.id]).not.toContain('Boulangerie Alice');
    });

    it('stop working once replaced, and never fall back to someone else', async () => {
      const first = await t.http.post('/api/v1/me/calendar-url').set(alice.auth).expect(201);
      const old = new URL((first.body as { url: string }).url).pathname;
      await t.http.get(old).expect(200);
      await t.http.post('/api/v1/me/calendar-url').set(alice.auth).expect(201);
      expect((await t.http.get(old)).status).toBe(404);
    });
  });

  describe('survey tokens', () => {
    const invitationState = async (id: string) =>
      (
        (await t.ds.query(
          `SELECT i.answered_at, i.opted_out_at,
                (SELECT count(*)::int FROM survey_responses r WHERE r.invitation_id = i.id) AS responses,
                (SELECT count(*)::int FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
                  WHERE r.invitation_id = i.id) AS answers,
                (SELECT count(*)::int FROM survey_tokens st WHERE st.invitation_id = i.id) AS tokens
           FROM survey_invitations i WHERE i.id = $1`,
          [id],
        )) as Record<string, unknown>[]
      )[0];

    it("of one employer never show, answer, unsubscribe or renew another employer's invitation", async () => {
      const campaign = await aSurveyCampaign(t.ds);
      const ex = await anEmployer(t.ds, { legal_name: 'Menuiserie Xavier', trade_name: null });
      const ey = await anEmployer(t.ds, { legal_name: 'Fromagerie Yvonne', trade_name: null });
      const x = await anInvitationWithToken(t.ds, campaign, ex, {
        contact_person_id: await aContact(t.ds, ex),
      });
      const y = await anInvitationWithToken(t.ds, campaign, ey, {
        contact_person_id: await aContact(t.ds, ey),
      });
      const yBefore = await invitationState(y.invitationId);

      const page = await t.http.get(`/s/${x.token}`).expect(200);
      expect(page.text).toContain('Menuiserie Xavier');
      expect(page.text).not.toContain('Fromagerie Yvonne');

      await t.http
        .post(`/s/${x.token}`)
        .type('form')
        .send({ satisfaction: '5', recommend: '9', recruitment_needs: '1-2', comment: 'Très bien' })
        .expect(200);
      await t.http.post(`/s/${x.token}/unsubscribe`).expect(200);
      await t.http.post(`/s/${x.token}/renew`);

      const xAfter = await invitationState(x.invitationId);
      expect(xAfter).toMatchObject({ responses: 1 });
      expect(xAfter!.answered_at).not.toBeNull();
      expect(await invitationState(y.invitationId)).toEqual(yBefore);
      // Y's link still shows Y's own, unanswered form.
      const yPage = await t.http.get(`/s/${y.token}`).expect(200);
      expect(yPage.text).toContain('Fromagerie Yvonne');
      expect(yPage.text).not.toContain('Menuiserie Xavier');
      expect(yPage.text).not.toContain('Très bien');
    });

    it('that are near misses of a real one (one character changed, truncated, padded) reach nothing', async () => {
      const campaign = await aSurveyCampaign(t.ds);
      const e = await anEmployer(t.ds);
      const x = await anInvitationWithToken(t.ds, campaign, e);
      const before = await invitationState(x.invitationId);
      const flip = (c: string) => (c === 'A' ? 'B' : 'A');
      const near = [
        `${flip(x.token[0]!)}${x.token.slice(1)}`,
        `${x.token.slice(0, -1)}${flip(x.token.at(-1)!)}`,
        x.token.slice(0, 42),
        `${x.token}A`,
        x.token.toLowerCase() === x.token ? x.token.toUpperCase() : x.token.toLowerCase(),
      ];
      for (const token of near) {
        expect((await t.http.get(`/s/${encodeURIComponent(token)}`)).status).toBe(404);
        const post = await t.http
          .post(`/s/${encodeURIComponent(token)}`)
          .type('form')
          .send({ satisfaction: '1' });
        expect(post.status).toBe(404);
        expect((await t.http.post(`/s/${encodeURIComponent(token)}/unsubscribe`)).status).toBe(404);
      }
      expect(await invitationState(x.invitationId)).toEqual(before);
    });
  });
});
