import { createTestApp, type Staff, type TestApp } from '../support/test-app.js';

// The issue's acceptance scenario, through the API alone: "visit an employer I have never met,
// record it, add the HR manager as contact, plan a call in two weeks, find the employer again
// tomorrow by typing half its name without accents".
describe("an adviser's day of work", () => {
  let t: TestApp;
  let adviser: Staff;
  const visitDay = new Date('2026-04-14T15:30:00+02:00');

  beforeAll(async () => {
    t = await createTestApp({ now: visitDay });
    adviser = await t.staff('adviser', { displayName: 'Sophie, chargée de relations entreprises' });
  });
  afterAll(() => t.close());

  it('visits a new employer, records it, adds the HR manager, plans a call, finds it the next day', async () => {
    // Before the visit: nobody in the CRM knows this employer.
    const before = await t.http.get('/api/v1/employers?q=menuiserie').set(adviser.auth).expect(200);
    expect(before.body.items).toEqual([]);

    // 1. The employer, as noted on the visit.
    const employer = await t.http
      .post('/api/v1/employers')
      .set(adviser.auth)
      .send({
        legalName: 'Menuiserie Ébéniste Comtoise',
        siret: '732 829 320 00074',
        nafCode: '16.23Z',
        address: { street: '12 chemin des Vignes', postalCode: '25000', inseeCode: '25056' },
        source: 'outreach',
        referentId: adviser.id,
        tags: ['bois', 'apprentissage'],
      })
      .expect(201);
    const employerId = employer.body.id as string;

    // 2. The HR manager met there.
    const contact = await t.http
      .post(`/api/v1/employers/${employerId}/contacts`)
      .set(adviser.auth)
      .send({
        firstName: 'Hélène',
        lastName: 'Guyot',
        jobTitle: 'Responsable des ressources humaines',
        email: 'h.guyot@menuiserie-comtoise.example',
        phone: '03 81 12 34 56',
        isPrimary: true,
        surveyRecipient: true,
      })
      .expect(201);

    // 3. The visit, with the call planned in two weeks.
    const callIn2Weeks = new Date(visitDay.getTime() + 14 * 86_400_000).toISOString();
    const visit = await t.http
      .post(`/api/v1/employers/${employerId}/interactions`)
      .set(adviser.auth)
      .send({
        type: 'visit',
        direction: 'outbound',
        occurredAt: new Date(visitDay.getTime() - 60 * 60_000).toISOString(),
        subject: "Première visite de l'atelier",
        summary: 'Deux postes de menuisier à pourvoir, intérêt pour un apprenti en septembre.',
        needs: ['recruitment', 'apprenticeship'],
        contactPersonId: contact.body.id,
        nextActionAt: callIn2Weeks,
        nextAction: 'Appeler Mme Guyot pour les fiches de poste',
      })
      .expect(201);
    expect(visit.body).toMatchObject({
      authorId: adviser.id,
      contactPersonId: contact.body.id,
      nextActionAt: callIn2Weeks,
    });

    // 4. The next day, typing half the name, without accents.
    t.clock.set(new Date('2026-04-15T08:45:00+02:00'));
    const found = await t.http.get('/api/v1/employers?q=ebenist').set(adviser.auth).expect(200);
    expect(found.body.items.map((e: { id: string }) => e.id)).toEqual([employerId]);
    expect(found.body.items[0]).toMatchObject({
      legalName: 'Menuiserie Ébéniste Comtoise',
      status: 'prospect',
      referentId: adviser.id,
      lastInteractionAt: visit.body.occurredAt,
      dormant: false,
    });

    // Everything recorded the day before is there.
    const contacts = await t.http
      .get(`/api/v1/employers/${employerId}/contacts`)
      .set(adviser.auth)
      .expect(200);
    expect(contacts.body.items).toEqual([
      expect.objectContaining({ lastName: 'Guyot', isPrimary: true }),
    ]);
    const timeline = await t.http
      .get(`/api/v1/employers/${employerId}/timeline`)
      .set(adviser.auth)
      .expect(200);
    expect(timeline.body.items).toEqual([
      expect.objectContaining({
        kind: 'interaction',
        id: visit.body.id,
        type: 'visit',
        nextAction: 'Appeler Mme Guyot pour les fiches de poste',
        nextActionAt: callIn2Weeks,
      }),
    ]);
    const mine = await t.http
      .get(`/api/v1/interactions?authorId=${adviser.id}`)
      .set(adviser.auth)
      .expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([visit.body.id]);
  });
});
