import { diff } from './audit-diff.js';

describe('audit diff', () => {
  it('lists only the fields that changed, with before and after', () => {
    expect(
      diff(
        { status: 'prospect', notes: 'a', legalName: 'X' },
        { status: 'partner', notes: 'a', legalName: 'X' },
      ),
    ).toEqual([{ field: 'status', before: 'prospect', after: 'partner' }]);
  });

  it('names personal fields without recording their values', () => {
    expect(
      diff({ lastName: 'Martin', email: 'a@b.fr' }, { lastName: 'ANONYME', email: null }),
    ).toEqual([{ field: 'email' }, { field: 'lastName' }]);
  });

  it('records every non-empty field on creation', () => {
    expect(diff(undefined, { title: 'Serveur', version: 1 })).toEqual([
      { field: 'title', after: 'Serveur' },
    ]);
  });

  it('compares dates by instant', () => {
    expect(
      diff({ at: new Date('2026-01-01T00:00:00Z') }, { at: new Date('2026-01-01T00:00:00.000Z') }),
    ).toEqual([]);
  });
});
