/**
 * A GP practice (ODS code) as provisioning sees it. Each special behaviour a scenario needs is a
 * property of the practice, so the seed data (handed in at the composition root) decides which
 * practice behaves how, and the domain never names a practice.
 */
export interface Practice {
  odsCode: string;
  name: string;
  /** Onboarded for provisioning; otherwise provisioning answers 11021. */
  onboarded: boolean;
  /** A practice-specific rate limit that overrides the configured default (used by the 11011 scenario). */
  rateLimit?: { max: number; windowSeconds: number };
  /** Every provisioning call for this practice finds the service unavailable (11000). */
  alwaysUnavailable?: boolean;
}

export type PracticeDirectory = ReadonlyMap<string, Practice>;

/** The name a patient sees for the practice that invited them. */
export const practiceName = (practices: PracticeDirectory, odsCode: string): string => practices.get(odsCode)?.name ?? 'Your GP surgery';
