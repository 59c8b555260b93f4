/**
 * A double-ended queue on a ring buffer: O(1) at both ends. Arrays would make `shift` copy the whole
 * queue once it is large, and the work queue shifts once per operation sent.
 */
export class Deque<T> {
  #items: (T | undefined)[] = new Array(16);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) & (this.#items.length - 1)] = item;
    this.#length++;
  }

  unshift(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#items.length - 1);
    this.#items[this.#head] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#items.length - 1);
    this.#length--;
    return item;
  }

  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }

  /** Doubles the capacity; it stays a power of two, so positions wrap with a mask. */
  #grow(): void {
    const grown: (T | undefined)[] = new Array(this.#items.length * 2);
    for (let index = 0; index < this.#length; index++) {
      grown[index] = this.#items[(this.#head + index) & (this.#items.length - 1)];
    }
    this.#items = grown;
    this.#head = 0;
  }
}
