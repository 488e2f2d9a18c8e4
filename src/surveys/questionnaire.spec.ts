import { answerRows, answersFromRows, parseSurveyForm } from './questionnaire.js';

describe('survey form validation', () => {
  it('accepts a full answer and normalises it', () => {
    const r = parseSurveyForm({
      satisfaction: '4',
      recommend: '10',
      recruitment_needs: '6+',
      recruitment_trades: '  Cuisinier  ',
      services: ['immersion', 'job_dating', 'immersion'],
      comment: 'Très bien',
      callback: 'no',
    });
    expect(r).toEqual({
      ok: true,
      answers: {
        satisfaction: 4,
        recommend: 10,
        recruitment_needs: '6+',
        recruitment_trades: 'Cuisinier',
        services: ['job_dating', 'immersion'],
        comment: 'Très bien',
        callback: false,
      },
    });
  });

  it('requires question 1 and nothing else', () => {
    expect(parseSurveyForm({})).toEqual({
      ok: false,
      errors: [{ field: 'satisfaction', message: 'Indiquez votre satisfaction, de 1 à 5.' }],
    });
    expect(parseSurveyForm({ satisfaction: '1', comment: '   ' })).toEqual({
      ok: true,
      answers: { satisfaction: 1 },
    });
  });

  it.each([
    [{ satisfaction: '0' }, 'satisfaction'],
    [{ satisfaction: '6' }, 'satisfaction'],
    [{ satisfaction: '4.5' }, 'satisfaction'],
    [{ satisfaction: '3', recommend: '11' }, 'recommend'],
    [{ satisfaction: '3', recommend: '-1' }, 'recommend'],
    [{ satisfaction: '3', recruitment_needs: 'many' }, 'recruitment_needs'],
    [{ satisfaction: '3', services: ['job_dating', 'massage'] }, 'services'],
    [{ satisfaction: '3', services: { a: 1 } }, 'services'],
    [{ satisfaction: '3', callback: 'maybe' }, 'callback'],
    [{ satisfaction: '3', comment: 'x'.repeat(2001) }, 'comment'],
    [{ satisfaction: '3', recruitment_trades: 'x'.repeat(501) }, 'recruitment_trades'],
  ])('rejects %j on %s', (body, field) => {
    const r = parseSurveyForm(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual([field]);
  });

  it('survives any body shape without throwing', () => {
    for (const body of [null, undefined, 'x', 42, [], { satisfaction: ['2', '5'] }]) {
      expect(() => parseSurveyForm(body)).not.toThrow();
    }
    expect(parseSurveyForm({ satisfaction: ['2', '5'] })).toEqual({
      ok: true,
      answers: { satisfaction: 5 },
    });
  });

  it('stores one row per answered question and reads them back', () => {
    const answers = { satisfaction: 2, services: ['offer_writing' as const], callback: true };
    const rows = answerRows(answers);
    expect(rows).toEqual([
      { questionKey: 'satisfaction', value: 2 },
      { questionKey: 'services', value: ['offer_writing'] },
      { questionKey: 'callback', value: true },
    ]);
    expect(answersFromRows([...rows, { questionKey: 'retired_question', value: 'x' }])).toEqual(
      answers,
    );
  });
});
