import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isDatabaseUnavailable } from './db-errors.js';

describe('isDatabaseUnavailable', () => {
  it('treats a connection lost mid-transaction (runner released before COMMIT) as an outage', () => {
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('treats connection errors as an outage and query errors as not', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    const terminated = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    );
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    const syntax = new QueryFailedError(
      'SELEC 1',
      [],
      Object.assign(new Error('syntax error'), { code: '42601' }),
    );
    expect(isDatabaseUnavailable(syntax)).toBe(false);
  });
});
