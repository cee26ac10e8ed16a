// A growable list of 32-bit integers on one typed array (row indices).

/** Append-only Int32 list backed by a doubling Int32Array. */
export class IntList {
  #items: Int32Array;
  #length = 0;

  /** An empty list with room for `capacity` items. */
  constructor(capacity = 16) {
    this.#items = new Int32Array(Math.max(4, capacity));
  }

  /** Number of items. */
  get length(): number {
    return this.#length;
  }

  /** Append one item. */
  push(value: number): void {
    if (this.#length === this.#items.length) {
      const grown = new Int32Array(this.#items.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    this.#items[this.#length++] = value;
  }

  /** Item at `index` (must be < length). */
  at(index: number): number {
    return this.#items[index]!;
  }

  /** The items as a view (valid until the next push). */
  view(): Int32Array {
    return this.#items.subarray(0, this.#length);
  }
}
