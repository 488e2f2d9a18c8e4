import ical, { ICalCalendarMethod } from 'ical-generator';
import nodeIcal from 'node-ical';
import { finishIcs } from './ics.js';

describe('finishIcs', () => {
  const calendar = (events: number) => {
    const cal = ical({
      name: 'Suivis',
      method: ICalCalendarMethod.PUBLISH,
      x: { 'X-WR-TIMEZONE': 'Europe/Paris' },
    });
    for (let i = 0; i < events; i++)
      cal.createEvent({
        id: `e${i}@crm.test`,
        start: new Date(`2026-03-0${i + 1}T00:00:00Z`),
        allDay: true,
        stamp: new Date('2026-03-01T00:00:00Z'),
        summary: `Suivi ${i}`,
      });
    return cal.toString();
  };

  it('puts the calendar properties before the events and ends with CRLF', () => {
    const text = finishIcs(calendar(2));
    const lines = text.split('\r\n');
    expect(lines.indexOf('X-WR-TIMEZONE:Europe/Paris')).toBeGreaterThan(0);
    expect(lines.indexOf('X-WR-TIMEZONE:Europe/Paris')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
    expect(lines.slice(-3)).toEqual(['END:VEVENT', 'END:VCALENDAR', '']);
    expect(text).not.toMatch(/[^\r]\n/);
    const parsed = nodeIcal.sync.parseICS(text);
    expect(Object.values(parsed).filter((c) => c?.type === 'VEVENT')).toHaveLength(2);
    expect(parsed.vcalendar).toMatchObject({ 'WR-TIMEZONE': 'Europe/Paris' });
  });

  it('leaves an empty calendar in order, with its final CRLF', () => {
    const text = finishIcs(calendar(0));
    expect(text.endsWith('X-WR-TIMEZONE:Europe/Paris\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(finishIcs(text)).toBe(text);
  });
});
