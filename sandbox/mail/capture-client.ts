import { MailpitClient } from 'mailpit-api';

/**
 * A Mailpit API client for the sandbox's own reads and deletes of captured mail (console, admin
 * API). The embedded capture sits behind the same admin token as the sandbox, sent as the Basic
 * password it accepts; an external Mailpit has its own access rules, so nothing is sent to it.
 */
export const captureClient = (mailpitUrl: string, embeddedAdminToken: string | undefined): MailpitClient =>
  new MailpitClient(mailpitUrl, embeddedAdminToken ? { auth: { username: 'sandbox', password: embeddedAdminToken } } : undefined);
