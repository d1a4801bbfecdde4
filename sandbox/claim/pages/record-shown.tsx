import type { RecordShown } from '../claim-journeys';

/** The NHS record as the prototype lists it on the details, partial-match and not-my-details pages. */
export function RecordSummary(props: { record: RecordShown }) {
  const rows = [
    ['Name', props.record.name],
    ['Date of birth', props.record.birthDate],
    ['NHS number', props.record.maskedNhsNumber],
  ] as const;
  return (
    <dl class="nhsuk-summary-list">
      {rows.map(([key, value]) => (
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">{key}</dt>
          <dd class="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
