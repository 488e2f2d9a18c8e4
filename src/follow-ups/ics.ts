/**
 * ical-generator writes the calendar's own X- properties (X-WR-TIMEZONE) after the events and
 * ends without a line break. RFC 5545 puts calendar properties before the components, and every
 * content line ends with CRLF, `END:VCALENDAR` included: strict parsers and some clients rely on
 * both. This moves the trailing calendar properties up and ends the text with CRLF.
 */
export function finishIcs(text: string): string {
  const lines = text.replace(/(\r\n)+$/, '').split('\r\n');
  // Any component nested in the calendar (VEVENT, VTIMEZONE, …): every V-name but VCALENDAR.
  const firstEvent = lines.findIndex((l) => /^BEGIN:V(?!CALENDAR$)[A-Z]+$/.test(l));
  const lastEnd = lines.findLastIndex((l) => /^END:V(?!CALENDAR$)[A-Z]+$/.test(l));
  const end = lines.lastIndexOf('END:VCALENDAR');
  if (firstEvent >= 0 && lastEnd > firstEvent && end > lastEnd + 1) {
    const trailing = lines.splice(lastEnd + 1, end - lastEnd - 1);
    lines.splice(firstEvent, 0, ...trailing);
  }
  return `${lines.join('\r\n')}\r\n`;
}
