import { CreateInteractionDto } from '../contacts/interactions.dto.js';
import { commaList, localDateTime, toDto } from './forms.js';

describe('form reading', () => {
  it('reads a Paris wall-clock time as an instant, in winter and in summer', () => {
    expect(localDateTime({ at: '2026-11-30T14:05' }, 'at', 'Europe/Paris')).toBe(
      '2026-11-30T13:05:00.000Z',
    );
    expect(localDateTime({ at: '2026-07-01T10:00' }, 'at', 'Europe/Paris')).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(localDateTime({ at: 'hier' }, 'at', 'Europe/Paris')).toBe('hier');
    expect(localDateTime({ at: '  ' }, 'at', 'Europe/Paris')).toBeUndefined();
  });

  it('splits comma-separated tags', () => {
    expect(commaList({ tags: ' BTP, alternance,, ' }, 'tags')).toEqual(['BTP', 'alternance']);
  });

  it('validates with the API DTO and says what is wrong in French, by API field name', async () => {
    const res = await toDto(
      CreateInteractionDto,
      {
        type: 'pigeon',
        direction: 'outbound',
        occurredAt: '2026-11-30T13:05:00.000Z',
        subject: '',
      },
      { type: 'Type de contact', subject: 'Objet' },
    );
    expect(res.errors).toEqual({
      type: 'Choisissez une valeur de la liste pour « Type de contact ».',
      subject: 'Renseignez « Objet ».',
    });
  });

  it('returns the DTO when the form is valid', async () => {
    const res = await toDto(
      CreateInteractionDto,
      {
        type: 'phone',
        direction: 'inbound',
        occurredAt: '2026-11-30T13:05:00.000Z',
        subject: 'Appel',
      },
      {},
    );
    expect(res.errors).toBeNull();
    expect(res.dto).toBeInstanceOf(CreateInteractionDto);
  });
});
