/**
 * The values routes and middleware leave on a request's context, typed once for every Hono app in
 * the sandbox (hono's `ContextVariableMap`), so `c.get`/`c.set` need no casts.
 */
declare module 'hono' {
  interface ContextVariableMap {
    /** The client an access token verified as issued to (set by requireBearer). */
    clientId: string;
    /** The `jti` of that access token. */
    accessTokenJti: string;
    /** Its granted scopes: null for a provisioning token (client-credentials grant), which has none. */
    accessTokenScopes: string[] | null;
    /** The JSON a route answered with (set by answerJson), so the journal need not read the response back. */
    answeredJson: Record<string, unknown>;
  }
}

export {};
