import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClient } from '../../fixtures/clients';
import { scenarioPatients as p } from '../../fixtures/patients';
import { requestFor } from '../../scenarios/catalogue';
import { ADMIN_TOKEN_HEADER } from '../../sandbox/admin/guard';
import { readPrivateKey, requestAccessToken } from '../../sandbox/gp-client/client-assertion-signer';
import { CLAIM_DONE_HEADING } from '../../sandbox/claim/claim-stops';
import { ClaimDriver } from '../support/claim-driver';
import { startLoggedChild, type LoggedChild } from '../support/logged-child';

/**
 * Issue #28: claim tokens reached the request log (`GET /claim/<token> 200`, text and JSON), and a
 * path with U+2028 could forge a log line. A real sandbox process, its standard output read as
 * `docker logs` would show it, its journal and the console's "Every call": no secret anywhere, and
 * no line a path could forge, whatever line separator it uses.
 */
let running: LoggedChild | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

const ADMIN_TOKEN = 'logs-admin-token-0123456789abcdef';
const PASSWORD = 'Never-In-A-Log-42';
const admin = { [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN };
/** Every way a viewer may break a line. */
// eslint-disable-next-line no-control-regex -- the control characters are what a viewer breaks at
const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;

describe.each(['text', 'json'])('nothing secret in the request log (LOG=%s), the journal or Every call', (format) => {
  it(
    'claim token, admin token, access token, security code and password appear nowhere; no line can be forged',
    { timeout: 90_000 },
    async () => {
      running = await startLoggedChild(mkdtempSync(path.join(tmpdir(), 'logs-')), { log: format, 'admin-token': ADMIN_TOKEN });
      const base = running.baseUrl;
      const { access_token: accessToken } = await requestAccessToken({
        clientId: demoClient.clientId,
        privateKey: readPrivateKey(demoClient.privateKeyPath),
        tokenUrl: `${base}/token`,
      });
      const bearer = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      expect(
        (await fetch(`${base}/provision-account`, { method: 'POST', headers: bearer, body: JSON.stringify(requestFor(p.newPatient)) }))
          .status,
      ).toBe(200);

      // The patient's journey over real sockets: link, code, details, password.
      let link: string | undefined;
      for (let i = 0; i < 100 && !link; i++) {
        const list = (await (await fetch(`${running.mailpitUrl}/api/v1/messages`, { headers: admin })).json()) as {
          messages: { ID: string }[];
        };
        const id = list.messages[0]?.ID;
        const text = id
          ? ((await (await fetch(`${running.mailpitUrl}/api/v1/message/${id}`, { headers: admin })).json()) as { Text: string }).Text
          : '';
        link = /https?:\/\/\S+\/claim\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
        if (!link) await new Promise((r) => setTimeout(r, 50));
      }
      const claimToken = link!.split('/').pop()!;
      const driver = new ClaimDriver((route, init) => fetch(`${base}${route}`, { ...init, redirect: 'manual' }));
      await driver.open(link!);
      await driver.continueFromStart();
      const sms = (await (
        await fetch(`${base}/_sandbox/sms/latest?to=${encodeURIComponent(p.newPatient.mobile!)}`, { headers: admin })
      ).json()) as { body: string };
      const code = /\b(\d{6})\b/.exec(sms.body)![1]!;
      await driver.enterCode(code);
      await driver.answerDetails('yes');
      await driver.createPassword(PASSWORD);
      expect(driver.page?.html).toContain(CLAIM_DONE_HEADING);

      // Then every place a path, a query or a header can carry them.
      const hostile = [
        `/claim/${claimToken}`,
        `/claim/${claimToken}/more`,
        `/_sandbox/${ADMIN_TOKEN}`,
        `/nowhere/${ADMIN_TOKEN}?admin_token=${ADMIN_TOKEN}`,
        `/nowhere/${accessToken}`,
        `/nowhere/x${accessToken}y`,
        `/claim/security-code/${code}`,
        `/nowhere/${code}?code=${code}&password=${PASSWORD}`,
        `/v2/Users?access_token=${accessToken}&password=${PASSWORD}&filter=${encodeURIComponent('nhsnumber eq "9990000018"')}`,
      ];
      for (const route of hostile)
        await fetch(`${base}${route}`, { headers: { ...admin, authorization: `Bearer ${accessToken}`, cookie: `x=${PASSWORD}` } });
      await fetch(`${base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN },
        body: `grant_type=client_credentials&password=${PASSWORD}&code=${code}&access_token=${accessToken}&note=${ADMIN_TOKEN}`,
      });
      await fetch(`${base}/provision-account`, {
        method: 'POST',
        headers: bearer,
        body: JSON.stringify({ password: PASSWORD, note: `${ADMIN_TOKEN} ${accessToken}` }),
      });
      // Forged lines, one per separator a viewer may break at.
      for (const separator of ['%0A', '%0D', '%E2%80%A8', '%E2%80%A9', '%C2%85', '%0B', '%0C']) {
        await fetch(`${base}/x${separator}2026-01-01T00:00:00.000Z%20POST%20%2F_sandbox%2Freset%20200%20-%20-%201ms`);
      }
      const journal = await (await fetch(`${base}/_sandbox/journal?limit=1000`, { headers: admin })).text();
      const everyCall = await (await fetch(`${base}/console/requests`, { headers: admin })).text();
      await new Promise((r) => setTimeout(r, 300)); // the last log lines reach the pipe
      const log = running.output();

      const secrets = { claimToken, ADMIN_TOKEN, accessToken, signature: accessToken.split('.')[2]!, code, PASSWORD };
      for (const [where, text] of Object.entries({ log, journal, everyCall })) {
        for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} in ${where}`).toBe(false);
      }
      expect(log).toContain('/claim/[redacted]');
      expect(everyCall).toContain('/claim/[redacted]');
      // Each request is one line, whichever separator its path held; none starts a forged one.
      const lines = log.split(LINE_BREAKS).filter((line) => /^\S+ (GET|POST) |^\{"time"/.test(line));
      expect(
        lines.filter((line) => /^(\{"time":"[^"]*","method":"POST","path":"\/_sandbox\/reset"|\S+ POST \/_sandbox\/reset )/.test(line)),
      ).toEqual([]);
      expect(log.split(LINE_BREAKS).filter((line) => line.startsWith('2026-01-01T00:00:00.000Z'))).toEqual([]);
      if (format === 'json') for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    },
  );
});
