/**
 * How long what the sign-in issues lives, on the sandbox clock (time travel expires them all).
 * CID-IS-F v2.1 §4.4: authorization code 10 minutes, ID token 60 minutes, access token 5 minutes
 * (ACCESS_TOKEN_TTL, shared with the other interfaces; the sandpit's `expires_in` is 300),
 * refresh token 30 days. The single sign-on session is the sandbox's own (SIGN_IN_SESSION_TTL):
 * the EIS leaves sessions to the relying party (§2.2).
 */
export const AUTHORIZATION_CODE_TTL_SECONDS = 10 * 60;
export const ID_TOKEN_TTL_SECONDS = 60 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
