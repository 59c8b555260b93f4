/**
 * The sliding window in which Customer.io counts a destination's requests: by when they arrive there.
 *
 * When a request arrives is never known exactly: somewhere after it starts and before its answer comes
 * back (a new connection, a slow upload of 500 KB, a busy machine all move it). So a request holds a
 * place from the moment it starts until one window after its answer (or its failure), and a request
 * starts only while fewer than `limit` places are held. That is exactly enough, whatever the delays:
 * take any window of Customer.io's and the request in it that started last. Every other request counted
 * in that window started before it, and arrived less than a window before it arrived, so less than a
 * window before it started; it was answered after it arrived, so it still held its place when the last
 * one started. Hence at most `limit` requests in the window, with no margin guessed from the network.
 *
 * At full speed a request costs the window plus its own round trip: about 99 requests a second at a
 * limit of 100 on a fast network.
 */
import { Deque } from './deque.js';
import { stoppedError } from './pacer.js';
import { WakeTimer } from './wake-timer.js';

/** Milliseconds added to every hold: servers count arrivals on clocks of one-millisecond resolution. */
const clockResolutionMs = 1;

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export class ArrivalWindow {
  readonly #limit: number;
  readonly #holdMs: number;
  readonly #clock: () => number;
  /** Places held by requests not yet answered. */
  #open = 0;
  /** When the places of answered requests free up, in milliseconds, earliest first. */
  readonly #freesAt = new Deque<number>();
  /** Callers of `acquire`, in order. */
  readonly #waiting = new Deque<Waiter<() => void>>();
  /** Callers of `whenFree`, told when a place is free; they take none. */
  #watching: Waiter<void>[] = [];
  readonly #timer = new WakeTimer(() => this.#wakeAtNextFree());
  #stopped = false;

  /**
   * @param limit most requests counted in any window
   * @param windowMs the window's length, in milliseconds
   * @param clock a monotonic time in milliseconds; injectable for tests
   */
  constructor(limit: number, windowMs: number, clock: () => number = () => performance.now()) {
    this.#limit = limit;
    this.#holdMs = windowMs + clockResolutionMs;
    this.#clock = clock;
  }

  /**
   * Takes a place for a request about to start, waiting for one while `limit` are held. Places are
   * given in the order they were asked for.
   * @returns a function to call when the request is answered or has failed; later calls do nothing
   */
  acquire(): Promise<() => void> {
    if (this.#stopped) return Promise.reject(stoppedError());
    if (this.#waiting.length === 0 && this.#free() > 0) return Promise.resolve(this.#take());
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#wakeAtNextFree();
    });
  }

  /**
   * Resolves when a place is free, without taking it: for work that should only be prepared when it
   * can start. Undefined when one is free now.
   */
  whenFree(): Promise<void> | undefined {
    if (this.#stopped) return Promise.reject(stoppedError());
    if (this.#waiting.length === 0 && this.#free() > 0) return undefined;
    return new Promise((resolve, reject) => {
      this.#watching.push({ resolve, reject });
      this.#wakeAtNextFree();
    });
  }

  /** Whether a place someone waits for has freed up, and is given out as soon as the event loop turns. */
  get placeIsDue(): boolean {
    return this.#timer.isDue(this.#clock());
  }

  /** Rejects every wait and clears the timer; for a destination with nothing left to send. */
  stop(): void {
    this.#stopped = true;
    this.#timer.clear();
    const waiters: Waiter<never>[] = [...this.#waiting.drain(), ...this.#watching];
    this.#watching = [];
    for (const waiter of waiters) waiter.reject(stoppedError());
  }

  /** Places free now, once those whose hold has ended are let go. */
  #free(): number {
    const now = this.#clock();
    while ((this.#freesAt.peek() ?? Number.POSITIVE_INFINITY) <= now) this.#freesAt.shift();
    return this.#limit - this.#open - this.#freesAt.length;
  }

  #take(): () => void {
    this.#open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open--;
      // The clock is monotonic, so places are pushed in the order they free up.
      this.#freesAt.push(this.#clock() + this.#holdMs);
      this.#wakeAtNextFree();
    };
  }

  /**
   * Gives places to those waiting for one while any is free, tells the watchers when one is left over,
   * then sets a timer for when the next place frees up if anyone still waits.
   */
  #wakeAtNextFree(): void {
    while (this.#waiting.length > 0 && this.#free() > 0) {
      (this.#waiting.shift() as Waiter<() => void>).resolve(this.#take());
    }
    if (this.#watching.length > 0 && this.#waiting.length === 0 && this.#free() > 0) {
      const watching = this.#watching;
      this.#watching = [];
      for (const watcher of watching) watcher.resolve();
    }
    // Undefined with nobody waiting, or with every place held by a request in flight: its answer wakes.
    const at = this.#waiting.length + this.#watching.length > 0 ? this.#freesAt.peek() : undefined;
    this.#timer.set(at, this.#clock());
  }
}
