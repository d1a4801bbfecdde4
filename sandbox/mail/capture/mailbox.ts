import type { Collection, Store } from '../../store/store';
import type { CapturedMessage } from './captured-message';

/**
 * The captured messages, newest first, bounded: past `maxMessages` the oldest are dropped.
 * Persisted in the sandbox store so the capture survives a restart.
 */
type Stored = CapturedMessage & { Seq: number };

export class Mailbox {
  readonly #messages: Collection<Stored>;
  /** IDs newest first. */
  #order: string[];
  #seq: number;
  deletedSinceStart = 0;

  constructor(
    private readonly store: Store,
    private readonly maxMessages: number,
  ) {
    this.#messages = store.collection<Stored>('mail');
    const all = this.#messages.values().sort((a, b) => b.Seq - a.Seq);
    this.#order = all.map((m) => m.ID);
    this.#seq = all[0]?.Seq ?? 0;
  }

  async add(message: CapturedMessage): Promise<void> {
    await this.store.transact(() => {
      this.#messages.put(message.ID, { ...message, Seq: ++this.#seq });
      this.#order.unshift(message.ID);
      while (this.#order.length > this.maxMessages) this.#drop(this.#order.pop()!);
    });
  }

  /** Newest first. */
  list(): CapturedMessage[] {
    return this.#order.map((id) => this.#messages.get(id)!).filter(Boolean);
  }

  get(id: string): CapturedMessage | undefined {
    if (id === 'latest') return this.#order[0] ? this.#messages.get(this.#order[0]) : undefined;
    return this.#messages.get(id);
  }

  async setRead(ids: string[], read: boolean): Promise<void> {
    await this.store.transact(() => {
      for (const id of ids) {
        const message = this.#messages.get(id);
        if (message && message.Read !== read) this.#messages.put(id, { ...message, Read: read });
      }
    });
  }

  async delete(ids: string[]): Promise<void> {
    await this.store.transact(() => {
      const doomed = new Set(ids);
      for (const id of doomed) this.#drop(id);
      this.#order = this.#order.filter((id) => !doomed.has(id));
    });
  }

  /** After a store reset the collection is empty: forget the order too. */
  forgetAll(): void {
    this.#order = [];
  }

  #drop(id: string): void {
    if (!this.#messages.has(id)) return;
    this.#messages.delete(id);
    this.deletedSinceStart++;
  }
}
