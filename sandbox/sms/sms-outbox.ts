import { randomUUID } from 'node:crypto';
import { normalisePhone } from '../pds/patient';
import type { Clock } from '../clock/clock';
import type { Collection, Store } from '../store/store';

/**
 * Text messages the service would send (one-time passcodes). Nothing leaves the machine: the
 * outbox is where testers, and the automated steps, read them.
 */
export interface TextMessage {
  id: string;
  to: string;
  body: string;
  sentAt: string;
  sentAtMs: number;
  provisioningId?: string;
}

export class SmsOutbox {
  readonly #messages: Collection<TextMessage>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.#messages = store.collection<TextMessage>('sms');
    this.#messages.defineIndex('byRecipient', (m) => m.to);
  }

  async send(to: string, body: string, provisioningId?: string): Promise<TextMessage> {
    const nowMs = this.clock.nowMs();
    const message: TextMessage = {
      id: randomUUID(),
      to,
      body,
      sentAt: new Date(nowMs).toISOString(),
      sentAtMs: nowMs,
      ...(provisioningId ? { provisioningId } : {}),
    };
    await this.store.transact(() => this.#messages.put(message.id, message));
    return message;
  }

  /**
   * Newest first, optionally only to one number, however a person typed it: `+44…`, `44…` (a
   * `+` pasted into a URL arrives as a space), `07…`, with or without spaces.
   */
  list(to?: string): TextMessage[] {
    const messages = to?.trim() ? this.#messages.findBy('byRecipient', normalisePhone(to.trim())) : this.#messages.values();
    return messages.sort((a, b) => b.sentAtMs - a.sentAtMs);
  }

  async clear(): Promise<void> {
    await this.store.transact(() => {
      for (const [id] of this.#messages.entries()) this.#messages.delete(id);
    });
  }
}
