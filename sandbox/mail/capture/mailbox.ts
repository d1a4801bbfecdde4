import type { Collection, Store } from '../../store/store';
import type { CapturedMessage, MessageMeta } from './captured-message';
import type { MessageBodies } from './message-bodies';

/**
 * The captured messages, newest first, bounded as Mailpit bounds them: past `maxMessages`
 * messages or `maxBytes` of them in all, the oldest are dropped first. Metadata lives in the
 * sandbox store (small: it survives a restart and a read flag is a small change); bodies live
 * beside it (message-bodies.ts), so no amount of mail can bloat the store provisioning relies on.
 */
type Stored = MessageMeta & { Seq: number };

export class Mailbox {
  readonly #messages: Collection<Stored>;
  /** IDs newest first. */
  #order: string[];
  #seq: number;
  #bytes: number;
  deletedSinceStart = 0;

  constructor(
    private readonly store: Store,
    private readonly bodies: MessageBodies,
    private readonly limits: { maxMessages: number; maxBytes: number },
  ) {
    this.#messages = store.collection<Stored>('mail');
    const all = this.#messages.values().sort((a, b) => b.Seq - a.Seq);
    this.#order = all.map((m) => m.ID);
    this.#seq = all[0]?.Seq ?? 0;
    this.#bytes = all.reduce((sum, m) => sum + m.Size, 0);
  }

  async add(message: CapturedMessage): Promise<void> {
    const { Text, HTML, Headers, Raw, ...meta } = message;
    await this.bodies.put(message.ID, { Text, HTML, Headers, Raw });
    const dropped: string[] = [];
    await this.store.transact(() => {
      this.#messages.put(message.ID, { ...meta, Seq: ++this.#seq });
      this.#order.unshift(message.ID);
      this.#bytes += meta.Size;
      while (this.#order.length > 1 && (this.#order.length > this.limits.maxMessages || this.#bytes > this.limits.maxBytes)) {
        dropped.push(this.#order.pop()!);
        this.#drop(dropped.at(-1)!);
      }
    });
    await Promise.all(dropped.map((id) => this.bodies.delete(id)));
  }

  /** Newest first, metadata only. */
  list(): MessageMeta[] {
    return this.#order.map((id) => this.#messages.get(id)!).filter(Boolean);
  }

  get(id: string): MessageMeta | undefined {
    if (id === 'latest') return this.#order[0] ? this.#messages.get(this.#order[0]) : undefined;
    return this.#messages.get(id);
  }

  /** The whole message, body included; undefined when either part is gone. */
  async full(meta: MessageMeta): Promise<CapturedMessage | undefined> {
    const body = await this.bodies.get(meta.ID);
    return body ? { ...meta, ...body } : undefined;
  }

  get totalBytes(): number {
    return this.#bytes;
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
    const doomed = new Set(ids);
    await this.store.transact(() => {
      for (const id of doomed) this.#drop(id);
      this.#order = this.#order.filter((id) => !doomed.has(id));
    });
    await Promise.all([...doomed].map((id) => this.bodies.delete(id)));
  }

  /** After a store reset the metadata is gone: forget the order and the bodies too. */
  async forgetAll(): Promise<void> {
    this.#order = [];
    this.#bytes = 0;
    await this.bodies.clear();
  }

  #drop(id: string): void {
    const message = this.#messages.get(id);
    if (!message) return;
    this.#bytes -= message.Size;
    this.#messages.delete(id);
    this.deletedSinceStart++;
  }
}
