import type { IdentityLevel } from '../accounts/account';

/**
 * Vectors of trust (CID-IS-F v2.1 §5.1; RFC 8485): a requested `vtr` is a JSON array of vectors,
 * each an identity level (P0, P5, P9) and credential components (Cp password, Cd registered device
 * such as a texted code, Ck shared key in a device, Cm asymmetric key), joined by dots. Components
 * within a vector are all required (AND), the vectors are alternatives (OR), and a component left
 * out may be anything. The `vot` returned MUST be one of the requested vectors (§5.1).
 */
export const DEFAULT_VTR = ['P9.Cp.Cd', 'P9.Cp.Ck', 'P9.Cm'] as const;

export type Credential = 'Cp' | 'Cd' | 'Ck' | 'Cm';

export interface Vector {
  /** As the relying party wrote it: what `vot` echoes. */
  text: string;
  level: IdentityLevel | null;
  credentials: Credential[];
}

const LEVELS: readonly IdentityLevel[] = ['P0', 'P5', 'P9'];
const CREDENTIALS: readonly Credential[] = ['Cp', 'Cd', 'Ck', 'Cm'];

export const levelRank = (level: IdentityLevel): number => LEVELS.indexOf(level);

export type VtrReading = { ok: true; vectors: Vector[] } | { ok: false; description: string };

/** Reads the `vtr` parameter; absent means the default (§3.4.1). */
export function readVtr(vtr: string | undefined): VtrReading {
  if (vtr === undefined) return { ok: true, vectors: DEFAULT_VTR.map((text) => readVector(text)!) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(vtr);
  } catch {
    return { ok: false, description: 'vtr must be a JSON array of vectors of trust, e.g. ["P9.Cp.Cd"]' };
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 20 || !parsed.every((v) => typeof v === 'string'))
    return { ok: false, description: 'vtr must be a non-empty JSON array of strings, e.g. ["P9.Cp.Cd"]' };
  const vectors = parsed.map(readVector);
  const bad = parsed.find((_, i) => vectors[i] === null);
  if (bad !== undefined)
    return { ok: false, description: `vtr contains ${JSON.stringify(bad)}, which is not a vector of trust (P0/P5/P9 and Cp, Cd, Ck, Cm)` };
  return { ok: true, vectors: vectors as Vector[] };
}

function readVector(text: string): Vector | null {
  const parts = text.split('.');
  let level: IdentityLevel | null = null;
  const credentials: Credential[] = [];
  for (const part of parts) {
    if ((LEVELS as readonly string[]).includes(part) && level === null) level = part as IdentityLevel;
    else if ((CREDENTIALS as readonly string[]).includes(part) && !credentials.includes(part as Credential))
      credentials.push(part as Credential);
    else return null;
  }
  return { text, level, credentials };
}

/** Vectors the sandbox's sign-in (password, then a texted code: Cp and Cd) can ever satisfy. */
export const SANDBOX_CREDENTIALS: readonly Credential[] = ['Cp', 'Cd'];

export const achievable = (vector: Vector, achieved: readonly Credential[] = SANDBOX_CREDENTIALS): boolean =>
  vector.credentials.every((credential) => achieved.includes(credential));

/**
 * The vector to return as `vot`: the first requested vector (the relying party's order of
 * preference) whose credentials were used and whose level the account holds; null when none fits.
 */
export function chooseVot(vectors: readonly Vector[], accountLevel: IdentityLevel, achieved: readonly Credential[]): Vector | null {
  return vectors.find((v) => achievable(v, achieved) && levelRank(v.level ?? 'P0') <= levelRank(accountLevel)) ?? null;
}

/** The lowest level any achievable requested vector asks for: what the account must at least hold. */
export function lowestLevelAsked(vectors: readonly Vector[]): IdentityLevel {
  const levels = vectors.filter((v) => achievable(v)).map((v) => v.level ?? 'P0');
  return levels.sort((a, b) => levelRank(a) - levelRank(b))[0] ?? 'P9';
}

/** The `vot` level: the identity level the sign-in asserts. */
export const votLevel = (vector: Vector): IdentityLevel => vector.level ?? 'P0';
