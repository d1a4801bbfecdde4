import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { Fifo } from '../store/fifo';
import type { Collection, Store } from '../store/store';
import type { Delivery, OutgoingEmail } from './delivery';
import { renderEmail, type TemplatedEmail } from './templates';

/**
 * Outgoing email as a bounded, durable queue (issue #31: an invitation acknowledged is an
 * invitation delivered). `send` puts the message in the store, so a caller inside a
 * `store.transact` has it written in the same commit as the record it is about: once the API has
 * answered, a crash cannot lose it. A delivery loop hands queued messages to the capture (in
 * process) or to an SMTP server (pooled), a few at a time, retrying with back-off; a message leaves
 * the queue only once delivered (or refused for good, a 5xx), and whatever is queued at start-up is
 * delivered then. Delivery is at least once: a crash between a delivery and the write removing it
 * from the queue sends it again after the restart.
 *
 * Bounded: `hasRoom()` is false at `capacity` queued messages, and the API then refuses new
 * invitations (11000 with Retry-After) instead of growing memory. Mail the sandbox sends for what a
 * person does (a confirmation after a claim) is always queued: it is paced by people, not load.
 */
export type { OutgoingEmail } from './delivery';

/**
 * What is queued: the template and what it is rendered from (templates.ts), rendered at hand-over;
 * or the rendered email itself, as earlier versions queued it (and tests do).
 */
export type QueuedMail = TemplatedEmail | OutgoingEmail;

const rendered = (mail: QueuedMail): OutgoingEmail => ('template' in mail ? renderEmail(mail) : mail);

interface QueuedEmail {
  id: string;
  email: QueuedMail;
  /** Real time (the sandbox clock can be moved; delivery lag is a real wait). */
  queuedAtMs: number;
  attempts: number;
}

export type OutboxEvent =
  | { type: 'sent'; to: string; subject: string; provisioningId?: string; attempts: number }
  | { type: 'retrying'; to: string; subject: string; provisioningId?: string; attempt: number; error: string }
  | { type: 'failed'; to: string; subject: string; provisioningId?: string; attempts: number; error: string };

/** What the console and `/_health` show. */
export interface OutboxStatus {
  queued: number;
  capacity: number;
  /** How long the oldest queued message has waited (ms). */
  oldestQueuedMs: number;
  /** Queued to delivered, for the last message delivered (ms). */
  lastDeliveryLagMs: number | null;
  delivered: number;
  retried: number;
  failed: number;
}

export interface OutboxOptions {
  capacity: number;
  /** Messages handed over at once (the SMTP pool's connections, or the capture's parser). */
  concurrency: number;
  /** First retry after this, doubling up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { capacity: 10_000, concurrency: 8, firstDelayMs: 200, maxDelayMs: 60_000 };

/** An SMTP 5xx: the server refuses the message for good; resending it would be refused again. */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500;
};

export class MailOutbox {
  readonly #queue: Collection<QueuedEmail>;
  readonly #listeners: ((event: OutboxEvent) => void)[] = [];
  /** IDs ready to hand over, oldest first. */
  #ready = new Fifo<string>();
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  #inFlight = 0;
  /** Messages sent but not yet committed: not ready to hand over, but not settled either. */
  #committing = 0;
  #idleWaiters: (() => void)[] = [];
  #stopped = false;
  readonly #counts = { delivered: 0, retried: 0, failed: 0, lastDeliveryLagMs: null as number | null };

  constructor(
    private readonly store: Store,
    private readonly delivery: Delivery,
    private readonly clock: Clock,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {
    this.#queue = store.collection<QueuedEmail>('outbox');
    // Left by the last run (a crash, or a stop with mail still queued): delivered now, oldest first.
    this.#ready = new Fifo(
      this.#queue
        .values()
        .sort((a, b) => a.queuedAtMs - b.queuedAtMs)
        .map((queued) => queued.id),
    );
    this.#pump();
  }

  onEvent(listener: (event: OutboxEvent) => void): void {
    this.#listeners.push(listener);
  }

  hasRoom(): boolean {
    return this.#queue.size < this.options.capacity;
  }

