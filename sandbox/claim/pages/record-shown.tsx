import { SummaryList } from '../../ui/summary-list';
import type { RecordShown } from '../claim-journeys';

/** The NHS record as the prototype lists it on the details, partial-match and not-my-details pages. */
export const RecordSummary = (props: { record: RecordShown }) => (
  <SummaryList
    rows={[
      ['Name', props.record.name],
      ['Date of birth', props.record.birthDate],
      ['NHS number', props.record.maskedNhsNumber],
    ]}
  />
);
