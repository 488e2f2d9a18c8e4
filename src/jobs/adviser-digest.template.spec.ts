import {
  bucketFollowUps,
  renderDigest,
  type DigestFollowUp,
  type DigestInput,
} from './adviser-digest.template.js';

const fu = (dueDate: string, over: Partial<DigestFollowUp> = {}): DigestFollowUp => ({
  id: `f-${dueDate}`,
  dueDate,
  withWhom: 'both',
  employerId: 'e1',
  employerName: 'Boulangerie Martin',
  youngPersonFirstName: 'Léa',
  youngPersonLastName: 'Moreau',
  ...over,
});

const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  date: '2026-03-10',
  timeZone: 'Europe/Paris',
  publicBaseUrl: 'https://crm.test',
  adviserName: 'Camille',
  followUps: [],
  dormant: [],
  dormantTotal: 0,
  dormantAfterDays: 180,
  nextActions: [],
  ...over,
});

describe('bucketFollowUps', () => {
  it('splits overdue (with days late), today and the next 7 days, and drops later ones', () => {
    const s = bucketFollowUps(
      [fu('2026-03-17'), fu('2026-03-10'), fu('2026-03-05'), fu('2026-03-18'), fu('2026-03-11')],
      '2026-03-10',
    );
    expect(s.overdue.map((f) => [f.dueDate, f.daysLate])).toEqual([['2026-03-05', 5]]);
    expect(s.today.map((f) => f.dueDate)).toEqual(['2026-03-10']);
    expect(s.upcoming.map((f) => f.dueDate)).toEqual(['2026-03-11', '2026-03-17']);
  });
});

describe('renderDigest', () => {
  it('returns null when there is nothing to remind', () => {
    expect(renderDigest(input())).toBeNull();
    // A follow-up beyond the 7-day window alone is not worth a mail.
    expect(renderDigest(input({ followUps: [fu('2026-03-30')] }))).toBeNull();
  });

  it('writes French sections, links to the agenda, and counts in the subject', () => {
    const mail = renderDigest(
      input({
        followUps: [fu('2026-03-09'), fu('2026-03-10')],
        dormant: [{ id: 'e9', name: 'Garage Petit', lastInteractionAt: null }],
        dormantTotal: 3,
      }),
    )!;
    expect(mail.subject).toBe(
      'Vos rappels du mardi 10 mars 2026 : 1 suivi en retard, 1 suivi aujourd’hui',
    );
    expect(mail.text).toContain('1 jour de retard');
    expect(mail.text).toContain('Léa M.');
    expect(mail.text).not.toContain('Moreau');
    expect(mail.text).toContain('Garage Petit — aucun contact enregistré');
    expect(mail.text).toContain('et 2 autres');
    expect(mail.html).toContain('href="https://crm.test/api/v1/me/agenda"');
    expect(mail.html).toContain('href="https://crm.test/api/v1/employers/e9"');
  });

  it('escapes what users typed', () => {
    const mail = renderDigest(
      input({ followUps: [fu('2026-03-10', { employerName: '<script>alert(1)</script>' })] }),
    )!;
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
