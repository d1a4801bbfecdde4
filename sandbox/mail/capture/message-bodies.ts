import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where captured messages' bodies live: beside the store, never in it. A message can be megabytes
 * (raw source, text, HTML); the store snapshot must stay small whatever mail arrives, and marking a
 * message read must not rewrite its body. One file per message in the data folder, or a map for a
 * throw-away sandbox.
 */
export interface MessageBody {
  Text: string;
  HTML: string;
  Headers: Record<string, string[]>;
  Raw: string;
}

export interface MessageBodies {
  /** Stores the body; resolves with the bytes it takes (what the mailbox's bound counts). */
  put(id: string, body: MessageBody): Promise<number>;
  get(id: string): Promise<MessageBody | undefined>;
  delete(id: string): Promise<void>;
  clear(): Promise<void>;
}

/** Message IDs are ours (22 base62 characters); anything else never becomes a path. */
const SAFE_ID = /^[A-Za-z0-9]{1,64}$/;

export function fileBodies(dir: string): MessageBodies {
  const file = (id: string) => (SAFE_ID.test(id) ? path.join(dir, `${id}.json`) : null);
  return {
    async put(id, body) {
      await mkdir(dir, { recursive: true });
      const text = JSON.stringify(body);
      await writeFile(file(id)!, text);
      return Buffer.byteLength(text);
    },
    async get(id) {
      const name = file(id);
      if (!name) return undefined;
      try {
        return JSON.parse(await readFile(name, 'utf8')) as MessageBody;
      } catch {
        return undefined; // gone, or damaged: the message shows as not found
      }
    },
    async delete(id) {
      const name = file(id);
      if (name) await rm(name, { force: true });
    },
    async clear() {
      await rm(dir, { recursive: true, force: true });
    },
  };
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
    clear: () => Promise.resolve(bodies.clear()),
  };
}
