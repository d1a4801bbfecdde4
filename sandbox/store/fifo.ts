/**
 * A first-in, first-out list whose `shift` costs the same however long it is (issue #31:
 * `Array.shift` on the journal's 20,000 entries moved every one of them, per request). Taken items
 * leave a gap at the front that is cut off once it is most of the array.
 */
export class Fifo<T> implements Iterable<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  constructor(items: Iterable<T> = []) {
    this.#items = [...items];
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i]!;
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.#items.slice(this.#head) as T[];
  }
}
