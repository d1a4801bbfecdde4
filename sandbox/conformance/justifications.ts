import * as z from 'zod';
import { ruleById } from './rules';

/**
 * A supplier's declared justifications for SHOULD deviations ("not applicable, because…"), as
 * assurance packs accept them. A small JSON file: `{"justifications": [{"rule": "...",
 * "justification": "..."}]}`. Only SHOULD rules can be justified: a MUST is not negotiable.
 */
export const Justifications = z
  .object({
    justifications: z
      .array(
        z
          .object({
            rule: z.string().refine((id) => ruleById.has(id), { error: (issue) => `${JSON.stringify(issue.input)} is not a rule id` }),
            justification: z.string().trim().min(10, 'say why, in a sentence').max(1000),
          })
          .strict()
          .refine((j) => ruleById.get(j.rule)?.level === 'SHOULD', {
            error: (issue) => `${(issue.input as { rule: string }).rule} is a MUST rule: it cannot be justified away`,
          }),
      )
      .max(100),
  })
  .strict();
export type Justifications = z.infer<typeof Justifications>;
