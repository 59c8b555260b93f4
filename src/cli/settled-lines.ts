/**
 * The settled line of a replay: the line below which every line has settled (delivered, skipped, or
 * recorded as failed or invalid), its low-water mark. Lines settle out of order, as their requests are
 * answered, so the last line read says nothing about what is safe; a restart after the mark loses
 * nothing and repeats nothing that settled before it.
 *
 * It also bounds how far reading runs ahead of the mark: at most `capacity` messages above it, settled
 * or not. A restart from the mark then repeats at most that many, however long one message takes.
 */

/** A line of the input, and the byte offset where the next line starts. */
export interface LinePosition {
  line: number;
  byte: number;
}

const open = 0;
const settled = 1;
/** Finished without its outcome recorded (the failed file could not be written): the mark stops before it. */
const unrecorded = 2;

export class SettledLines {
  readonly #capacity: number;
  // A ring of the messages above the mark, in the order read. A ticket is a message's position in that
  // order; its slot is the ticket modulo the capacity.
  readonly #lines: Float64Array;
  readonly #starts: Float64Array;
  readonly #states: Uint8Array;
  /** The ticket of the oldest message above the mark. */
  #head = 0;
  /** The ticket the next message gets. */
  #tail = 0;
  #pending = 0;
  /** The last line handed over, and where it ends. */
  #last: LinePosition;
  #waitingForRoom: Array<() => void> = [];
  #waitingForDrain: Array<() => void> = [];

  /**
   * @param capacity most messages above the mark at once
   * @param start the mark to begin with: the line a resumed replay goes on after
   */
  constructor(capacity: number, start: LinePosition = { line: 0, byte: 0 }) {
    this.#capacity = capacity;
    this.#lines = new Float64Array(capacity);
    this.#starts = new Float64Array(capacity);
    this.#states = new Uint8Array(capacity);
    this.#last = { ...start };
  }

  /** The line below which (itself included) every line has settled, and where the next line starts. */
  get mark(): LinePosition {
    if (this.#head === this.#tail) return { ...this.#last };
    const slot = this.#head % this.#capacity;
    return { line: (this.#lines[slot] as number) - 1, byte: this.#starts[slot] as number };
  }

  /** The last line handed over. */
  get lastLine(): number {
    return this.#last.line;
  }

  /** Messages added and not settled yet. */
  get pending(): number {
    return this.#pending;
  }

  /** Whether another message may be added. */
  hasRoom(): boolean {
    return this.#tail - this.#head < this.#capacity;
  }

  /** Resolves once another message may be added. */
  room(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.#waitingForRoom.push(resolve));
  }

  /** Resolves once every message added has settled. */
  drained(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waitingForDrain.push(resolve));
  }

  /**
   * A message read from `line`, which spans the bytes from `start` to `end`; lines come in order.
   * @returns its ticket, for `settle`
   */
  add(line: number, start: number, end: number): number {
    if (!this.hasRoom()) throw new Error('no room for another line: wait for room() first');
    const slot = this.#tail % this.#capacity;
    this.#lines[slot] = line;
    this.#starts[slot] = start;
    this.#states[slot] = open;
    this.#last = { line, byte: end };
    this.#pending += 1;
    return this.#tail++;
  }

  /** A line that settled as it was read (not JSON, or blank), or the last of the input; it ends at `end`. */
  pass(line: number, end: number): void {
    this.#last = { line, byte: end };
  }

  /**
   * The message of this ticket settled.
   * @param recorded false when its outcome could not be recorded: the mark never passes it
   */
  settle(ticket: number, recorded = true): void {
    this.#states[ticket % this.#capacity] = recorded ? settled : unrecorded;
    this.#pending -= 1;
    while (this.#head < this.#tail && this.#states[this.#head % this.#capacity] === settled) {
      this.#head += 1;
    }
    if (this.hasRoom()) this.#wake(this.#waitingForRoom);
    if (this.#pending === 0) this.#wake(this.#waitingForDrain);
  }

  #wake(waiting: Array<() => void>): void {
    if (waiting.length === 0) return;
    const resolvers = waiting.splice(0);
    for (const resolve of resolvers) resolve();
  }
}
