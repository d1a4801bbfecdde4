import { defineParameterType } from '@cucumber/cucumber';
import { BROKEN_ASSERTIONS } from './broken-assertions';

/**
 * Parameter types for the wordings a feature may use, instead of catch-all `{}`: a wording the
 * steps do not know is an undefined step (a failure under --strict), never quietly another case.
 */
const oneOf = (words: readonly string[]) => new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** Which kind of invitation the patient was sent: the claim scenario it is acted out as. */
export const INVITED_PATIENTS = { 'has no NHS login': 'claim-create', 'has a P5 NHS login': 'claim-uplift' } as const;
defineParameterType({
  name: 'invitedPatient',
  regexp: oneOf(Object.keys(INVITED_PATIENTS)),
  transformer: (words: string) => INVITED_PATIENTS[words as keyof typeof INVITED_PATIENTS],
});

defineParameterType({ name: 'assertionFault', regexp: oneOf(Object.keys(BROKEN_ASSERTIONS)), transformer: (words: string) => words });
