import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Outgoing email: every message leaves over real SMTP (nodemailer) to the configured server —
 * the embedded capture by default, or a real Mailpit. Sending is fire-and-forget for callers:
 * failures are retried with back-off, logged when given up on, and reported through `onEvent`.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which provisioning request the message belongs to (an X- header, for tracing). */
  provisioningId?: string;
}

export type OutboxEvent =
  | { type: 'sent'; to: string; subject: string; provisioningId?: string; attempts: number }
  | { type: 'retrying'; to: string; subject: string; provisioningId?: string; attempt: number; error: string }
  | { type: 'failed'; to: string; subject: string; provisioningId?: string; attempts: number; error: string };

const SENDER = 'NHS login (sandbox) <no-reply@login.sandbox.example.com>';

export class MailOutbox {
  readonly #transport: Transporter;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #listeners: ((event: OutboxEvent) => void)[] = [];

  constructor(
    smtp: { host: string; port: number },
    private readonly retry = { attempts: 5, firstDelayMs: 200 },
  ) {
    this.#transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5000,
    });
  }

  onEvent(listener: (event: OutboxEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** Queues the message; never throws, never blocks the caller. */
  send(email: OutgoingEmail): void {
    const job = this.#deliver(email).finally(() => this.#inFlight.delete(job));
    this.#inFlight.add(job);
  }

  /** Resolves when every queued message has been delivered or given up on. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  close(): void {
    this.#transport.close();
  }

  async #deliver(email: OutgoingEmail): Promise<void> {
    const about = { to: email.to, subject: email.subject, ...(email.provisioningId ? { provisioningId: email.provisioningId } : {}) };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#transport.sendMail({
          from: SENDER,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: email.provisioningId ? { 'X-Provisioning-Id': email.provisioningId } : {},
        });
        this.#emit({ type: 'sent', ...about, attempts: attempt });
        return;
      } catch (error) {
        const message = (error as Error).message;
        if (attempt >= this.retry.attempts) {
          this.#emit({ type: 'failed', ...about, attempts: attempt, error: message });
          console.error(`[mail] giving up on "${email.subject}" to ${email.to} after ${attempt} attempts: ${message}`);
          return;
        }
        this.#emit({ type: 'retrying', ...about, attempt, error: message });
        await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  #emit(event: OutboxEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
