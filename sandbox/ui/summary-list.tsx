/** The design system's summary list: one key and value per row (console pages and the claim's record). */
export function SummaryList(props: { rows: readonly (readonly [string, string])[]; 'data-account'?: string; 'data-invitation'?: string }) {
  const { rows, ...data } = props;
  return (
    <dl class="nhsuk-summary-list" {...data}>
      {rows.map(([key, value]) => (
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">{key}</dt>
          <dd class="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
