import { open, readFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that never leaves a half-written file behind: the JSON goes to a temporary
 * file, is fsynced, then renamed over the target (rename is atomic on POSIX), and the folder is
 * fsynced so the rename itself survives a crash.
 */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.file} is not valid JSON (${(error as Error).message.split('\n')[0]}); move it aside to start afresh`, {
        cause: error,
      });
    }
    // lowdb reads null as "no file yet" and would start empty over it (issue #28): a file that
    // holds the JSON null is refused like any other file of the wrong shape.
    if (value === null) throw new Error(`${this.file} holds the JSON null, not a sandbox store: move it aside to start afresh`);
    return value as T;
  }

  async write(data: T): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDirectory(dir);
  }
}

/** fsyncs a folder, so that a rename or a new file in it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
