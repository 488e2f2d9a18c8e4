import type { DataSource } from 'typeorm';
import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer, aSiret } from '../support/factories/employer.js';
import { aContact } from '../support/factories/contact.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { anEvent, aParticipation } from '../support/factories/event.js';
import { anInvitation, aSurveyCampaign, aSurveyResponse } from '../support/factories/survey.js';

/** Every (table, column) with a foreign key to employers(id), read from the catalogue. */
async function employerReferences(ds: DataSource): Promise<{ table: string; column: string }[]> {
  return ds.query(`
    SELECT c.conrelid::regclass::text AS table, a.attname AS column
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = 'employers'::regclass
     ORDER BY 1, 2`);
}

async function rowsPointingAt(ds: DataSource, id: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, column } of await employerReferences(ds)) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
      id,
    ]);
    counts[`${table}.${column}`] = n;
  }
  return counts;
}

describe('merging employers', () => {
  let t: TestApp;
  let adviser: Staff;
  let manager: Staff;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-10-01T08:00:00Z') });
    adviser = await t.staff('adviser');
    manager = await t.staff('manager');
  });
  afterAll(() => t.close());

  it('knows every foreign key to employers (a new one must be handled by the merge)', async () => {
    expect(await employerReferences(t.ds)).toEqual([
      { table: 'contact_persons', column: 'employer_id' },
      { table: 'employers', column: 'merged_into_id' },
      { table: 'event_employers', column: 'employer_id' },
      { table: 'interactions', column: 'employer_id' },
      { table: 'job_offers', column: 'employer_id' },
      { table: 'placements', column: 'employer_id' },
      { table: 'survey_invitations', column: 'employer_id' },
    ]);
  });

  it('moves everything onto the target in one go, archives the source and leaves nothing pointing at it', async () => {
    const source = await anEmployer(t.ds, {
      legal_name: 'Boulangerie Martin',
      siret: aSiret(),
      tags: ['alimentaire', 'apprentissage'],
      status: 'partner',
      naf_code: '10.71C',
      notes: 'Notes de la fiche en double',
    });
    const target = await anEmployer(t.ds, {
      legal_name: 'Boulangerie Martin SARL',
      siret: null,
      naf_code: null,
      status: 'prospect',
      tags: ['Alimentaire', 'centre-ville'],
    });
    const [{ siret: sourceSiret }] = await t.ds.query('SELECT siret FROM employers WHERE id = $1', [
      source,
    ]);
    // Attached to the source: every kind of row.
    const primaryOfSource = await aContact(t.ds, source, { is_primary: true, last_name: 'Source' });
    const primaryOfTarget = await aContact(t.ds, target, { is_primary: true, last_name: 'Cible' });
    const interaction = await anInteraction(t.ds, source, adviser.id, {
      occurred_at: new Date('2026-09-20T10:00:00Z'),
      contact_person_id: primaryOfSource,
    });
    await anInteraction(t.ds, target, adviser.id, {
      occurred_at: new Date('2026-05-01T10:00:00Z'),
    });
    const offer = await aJobOffer(t.ds, source);
    const placement = await aPlacement(t.ds, source, {
      job_offer_id: offer,
    });
    const followUp = await aFollowUp(t.ds, placement, { status: 'done', done_on: '2026-09-01' });
    // Survey: one campaign where only the source was invited, one where both were and only the
    // source answered, one where both answered.
    const onlySource = await anInvitation(t.ds, await aSurveyCampaign(t.ds), source);
    const bothCampaign = await aSurveyCampaign(t.ds);
    const sourceInvited = await anInvitation(t.ds, bothCampaign, source);
    const targetInvited = await anInvitation(t.ds, bothCampaign, target);
    const movedResponse = await aSurveyResponse(t.ds, sourceInvited, { q1: 5 });
    const bothAnswered = await aSurveyCampaign(t.ds);
    const droppedInvitation = await anInvitation(t.ds, bothAnswered, source);
    await aSurveyResponse(t.ds, droppedInvitation, { q1: 2 });
    const keptResponse = await aSurveyResponse(
      t.ds,
      await anInvitation(t.ds, bothAnswered, target),
      { q1: 4 },
    );
    // Events: one only the source attended, one both attended (composite key).
    const soloEvent = await anEvent(t.ds);
    await aParticipation(t.ds, soloEvent, source, [offer]);
    const sharedEvent = await anEvent(t.ds);
    await aParticipation(t.ds, sharedEvent, source, [offer]);
    await aParticipation(t.ds, sharedEvent, target);
    // A record merged into the source earlier.
    const older = await anEmployer(t.ds, { merged_into_id: source, status: 'archived' });

    const timelineBefore = (
      await t.http.get(`/api/v1/employers/${source}/timeline`).set(adviser.auth).expect(200)
    ).body.items.length;

    await t.http
      .post(`/api/v1/employers/${source}/merge`)
      .set(adviser.auth)
      .send({ intoId: target })
      .expect(403);
    const res = await t.http
      .post(`/api/v1/employers/${source}/merge`)
      .set(manager.auth)
      .send({ intoId: target })
      .expect(200);

    expect(res.body).toMatchObject({
      id: target,
      siret: sourceSiret,
      status: 'partner',
      nafCode: '10.71C',
      lastInteractionAt: '2026-09-20T10:00:00.000Z',
    });
    expect(res.body.tags).toEqual(['Alimentaire', 'centre-ville', 'apprentissage']);
    expect(res.body.notes).toBe('Notes de la fiche en double');

    expect(await rowsPointingAt(t.ds, source)).toEqual({
      'contact_persons.employer_id': 0,
      'employers.merged_into_id': 0,
      'event_employers.employer_id': 0,
      'interactions.employer_id': 0,
      'job_offers.employer_id': 0,
      'placements.employer_id': 0,
      'survey_invitations.employer_id': 0,
    });

    const archived = await t.http.get(`/api/v1/employers/${source}`).set(adviser.auth).expect(200);
    expect(archived.body).toMatchObject({ status: 'archived', mergedIntoId: target, siret: null });
    const [{ merged_into_id }] = await t.ds.query(
      'SELECT merged_into_id FROM employers WHERE id = $1',
      [older],
    );
    expect(merged_into_id).toBe(target);

    // Contacts: all moved, the target's primary stays the only primary.
    const primaries = await t.ds.query(
      'SELECT id FROM contact_persons WHERE employer_id = $1 AND is_primary',
      [target],
    );
    expect(primaries).toEqual([{ id: primaryOfTarget }]);
    const [{ employer_id: contactEmployer }] = await t.ds.query(
      'SELECT employer_id FROM contact_persons WHERE id = $1',
      [primaryOfSource],
    );
    expect(contactEmployer).toBe(target);
    // The follow-up still hangs off its (moved) placement.
    const [{ employer_id: placementEmployer }] = await t.ds.query(
      'SELECT p.employer_id FROM follow_ups f JOIN placements p ON p.id = f.placement_id WHERE f.id = $1',
      [followUp],
    );
    expect(placementEmployer).toBe(target);
    // Survey: the lone invitation moved; the source-only answer moved onto the target's invitation;
    // when both answered the target's answer stays and the other is kept in the audit log.
    const invitations = await t.ds.query(
      'SELECT id FROM survey_invitations WHERE employer_id = $1 ORDER BY id',
      [target],
    );
    expect(invitations).toHaveLength(3);
    expect(invitations.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([onlySource, targetInvited]),
    );
    expect(
      await t.ds.query('SELECT id FROM survey_invitations WHERE id = ANY($1)', [
        [sourceInvited, droppedInvitation],
      ]),
    ).toEqual([]);
    const [moved] = await t.ds.query('SELECT invitation_id FROM survey_responses WHERE id = $1', [
      movedResponse,
    ]);
    expect(moved.invitation_id).toBe(targetInvited);
    expect(
      await t.ds.query('SELECT id FROM survey_responses WHERE id = $1', [keptResponse]),
    ).toHaveLength(1);
    // Events: both participations on the target, the shared one with the source's offers folded in.
    const participations = await t.ds.query(
      'SELECT event_id, job_offer_ids FROM event_employers WHERE employer_id = $1 ORDER BY event_id',
      [target],
    );
    expect(participations).toHaveLength(2);
    for (const p of participations) expect(p.job_offer_ids).toEqual([offer]);

    // Nothing lost from the timeline: the target's shows all the source's history.
    const timeline = await t.http
      .get(`/api/v1/employers/${target}/timeline?limit=100`)
      .set(adviser.auth)
      .expect(200);
    const timelineIds = timeline.body.items.map((i: { id: string }) => i.id);
    for (const id of [
      interaction,
      offer,
      placement,
      followUp,
      soloEvent,
      sharedEvent,
      movedResponse,
    ])
      expect(timelineIds).toContain(id);
    expect(timelineBefore).toBeGreaterThan(0);

    // Audited on both records, in the same transaction.
    const audit = await t.ds.query(
      "SELECT entity_id, action, actor_id, changes FROM audit_log WHERE action IN ('merge', 'merge_into') ORDER BY action",
    );
    expect(
      audit.map((a: { entity_id: string; action: string }) => [a.action, a.entity_id]),
    ).toEqual([
      ['merge', source],
      ['merge_into', target],
    ]);
    expect(JSON.stringify(audit[0].changes)).toContain('"q1":2');
  });

  it('lets one of two crossed merges (A into B, B into A) win, without deadlock or 500', async () => {
    const a = await anEmployer(t.ds);
    const b = await anEmployer(t.ds);
    const results = await Promise.all([
      t.http.post(`/api/v1/employers/${a}/merge`).set(manager.auth).send({ intoId: b }),
      t.http.post(`/api/v1/employers/${b}/merge`).set(manager.auth).send({ intoId: a }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await t.ds.query(
      'SELECT count(*)::int AS n FROM employers WHERE id = ANY($1) AND merged_into_id IS NOT NULL',
      [[a, b]],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('refuses an interaction logged while the employer is being merged, leaving nothing behind', async () => {
    const source = await anEmployer(t.ds);
    const target = await anEmployer(t.ds);
    const log = () =>
      t.http.post(`/api/v1/employers/${source}/interactions`).set(manager.auth).send({
        type: 'phone',
        direction: 'outbound',
        occurredAt: '2026-10-01T07:00:00.000Z',
        subject: 'Pendant la fusion',
      });
    // A merge holding the source's row (as lockForMerge does) when the interaction arrives:
    // creating it waits for the merge, then sees it and answers 409, leaving nothing behind.
    const merge = t.ds.createQueryRunner();
    await merge.connect();
    await merge.startTransaction();
    try {
      await merge.query('SELECT id FROM employers WHERE id = ANY($1) ORDER BY id FOR UPDATE', [
        [source, target],
      ]);
      const res = log().then((r) => r);
      // Let the request reach the database and wait on the lock.
      await new Promise((r) => setTimeout(r, 300));
      await merge.query('UPDATE employers SET merged_into_id = $2 WHERE id = $1', [source, target]);
      await merge.commitTransaction();
      const answer = await res;
      expect([answer.status, answer.body.code]).toEqual([409, 'EMPLOYER_MERGED']);
    } finally {
      if (merge.isTransactionActive) await merge.rollbackTransaction();
      await merge.release();
    }
    const [{ n }] = await t.ds.query(
      'SELECT count(*)::int AS n FROM interactions WHERE employer_id = $1',
      [source],
    );
    expect(n).toBe(0);
  });

  it('refuses to merge an employer into itself, into an archived one, or twice', async () => {
    const a = await anEmployer(t.ds);
    const b = await anEmployer(t.ds);
    const archived = await anEmployer(t.ds, { status: 'archived' });
    await t.http
      .post(`/api/v1/employers/${a}/merge`)
      .set(manager.auth)
      .send({ intoId: a })
      .expect(400);
    const intoArchived = await t.http
      .post(`/api/v1/employers/${a}/merge`)
      .set(manager.auth)
      .send({ intoId: archived })
      .expect(409);
    expect(intoArchived.body.code).toBe('MERGE_TARGET_ARCHIVED');
    await t.http
      .post(`/api/v1/employers/${a}/merge`)
      .set(manager.auth)
      .send({ intoId: 'not-a-uuid' })
      .expect(400);
    await t.http
      .post(`/api/v1/employers/${a}/merge`)
      .set(manager.auth)
      .send({ intoId: b })
      .expect(200);
    const again = await t.http
      .post(`/api/v1/employers/${a}/merge`)
      .set(manager.auth)
      .send({ intoId: b })
      .expect(409);
    expect(again.body.mergedIntoId).toBe(b);
    expect(again.body.code).toBe('EMPLOYER_MERGED');
    await t.http
      .patch(`/api/v1/employers/${a}`)
      .set(manager.auth)
      .send({ version: 2, notes: 'x' })
      .expect(409);
  });
});