  /**
   * Queues the message in the store (never throws, never waits for delivery). Inside a
   * `store.transact` it is written with that unit's other changes; outside one it is committed
   * with the next group commit.
   */
  send(email: QueuedMail): void {
    const queued: QueuedEmail = { id: randomUUID(), email, queuedAtMs: this.clock.nowMs(), attempts: 0 };
    this.#queue.put(queued.id, queued);
    // Handed over only once committed (inside a transact this joins the unit's own commit; outside
    // one nothing else would commit it). A commit that fails undoes the message with its record.
    this.#committing++;
    this.store
      .sync()
      .then(
        () => void this.#ready.push(queued.id),
        () => undefined,
      )
      .finally(() => {
        this.#committing--;
        this.#pump();
      });
  }

  status(): OutboxStatus {
    const oldest = this.#oldestQueued();
    return {
      queued: this.#queue.size,
      capacity: this.options.capacity,
      oldestQueuedMs: oldest ? Math.max(0, this.clock.nowMs() - oldest.queuedAtMs) : 0,
      lastDeliveryLagMs: this.#counts.lastDeliveryLagMs,
      delivered: this.#counts.delivered,
      retried: this.#counts.retried,
      failed: this.#counts.failed,
    };
  }

  /**
   * Resolves when nothing is ready to hand over or being handed over: every message queued before
   * the call has been delivered, refused for good, or is waiting for a retry (a server that is down
   * does not hold the caller up; the message stays queued).
   */
  drain(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** After a store reset the queue collection is empty: forget what was ready and waiting too. */
  forgetAll(): void {
    this.#ready = new Fifo();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
  }

  /** Stops handing over; what is still queued stays in the store for the next start. */
  async close(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    await this.drain();
    this.delivery.close();
  }

  #oldestQueued(): QueuedEmail | undefined {
    for (const id of this.#ready) {
      const queued = this.#queue.get(id);
      if (queued) return queued;
    }
    return undefined;
  }

  #idle(): boolean {
    return this.#inFlight === 0 && (this.#stopped || (this.#ready.length === 0 && this.#committing === 0));
  }

  #pump(): void {
    while (!this.#stopped && this.#inFlight < this.options.concurrency && this.#ready.length > 0) {
      const queued = this.#queue.get(this.#ready.shift()!);
      if (queued) {
        this.#inFlight++;
        void this.#handOver(queued).finally(() => {
          this.#inFlight--;
          this.#pump();
        });
      }
    }
    if (this.#idle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #handOver(queued: QueuedEmail): Promise<void> {
    const email = rendered(queued.email);
    const about = { to: email.to, subject: email.subject, ...(email.provisioningId ? { provisioningId: email.provisioningId } : {}) };
    const attempt = queued.attempts + 1;
    try {
      await this.delivery.deliver(email);
    } catch (error) {
      const message = (error as Error).message;
      if (isPermanent(error)) {
        this.#counts.failed++;
        this.#emit({ type: 'failed', ...about, attempts: attempt, error: message });
        console.error(`[mail] "${email.subject}" to ${email.to} refused for good after ${attempt} attempt(s): ${message}`);
        await this.#remove(queued.id);
        return;
      }
      this.#counts.retried++;
      this.#emit({ type: 'retrying', ...about, attempt, error: message });
      if (!this.#queue.has(queued.id)) return;
      this.#queue.put(queued.id, { ...queued, attempts: attempt });
      this.store.sync().catch(() => undefined);
      if (this.#stopped) return; // tried again at the next start
      const delay = Math.min(this.options.firstDelayMs * 2 ** (attempt - 1), this.options.maxDelayMs);
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        this.#ready.push(queued.id);
        this.#pump();
      }, delay);
      this.#retryTimers.add(timer);
      return;
    }
    this.#counts.delivered++;
    this.#counts.lastDeliveryLagMs = Math.max(0, this.clock.nowMs() - queued.queuedAtMs);
    this.#emit({ type: 'sent', ...about, attempts: attempt });
    await this.#remove(queued.id);
  }

  async #remove(id: string): Promise<void> {
    // A failed write puts the entry back in memory; the next start delivers it again (at least once).
    await this.store.transact(() => this.#queue.delete(id)).catch(() => undefined);
  }

  #emit(event: OutboxEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
