import { classifySmtpError } from './smtp-errors.js';

describe('classifySmtpError', () => {
  it('treats a 5xx reply as permanent', () => {
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 mailbox unavailable',
    });
    expect(classifySmtpError(err)).toEqual({
      kind: 'permanent',
      code: 550,
      detail: 'SMTP 550: 550 5.1.1 mailbox unavailable',
    });
  });

  it('treats a 4xx reply as transient', () => {
    const err = Object.assign(new Error('x'), {
      responseCode: 451,
      response: '451 4.7.1 try later',
    });
    expect(classifySmtpError(err)).toMatchObject({ kind: 'transient', code: 451 });
  });

  it('treats a connection failure without a reply code as transient', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' });
    expect(classifySmtpError(err)).toEqual({
      kind: 'transient',
      code: null,
      detail: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:25',
    });
  });

  it('bounds the stored detail and flattens line breaks', () => {
    const err = Object.assign(new Error('x'), {
      responseCode: 421,
      response: `421\n${'a'.repeat(900)}`,
    });
    const { detail } = classifySmtpError(err);
    expect(detail.length).toBe(500);
    expect(detail).not.toMatch(/\n/);
  });

  it('copes with a thrown non-error', () => {
    expect(classifySmtpError('boom')).toMatchObject({ kind: 'transient', code: null });
  });
});
