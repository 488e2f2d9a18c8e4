import { renderSurveyMail } from './survey-mail.js';
import {
  hashSurveyToken,
  isSurveyTokenShape,
  newSurveyToken,
  tokenMatches,
} from './survey-tokens.js';

const input = {
  kind: 'invite' as const,
  year: 2026,
  employerName: 'Café "Le <Central>"',
  publicBaseUrl: 'https://crm.example',
  token: 'a'.repeat(43),
  closesOn: '2027-02-10',
  unsubscribeMailbox: 'ne-pas-repondre@ml.example',
};

describe('survey mail', () => {
  it('offers question 1 as five links preselecting the answer, plus the full survey', () => {
    const m = renderSurveyMail(input);
    for (const n of [1, 2, 3, 4, 5]) {
      expect(m.html).toContain(`href="https://crm.example/s/${'a'.repeat(43)}?q1=${n}"`);
      expect(m.text).toContain(`https://crm.example/s/${'a'.repeat(43)}?q1=${n}`);
    }
    expect(m.html).toContain(`href="https://crm.example/s/${'a'.repeat(43)}"`);
    expect(m.text).toContain('10/02/2027');
  });

  it('escapes the employer name', () => {
    const m = renderSurveyMail(input);
    expect(m.html).toContain('Café &quot;Le &lt;Central&gt;&quot;');
    expect(m.html).not.toContain('<Central>');
  });

  it('sets RFC 8058 one-click unsubscribe headers (https and mailto)', () => {
    expect(renderSurveyMail(input).headers).toEqual({
      'List-Unsubscribe': `<https://crm.example/s/${'a'.repeat(43)}/unsubscribe>, <mailto:ne-pas-repondre@ml.example?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('words reminders differently', () => {
    expect(renderSurveyMail({ ...input, kind: 'reminder' }).subject).toMatch(/^Rappel/);
  });
});

describe('survey tokens', () => {
  it('are 256 random bits in base64url, stored as SHA-256', () => {
    const a = newSurveyToken();
    const b = newSurveyToken();
    expect(a.token).not.toBe(b.token);
    expect(isSurveyTokenShape(a.token)).toBe(true);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.hash).toEqual(hashSurveyToken(a.token));
    expect(a.hash).toHaveLength(32);
    expect(tokenMatches(a.token, a.hash)).toBe(true);
    expect(tokenMatches(b.token, a.hash)).toBe(false);
  });

  it('rejects what cannot be a token before any lookup', () => {
    expect(isSurveyTokenShape('lost')).toBe(false);
    expect(isSurveyTokenShape(`${'a'.repeat(42)}=`)).toBe(false);
    expect(isSurveyTokenShape('a'.repeat(44))).toBe(false);
  });
});
