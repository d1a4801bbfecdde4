/**
 * Where captured messages' bodies live: beside the store, never in it. A message can be megabytes
 * (raw source, text, HTML); the store snapshot must stay small whatever mail arrives, and marking a
 * message read must not rewrite its body. One append-only log in the data folder (body-log.ts), or
 * a map for a throw-away sandbox.
 */
export interface MessageBody {
  Text: string;
  HTML: string;
  Headers: Record<string, string[]>;
  Raw: string;
}

export interface MessageBodies {
  /** Stores the body; resolves with the bytes it takes (what the mailbox's bound counts) once it is durable. */
  put(id: string, body: MessageBody): Promise<number>;
  get(id: string): Promise<MessageBody | undefined>;
  delete(id: string): Promise<void>;
  /** At start-up: the messages the mailbox holds; any other body is left over (its delete was never written) and goes. */
  keepOnly(ids: ReadonlySet<string>): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export function memoryBodies(): MessageBodies {
  const bodies = new Map<string, MessageBody>();
  return {
    put: (id, body) => {
      bodies.set(id, body);
      return Promise.resolve(Buffer.byteLength(JSON.stringify(body)));
    },
    get: (id) => Promise.resolve(bodies.get(id)),
    delete: (id) => Promise.resolve(void bodies.delete(id)),
    keepOnly: (ids) => {
      for (const id of bodies.keys()) if (!ids.has(id)) bodies.delete(id);
      return Promise.resolve();
    },
    clear: () => Promise.resolve(bodies.clear()),
    close: () => Promise.resolve(),
  };
}
