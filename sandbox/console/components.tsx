// What several console pages show the same way: NHS dates, log times, summary lists, names, paging.
import type { Child } from 'hono/jsx';
import { Field } from './layout';
import type { PatientRecord } from '../pds/patient';
import { nhsDate, nhsDateTime, ukTimeFormat } from '../text/nhs-dates';

/** Dates the way the NHS writes them (UK time), from epoch milliseconds or ISO text. */
export const when = (at: number | string) => nhsDateTime(typeof at === 'number' ? at : Date.parse(at));

/**
 * A log line's time: to the millisecond (ordering matters there, and the NHS style stops at
 * minutes), in UK time with the date in words, the exact instant in `datetime`.
 */
const logTimeFormat = ukTimeFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' });
export const LogTime = (props: { at: number | string }) => {
  const ms = typeof props.at === 'number' ? props.at : Date.parse(props.at);
  return <time datetime={new Date(ms).toISOString()}>{`${nhsDate(ms)} ${logTimeFormat().format(ms)}`}</time>;
};

export const fullName = (p: PatientRecord) => `${p.givenNames.join(' ')} ${p.familyName}`;

/** Links to the newer and older pages of a newest-first list. */
export function Paging(props: { start: number; size: number; total: number; href: (start: number) => string; label: string }) {
  const { start, size, total } = props;
  if (total <= size) return null;
  return (
    <nav class="row-actions" aria-label={props.label}>
      <span>
        {start + 1}–{Math.min(start + size, total)} of {total}
      </span>
      {start > 0 && <a href={props.href(Math.max(0, start - size))}>Newer</a>}
      {start + size < total && <a href={props.href(start + size)}>Older</a>}
    </nav>
  );
}

/** A console table with its column headings; the rows (`<tbody>`) are its children. */
/**
 * A console table. `stacked`: on a narrow screen each row becomes a card, each cell on its own line
 * after its heading (the cells carry it as `data-label`, or a shorter `data-card-label`), instead of
 * a table wider than the phone; cells marked `nowrap` or `card-inline` sit side by side there.
 */
export function ConsoleTable(props: {
  headings: readonly string[];
  children?: Child;
  stacked?: boolean;
  [data: `data-${string}`]: boolean | undefined;
}) {
  const { headings, children, stacked, ...data } = props;
  return (
    <table class={stacked ? 'console console--stacked' : 'console'} {...data}>
      <thead>
        <tr>
          {headings.map((heading) => (
            <th>{heading}</th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
}

/** A labelled input (`name` defaults to the id); every other prop goes to the `<input>`. */
export function InputField(props: { id: string; label: string; width: 5 | 10 | 20; name?: string; [attribute: string]: unknown }) {
  const { id, label, width, name, ...input } = props;
  return (
    <Field id={id} label={label}>
      <input class={`nhsuk-input nhsuk-input--width-${width}`} id={id} name={name ?? id} {...input} />
    </Field>
  );
}

/** A labelled select of `choices`, with `all` (the empty value) first and `current` selected. */
export function ChoiceField(props: { id: string; label: string; all: string; choices: readonly string[]; current: string }) {
  return (
    <Field id={props.id} label={props.label}>
      <select class="nhsuk-select" id={props.id} name={props.id}>
        <option value="">{props.all}</option>
        {props.choices.map((choice) => (
          <option value={choice} selected={choice === props.current}>
            {choice}
          </option>
        ))}
      </select>
    </Field>
  );
}
