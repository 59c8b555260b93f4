/**
 * Deterministic failures: a schedule (the nth request gets the nth entry) and a seeded chance of a
 * fault on any other request. The same options and the same order of requests give the same faults,
 * so a failing test can be replayed.
 */
import { ConfigError } from '../errors.js';
import { seededRandom } from './seeded-random.js';

interface FaultTiming {
  /**
   * When false, the fault strikes before the request is processed: nothing is applied. When true, the
   * request is processed and applied first and the fault strikes its answer, so the client cannot know
   * that it succeeded (the lost-response case that makes clients retry something already applied).
   * @default false
   */
  applied?: boolean;
}

/** A server error answered instead of the real answer. */
export interface ServerErrorFault extends FaultTiming {
  status: 500 | 502 | 503 | 504;
}

/** A throttling answer, with its `Retry-After` header. */
export interface ThrottleFault extends FaultTiming {
  status: 429;
  /**
   * Whole seconds to announce, or `'date'` for the HTTP-date form: the next whole second of the
   * emulator's clock plus one second (between 1 and 2 seconds ahead).
   */
  retryAfter: number | 'date';
}

/** The connection is dropped without an answer (the client sees a network error). */
export interface ResetFault extends FaultTiming {
  reset: true;
}

/**
 * A slow answer. With `applied: false` the request waits `delayMs` before it is processed, and is
 * never processed if the client gives up first; with `applied: true` it is processed at once and
 * only the answer waits.
 */
export interface DelayFault extends FaultTiming {
  /** Milliseconds. */
  delayMs: number;
}

export type FaultSpec = ServerErrorFault | ThrottleFault | ResetFault | DelayFault;

/** What a fault decision may look at: the request as received and routed. */
export interface FaultCandidate {
  method: string;
  /** The path as received, still percent-encoded. */
  path: string;
  /** Our operation id, or undefined when no operation matches. */
  operation: string | undefined;
  /** Header names in lower case; the Authorization value redacted. */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

export interface FaultOptions {
  /**
   * Seed of the pseudo-random generator behind `probability`.
   * @default 0
   */
  seed?: number;
  /**
   * Faults by position: the nth request considered (counting from 0, only those `only` accepts) gets
   * `schedule[n]`; `null` means none. Past its end the schedule stops, unless `repeat` is set.
   */
  schedule?: ReadonlyArray<FaultSpec | null>;
  /**
   * Start the schedule over once it is exhausted.
   * @default false
   */
  repeat?: boolean;
  /**
   * Chance, from 0 to 1, that a request the schedule leaves alone gets one of `kinds`.
   * @default 0
   */
  probability?: number;
  /**
   * The faults `probability` picks from, each equally likely.
   * @default [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }, { reset: true }]
   */
  kinds?: readonly FaultSpec[];
  /**
   * Which requests faults may strike; the others are neither faulted nor counted.
   * @default every request
   */
  only?: (request: FaultCandidate) => boolean;
}

const defaultKinds: readonly FaultSpec[] = [
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 504 },
  { reset: true },
];

export class FaultPlan {
  readonly #options: FaultOptions;
  readonly #kinds: readonly FaultSpec[];
  #random: () => number;
  #count = 0;

  constructor(options: FaultOptions = {}) {
    checkFaultOptions(options);
    this.#options = options;
    this.#kinds = options.kinds ?? defaultKinds;
    this.#random = seededRandom(options.seed ?? 0);
  }

  /** The fault for the next request, if any. Call once per request, in order of arrival. */
  next(request: FaultCandidate): FaultSpec | undefined {
    const { only, schedule = [], repeat = false, probability = 0 } = this.#options;
    if (only && !only(request)) return undefined;
    const position = this.#count++;
    if (position < schedule.length || (repeat && schedule.length > 0)) {
      const scheduled = schedule[position % schedule.length];
      if (scheduled) return scheduled;
    }
    if (probability <= 0 || this.#random() >= probability) return undefined;
    return this.#kinds[Math.floor(this.#random() * this.#kinds.length)];
  }

  /** Starts counting and drawing again from the beginning. */
  reset(): void {
    this.#count = 0;
    this.#random = seededRandom(this.#options.seed ?? 0);
  }
}

function checkFaultOptions(options: FaultOptions): void {
  const { seed, probability, schedule, kinds } = options;
  if (seed !== undefined && !Number.isInteger(seed))
    throw new ConfigError('faults.seed', 'expected an integer');
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new ConfigError('faults.probability', 'expected a number from 0 to 1');
  }
  if (kinds !== undefined && kinds.length === 0)
    throw new ConfigError('faults.kinds', 'expected at least one fault');
  for (const [index, fault] of (schedule ?? []).entries())
    if (fault) checkFault(fault, `faults.schedule[${index}]`);
  for (const [index, fault] of (kinds ?? []).entries()) checkFault(fault, `faults.kinds[${index}]`);
}

function checkFault(fault: FaultSpec, option: string): void {
  if ('reset' in fault) {
    if (fault.reset !== true) throw new ConfigError(option, '`reset` must be true');
  } else if ('delayMs' in fault) {
    if (!(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
      throw new ConfigError(option, '`delayMs` must be a number of milliseconds, 0 or more');
    }
  } else if (fault.status === 429) {
    const { retryAfter } = fault;
    if (retryAfter !== 'date' && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
      throw new ConfigError(option, "`retryAfter` must be whole seconds (0 or more) or 'date'");
    }
  } else if (![500, 502, 503, 504].includes(fault.status)) {
    throw new ConfigError(
      option,
      'expected a status of 429, 500, 502, 503 or 504, `reset: true` or `delayMs`',
    );
  }
}
