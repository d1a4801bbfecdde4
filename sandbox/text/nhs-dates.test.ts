import { describe, expect, it } from 'vitest';
import { nhsCalendarDate, nhsDate, nhsDateTime, nhsTime } from './nhs-dates';

describe('NHS date and time style', () => {
  it('writes times as the service manual does, in UK time', () => {
    expect(nhsTime(Date.parse('2026-11-24T15:15:00Z'))).toBe('3:15pm');
    expect(nhsTime(Date.parse('2026-11-24T09:00:00Z'))).toBe('9am');
    expect(nhsTime(Date.parse('2026-11-24T12:00:00Z'))).toBe('midday');
    expect(nhsTime(Date.parse('2026-11-24T00:00:00Z'))).toBe('midnight');
    // British Summer Time: 14:05 UTC is 3:05pm in London.
    expect(nhsTime(Date.parse('2026-07-01T14:05:00Z'))).toBe('3:05pm');
  });

  it('writes dates with the month in words and no leading zero', () => {
    expect(nhsDate(Date.parse('2026-11-04T10:00:00Z'))).toBe('4 November 2026');
    expect(nhsCalendarDate('1984-03-15')).toBe('15 March 1984');
    expect(nhsDateTime(Date.parse('2026-11-24T20:16:29Z'))).toBe('8:16pm on 24 November 2026');
    // Late on 31 March UTC is already 1 April in London during summer time.
    expect(nhsDate(Date.parse('2026-03-31T23:30:00Z'))).toBe('1 April 2026');
  });
});
