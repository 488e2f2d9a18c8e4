import { DomainError } from '../common/domain-error.js';
import { HireDto } from '../placements/placements.dto.js';
import { formToBody, instantFromLocal, readForm } from './form-input.js';

describe('formToBody', () => {
  it('drops the CSRF token and empty fields, converts numbers, nests dotted names', () => {
    expect(
      formToBody(
        {
          _csrf: 'tok',
          title: 'Vendeur',
          endDate: '',
          weeklyHours: '17,5',
          'location.inseeCode': '31555',
          'location.postalCode': ' ',
        },
        { numbers: ['weeklyHours'] },
      ),
    ).toEqual({ title: 'Vendeur', weeklyHours: 17.5, location: { inseeCode: '31555' } });
  });

  it('keeps what is not a number as text, so that validation names the field', () => {
    expect(formToBody({ weeklyHours: 'trente' }, { numbers: ['weeklyHours'] })).toEqual({
      weeklyHours: 'trente',
    });
  });

  it('makes lists of list fields, and null of a cleared field of an edit form', () => {
    expect(
      formToBody(
        { jobOfferIds: 'a', phone: '', email: '' },
        { lists: ['jobOfferIds'], nullWhenEmpty: ['phone'] },
      ),
    ).toEqual({ jobOfferIds: ['a'], phone: null });
  });
});

describe('readForm', () => {
  it('gives the DTO of a valid form', async () => {
    const dto = await readForm(
      HireDto,
      {
        _csrf: 't',
        contractType: 'apprenticeship',
        startDate: '2026-09-01',
        endDate: '2028-08-31',
        weeklyHours: '35',
        trialPeriodEndDate: '',
      },
      { numbers: ['weeklyHours'] },
    );
    expect(dto).toMatchObject({
      contractType: 'apprenticeship',
      startDate: '2026-09-01',
      endDate: '2028-08-31',
      weeklyHours: 35,
    });
    expect(dto.trialPeriodEndDate).toBeUndefined();
  });

  it('refuses a bad form with the field errors of the API, unknown fields included', async () => {
    const err = await readForm(HireDto, {
      contractType: 'cdx',
      startDate: '2026-02-30',
      extra: 'x',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const fields = (err as DomainError).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['contractType', 'extra', 'startDate']);
  });
});

describe('instantFromLocal', () => {
  it('gives the offset of Paris in winter and in summer', () => {
    expect(instantFromLocal('2026-12-03T09:30', 'Europe/Paris')).toBe('2026-12-03T09:30:00+01:00');
    expect(instantFromLocal('2026-07-03T09:30', 'Europe/Paris')).toBe('2026-07-03T09:30:00+02:00');
    expect(instantFromLocal('2026-07-03T09:30', 'UTC')).toBe('2026-07-03T09:30:00+00:00');
  });

  it('handles the day daylight saving time begins', () => {
    // 29 March 2026: 02:00 becomes 03:00 in Paris.
    expect(instantFromLocal('2026-03-29T10:00', 'Europe/Paris')).toBe('2026-03-29T10:00:00+02:00');
    expect(instantFromLocal('2026-03-29T01:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00+01:00');
  });

  it('refuses what is not a local date and time', () => {
    expect(instantFromLocal('2026-02-30T10:00', 'Europe/Paris')).toBeNull();
    expect(instantFromLocal('demain', 'Europe/Paris')).toBeNull();
    expect(instantFromLocal('2026-12-03T25:00', 'Europe/Paris')).toBeNull();
  });
});
