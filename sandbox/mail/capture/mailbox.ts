import type { Collection, Store } from '../../store/store';
import type { CapturedMessage, MessageMeta } from './captured-message';
import type { MessageBodies } from './message-bodies';

/**
 * The captured messages, newest first, bounded as Mailpit bounds them: past `maxMessages`
 * messages or `maxBytes` of them in all, the oldest are dropped first. The bytes counted are what
 * is stored (issue #28: raw source, text, HTML, parsed headers and the metadata with its address
 * lists, as written), not the size of the message as sent. Metadata lives in the sandbox store (it
 * survives a restart and a read flag is a small change) and has a budget of its own, META_BUDGET,
 * so that a restart reads a small store whatever mail arrived; bodies live beside it
 * (message-bodies.ts), so no amount of mail can bloat the store provisioning relies on.
 */
type Stored = MessageMeta & { Seq: number; StoredBytes?: number; MetaBytes?: number };

/** Bytes of metadata kept in the store at most, whatever MAIL_MAX_BYTES says. */
export const META_BUDGET = 4 * 1024 * 1024;

export class Mailbox {
  readonly #messages: Collection<Stored>;
  /**
   * IDs oldest first: a new message is pushed, the oldest shifted off (V8 moves the array's start,
   * not its items). Newest first, each message's unshift copied all 2,400 IDs: 8 µs (issue #31).
   */
  #order: string[];
  #seq: number;
  #bytes: number;
  #metaBytes: number;
  deletedSinceStart = 0;

  /** The mailbox the store holds, its bodies trimmed to the messages it has. */
  static async open(store: Store, bodies: MessageBodies, limits: { maxMessages: number; maxBytes: number }): Promise<Mailbox> {
    const mailbox = new Mailbox(store, bodies, limits);
    await bodies.keepOnly(new Set(mailbox.#order));
    return mailbox;
  }

  private constructor(
    private readonly store: Store,
    private readonly bodies: MessageBodies,
    private readonly limits: { maxMessages: number; maxBytes: number },
  ) {
    this.#messages = store.collection<Stored>('mail');
    const all = this.#messages.values().sort((a, b) => a.Seq - b.Seq);
    this.#order = all.map((m) => m.ID);
    this.#seq = all.at(-1)?.Seq ?? 0;
    this.#bytes = all.reduce((sum, m) => sum + (m.StoredBytes ?? m.Size), 0);
    this.#metaBytes = all.reduce((sum, m) => sum + (m.MetaBytes ?? 0), 0);
  }

  async add(message: CapturedMessage): Promise<void> {
    const { Text, HTML, Headers, Raw, ...meta } = message;
    const bodyBytes = await this.bodies.put(message.ID, { Text, HTML, Headers, Raw });
    const dropped: string[] = [];
    await this.store.transact(() => {
      const seq = ++this.#seq;
      // The metadata as the store writes it, this count included (a few bytes of slack for it).
      const metaBytes = Buffer.byteLength(JSON.stringify({ ...meta, Seq: seq })) + 64;
      const stored: Stored = { ...meta, Seq: seq, StoredBytes: bodyBytes + metaBytes, MetaBytes: metaBytes };
      this.#messages.put(message.ID, stored);
      this.#order.push(message.ID);
      this.#bytes += stored.StoredBytes!;
      this.#metaBytes += metaBytes;
      while (
        this.#order.length > 1 &&
        (this.#order.length > this.limits.maxMessages || this.#bytes > this.limits.maxBytes || this.#metaBytes > META_BUDGET)
      ) {
        dropped.push(this.#order.shift()!);
        this.#drop(dropped.at(-1)!);
      }
    });
    await Promise.all(dropped.map((id) => this.bodies.delete(id)));
  }

  /** What the bound counts: bytes stored, bodies and metadata. */
  get storedBytes(): number {
    return this.#bytes;
  }

  /** Newest first, metadata only. */
  list(): MessageMeta[] {
    const newestFirst: MessageMeta[] = [];
    for (let i = this.#order.length - 1; i >= 0; i--) {
      const message = this.#messages.get(this.#order[i]!);
      if (message) newestFirst.push(message);
    }
    return newestFirst;
  }

  get(id: string): MessageMeta | undefined {
    if (id === 'latest') {
      const newest = this.#order.at(-1);
      return newest ? this.#messages.get(newest) : undefined;
    }
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
    this.#metaBytes = 0;
    await this.bodies.clear();
  }

  #drop(id: string): void {
    const message = this.#messages.get(id);
    if (!message) return;
    this.#bytes -= message.StoredBytes ?? message.Size;
    this.#metaBytes -= message.MetaBytes ?? 0;
    this.#messages.delete(id);
    this.deletedSinceStart++;
  }
}
