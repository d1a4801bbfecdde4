/**
 * Dates and times the way the NHS writes them for people (NHS digital service manual, "Dates"
 * and "Times": "24 November 2026", "3:15pm", "midday", "midnight"), in UK time whatever the
 * machine's zone, because the patients and GP staff who read them are in the UK.
 * Intl gives the parts; the style's own rules (no space before am/pm, lower case, midday and
 * midnight in words) are applied here — no date library writes this style.
 */
const UK_TIME_ZONE = 'Europe/London';

/**
 * A formatter in UK time, made at its first use: the first Intl.DateTimeFormat loads the time-zone
 * data, and the sandbox's three cost about 20 ms of CPU that start-up need not spend (issue #31).
 */
export function ukTimeFormat(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let format: Intl.DateTimeFormat | undefined;
  return () => (format ??= new Intl.DateTimeFormat('en-GB', { ...options, timeZone: UK_TIME_ZONE }));
}
const dateFormat = ukTimeFormat({ day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = ukTimeFormat({ hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

/** "24 November 2026". */
export const nhsDate = (epochMs: number): string => dateFormat().format(epochMs);

/** A calendar date with no time or zone ("1984-03-15" → "15 March 1984"). */
export const nhsCalendarDate = (isoDate: string): string => dateFormat().format(Date.parse(`${isoDate}T12:00:00Z`));

/** "3:15pm", "9am", "midday", "midnight". */
export function nhsTime(epochMs: number): string {
  const parts = Object.fromEntries(
    timeFormat()
      .formatToParts(epochMs)
      .map((p) => [p.type, p.value]),
  );
  const minute = parts.minute === '00' ? '' : `:${parts.minute}`;
  const period = (parts.dayPeriod ?? '').toLowerCase().replaceAll('.', '').replace(/\s/g, '');
  if (!minute && parts.hour === '12') return period === 'am' ? 'midnight' : 'midday';
  return `${parts.hour}${minute}${period}`;
}

/** "3:15pm on 24 November 2026". */
export const nhsDateTime = (epochMs: number): string => `${nhsTime(epochMs)} on ${nhsDate(epochMs)}`;
