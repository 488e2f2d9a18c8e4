import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';
import { anEmployer } from '../support/factories/employer.js';
import { anInteraction } from '../support/factories/interaction.js';
import { aYoungPerson } from '../support/factories/young-person.js';
import { aJobOffer } from '../support/factories/job-offer.js';
import { aPlacement } from '../support/factories/placement.js';
import { aFollowUp } from '../support/factories/follow-up.js';
import { anEvent, aParticipation } from '../support/factories/event.js';
import { anInvitation, aSurveyCampaign, aSurveyResponse } from '../support/factories/survey.js';

describe('employer timeline', () => {
  let t: TestApp;
  let adviser: Staff;
  let employer: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-09-01T08:00:00Z') });
    adviser = await t.staff('adviser');
    employer = await anEmployer(t.ds);
    const other = await anEmployer(t.ds);
    ids.interaction = await anInteraction(t.ds, employer, adviser.id, {
      occurred_at: new Date('2026-01-10T09:00:00Z'),
      subject: 'Premier appel',
    });
    ids.offer = await aJobOffer(t.ds, employer, {
      created_at: new Date('2026-02-01T10:00:00Z'),
      title: 'Commis de cuisine',
    });
    const young = await aYoungPerson(t.ds);
    ids.placement = await aPlacement(t.ds, employer, {
      young_person_id: young,
      status: 'hired',
      contract_type: 'cdd',
      start_date: '2026-03-02',
      end_date: '2026-08-31',
      hired_at: new Date('2026-03-01T10:00:00Z'),
    });
    ids.followUpDone = await aFollowUp(t.ds, ids.placement, {
      due_date: '2026-03-09',
      status: 'done',
      done_on: '2026-03-10',
      outcome: 'Bonne intégration',
      risk: 'none',
    });
    // Planned follow-ups are the agenda, not history: not on the timeline.
    await aFollowUp(t.ds, ids.placement, { due_date: '2026-12-01', status: 'planned' });
    const campaign = await aSurveyCampaign(t.ds, { year: 2026 });
    const invitation = await anInvitation(t.ds, campaign, employer);
    ids.response = await aSurveyResponse(
      t.ds,
      invitation,
      { q1: 4, q2: 9 },
      {
        submitted_at: new Date('2026-05-20T12:00:00Z'),
      },
    );
    ids.event = await anEvent(t.ds, { starts_at: new Date('2026-04-15T14:00:00Z') });
    await aParticipation(t.ds, ids.event, employer);
    // Another employer's rows never show.
    await anInteraction(t.ds, other, adviser.id, { occurred_at: new Date('2026-06-01T09:00:00Z') });
    await aParticipation(t.ds, ids.event, other);
  });
  afterAll(() => t.close());

  it('lists everything attached to the employer, newest first, each item typed', async () => {
    const res = await t.http
      .get(`/api/v1/employers/${employer}/timeline`)
      .set(adviser.auth)
      .expect(200);
    expect(res.body.items.map((i: { kind: string; id: string }) => [i.kind, i.id])).toEqual([
      ['survey_response', ids.response],
      ['event', ids.event],
      ['follow_up', ids.followUpDone],
      ['placement', ids.placement],
      ['job_offer', ids.offer],
      ['interaction', ids.interaction],
    ]);
    const byKind = Object.fromEntries(
      res.body.items.map((i: { kind: string }) => [i.kind, i]),
    ) as Record<string, Record<string, unknown>>;
    expect(byKind.interaction).toMatchObject({
      at: '2026-01-10T09:00:00.000Z',
      subject: 'Premier appel',
      authorId: adviser.id,
    });
    expect(byKind.job_offer).toMatchObject({ title: 'Commis de cuisine', status: 'draft' });
    expect(byKind.placement).toMatchObject({
      at: '2026-03-01T10:00:00.000Z',
      status: 'hired',
      contractType: 'cdd',
      startDate: '2026-03-02',
    });
    expect(byKind.follow_up).toMatchObject({
      placementId: ids.placement,
      doneOn: '2026-03-10',
      outcome: 'Bonne intégration',
    });
    expect(byKind.survey_response).toMatchObject({ year: 2026, answers: { q1: 4, q2: 9 } });
    expect(byKind.event).toMatchObject({ title: 'Job dating restauration', type: 'job_dating' });
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a keyset cursor, without repeats or gaps', async () => {
    const all = (
      await t.http.get(`/api/v1/employers/${employer}/timeline`).set(adviser.auth).expect(200)
    ).body.items.map((i: { id: string }) => i.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
        .get(`/api/v1/employers/${employer}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(adviser.auth)
        .expect(200);
      paged.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('answers 404 for an unknown employer', async () => {
    await t.http
      .get('/api/v1/employers/7b0c3f4e-4a53-4b8e-9a3c-1f2d3e4f5a6b/timeline')
      .set(adviser.auth)
      .expect(404);
  });
});
