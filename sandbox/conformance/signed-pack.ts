import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { signCompact } from '../auth/jws';
import type { SigningKey } from '../auth/signing-key';
import { canonicalJson } from '../journal/bounded-copy';
import type { ConformanceReport } from './assess';
import { evidenceChainHead } from './evidence-chain';

/**
 * The evidence pack under the sandbox's own signature: a compact JWS (RS512, the key that signs
 * access tokens, published at /.well-known/jwks.json) whose payload names the SHA-512 digest of
 * the canonical JSON of the WHOLE pack but its `signature` (verdict, exit code, headline, rules,
 * plan steps and the run, client, windows, configuration, test-interface actions, entries and
 * chain head). Any edit, however consistent (a FAIL rewritten as PASS, another client id, entries
 * dropped and the chain recomputed), changes the digest; a pack re-signed with another key fails
 * against the sandbox's key. The report shows the key's RFC 7638 thumbprint.
 */
export const PACK_JWS_TYP = 'conformance-pack+jwt';
export const PACK_DIGEST_ALGORITHM = 'sha512 over the canonical JSON (keys sorted) of the pack without its signature';

type Unsigned = Omit<ConformanceReport, 'signature'>;

export const packDigest = (pack: Unsigned): string =>
  `sha512:${createHash('sha512')
    .update(canonicalJson(JSON.parse(JSON.stringify(pack))))
    .digest('base64url')}`;

export function signPack(report: ConformanceReport, key: Pick<SigningKey, 'kid' | 'privateKeyObject'>, jwksUri: string): ConformanceReport {
  const { signature, ...unsigned } = report;
  void signature;
  const payload = {
    typ: 'conformance-pack',
    digest: packDigest(unsigned),
    digestAlgorithm: PACK_DIGEST_ALGORITHM,
    clientId: report.clientId,
    verdict: report.verdict,
    exitCode: report.exitCode,
    chainHead: report.evidence.chainHead,
    generated: report.generated.realTime,
  };
  return { ...unsigned, signature: { alg: 'RS512', keyThumbprint: key.kid, jwksUri, jws: signCompact(payload, key, PACK_JWS_TYP) } };
}

/** A public key from a file's text: a JWK, a JWKS ({"keys": [...]}) or a PEM public key or certificate. */
export function publicKeysFrom(text: string): KeyObject[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as { keys?: unknown[] } & Record<string, unknown>;
    const jwks = Array.isArray(json.keys) ? json.keys : [json];
    return jwks.map((jwk) => {
      const { d, p, q, dp, dq, qi, ...publicPart } = jwk as Record<string, unknown>;
      void [d, p, q, dp, dq, qi];
      return createPublicKey({ key: publicPart as never, format: 'jwk' });
    });
  }
  return [createPublicKey(trimmed)];
}

export type PackCheck =
  { ok: true; keyThumbprint: string; entries: number; verdict: string; chainHead: string } | { ok: false; why: string };

/** Checks a pack against the given public keys: signature (jose, RS512 only), digest of everything, chain head. */
export async function verifyPack(pack: ConformanceReport, keys: readonly KeyObject[]): Promise<PackCheck> {
  const { signature, ...unsigned } = pack;
  if (!signature?.jws) return { ok: false, why: 'the pack is not signed' };
  let payload: Record<string, unknown> | null = null;
  for (const key of keys) {
    try {
      const verified = await compactVerify(signature.jws, key, { algorithms: ['RS512'] });
      payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
      break;
    } catch {
      // try the next key
    }
  }
  if (!payload) {
    const kid = (() => {
      try {
        return decodeProtectedHeader(signature.jws).kid;
      } catch {
        return undefined;
      }
    })();
    return { ok: false, why: `the signature does not verify with the key given (it names key ${JSON.stringify(kid ?? null)})` };
  }
  if (payload.typ !== 'conformance-pack') return { ok: false, why: 'the signature is not over a conformance pack' };
  if (payload.digest !== packDigest(unsigned))
    return { ok: false, why: 'the pack was changed after the sandbox signed it (its digest differs from the signed one)' };
  if (evidenceChainHead(pack.evidence.entries) !== pack.evidence.chainHead)
    return { ok: false, why: 'the entries do not give the chain head' };
  return {
    ok: true,
    keyThumbprint: signature.keyThumbprint,
    entries: pack.evidence.entries.length,
    verdict: pack.verdict,
    chainHead: pack.evidence.chainHead,
  };
}
