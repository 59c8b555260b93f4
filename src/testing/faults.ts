/**
 * Deterministic failures: a schedule (the nth request gets the nth entry) and a seeded chance of a
 * fault on any other request. The same options and the same order of requests give the same faults,
 * so a failing test can be replayed.
 */
import { ConfigError } from '../errors.js';
import { checkOptionKeys, type OptionKeys } from '../option-keys.js';
import { withoutPrototypes } from './null-prototype.js';
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

// By own keys: an inherited `reset` or `delayMs` (a polluted Object.prototype) says nothing.
export function isResetFault(fault: FaultSpec): fault is ResetFault {
  return Object.hasOwn(fault, 'reset');
}

export function isDelayFault(fault: FaultSpec): fault is DelayFault {
  return Object.hasOwn(fault, 'delayMs');
}

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
  readonly #seed: number;
  readonly #schedule: ReadonlyArray<FaultSpec | null | undefined>;
  readonly #repeat: boolean;
  readonly #probability: number;
  readonly #kinds: readonly FaultSpec[];
  readonly #only: ((request: FaultCandidate) => boolean) | undefined;
  #random: () => number;
  #count = 0;

  constructor(options: FaultOptions = {}) {
    // A copy with null prototypes, checked and read once: only its own fields count, and later
    // changes to the caller's objects do not.
    const own = withoutPrototypes(options);
    checkFaultOptions(own);
    this.#seed = own.seed ?? 0;
    this.#schedule = own.schedule ?? [];
    this.#repeat = own.repeat ?? false;
    this.#probability = own.probability ?? 0;
    this.#kinds = own.kinds ?? withoutPrototypes(defaultKinds);
    this.#only = own.only;
    this.#random = seededRandom(this.#seed);
  }

  /** The fault for the next request, if any. Call once per request, in order of arrival. */
  next(request: FaultCandidate): FaultSpec | undefined {
    const schedule = this.#schedule;
    if (this.#only && !this.#only(request)) return undefined;
    const position = this.#count++;
    if (position < schedule.length || (this.#repeat && schedule.length > 0)) {
      const scheduled = schedule[position % schedule.length];
      if (scheduled) return scheduled;
    }
    if (this.#probability <= 0 || this.#random() >= this.#probability) return undefined;
    return this.#kinds[Math.floor(this.#random() * this.#kinds.length)];
  }

  /** Starts counting and drawing again from the beginning. */
  reset(): void {
    this.#count = 0;
    this.#random = seededRandom(this.#seed);
  }
}

const faultOptionKeys = {
  seed: true,
  schedule: true,
  repeat: true,
  probability: true,
  kinds: true,
  only: true,
} as const satisfies OptionKeys<FaultOptions>;
const serverErrorKeys = { status: true, applied: true } as const satisfies OptionKeys<ServerErrorFault>;
const throttleKeys = {
  status: true,
  retryAfter: true,
  applied: true,
} as const satisfies OptionKeys<ThrottleFault>;
const resetKeys = { reset: true, applied: true } as const satisfies OptionKeys<ResetFault>;
const delayKeys = { delayMs: true, applied: true } as const satisfies OptionKeys<DelayFault>;
const serverErrorStatuses: readonly unknown[] = [500, 502, 503, 504];

/** Checks every fault option, as JavaScript may give any value; throws ConfigError naming its path. */
function checkFaultOptions(options: unknown): asserts options is FaultOptions {
  checkOptionKeys(options, faultOptionKeys, 'faults');
  const { seed, repeat, probability, schedule, kinds, only } = options as Record<string, unknown>;
  if (seed !== undefined && !Number.isInteger(seed))
    throw new ConfigError('faults.seed', 'expected an integer');
  if (repeat !== undefined && typeof repeat !== 'boolean')
    throw new ConfigError('faults.repeat', 'expected true or false');
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability >= 0 && probability <= 1)
  ) {
    throw new ConfigError('faults.probability', 'expected a number from 0 to 1');
  }
  if (only !== undefined && typeof only !== 'function')
    throw new ConfigError('faults.only', 'expected a function');
  if (schedule !== undefined) {
    if (!Array.isArray(schedule)) throw new ConfigError('faults.schedule', 'expected an array');
    for (const [index, fault] of schedule.entries()) {
      if (fault !== null && fault !== undefined) checkFault(fault, `faults.schedule[${index}]`);
    }
  }
  if (kinds !== undefined) {
    if (!Array.isArray(kinds) || kinds.length === 0)
      throw new ConfigError('faults.kinds', 'expected an array of at least one fault');
    for (const [index, fault] of kinds.entries()) checkFault(fault, `faults.kinds[${index}]`);
  }
}

/** One fault: exactly one of `status`, `reset` or `delayMs` says its kind, which fixes its other keys. */
function checkFault(fault: unknown, path: string): void {
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault)) {
    throw new ConfigError(path, 'expected a fault: an object with `status`, `reset: true` or `delayMs`');
  }
  const kinds = (['status', 'reset', 'delayMs'] as const).filter((key) => Object.hasOwn(fault, key));
  if (kinds.length !== 1) {
    throw new ConfigError(path, 'expected exactly one of `status`, `reset: true` or `delayMs`');
  }
  const { status, retryAfter, reset, delayMs, applied } = fault as Record<string, unknown>;
  if (kinds[0] === 'reset') {
    checkOptionKeys(fault, resetKeys, path);
    if (reset !== true) throw new ConfigError(`${path}.reset`, 'expected true');
  } else if (kinds[0] === 'delayMs') {
    checkOptionKeys(fault, delayKeys, path);
    if (!(typeof delayMs === 'number' && Number.isFinite(delayMs) && delayMs >= 0)) {
      throw new ConfigError(`${path}.delayMs`, 'expected a number of milliseconds, 0 or more');
    }
  } else if (status === 429) {
    checkOptionKeys(fault, throttleKeys, path);
    if (retryAfter !== 'date' && !(Number.isInteger(retryAfter) && (retryAfter as number) >= 0)) {
      throw new ConfigError(`${path}.retryAfter`, "expected whole seconds (0 or more) or 'date'");
    }
  } else if (serverErrorStatuses.includes(status)) {
    checkOptionKeys(fault, serverErrorKeys, path);
  } else {
    throw new ConfigError(`${path}.status`, 'expected 429, 500, 502, 503 or 504');
  }
  if (applied !== undefined && typeof applied !== 'boolean')
    throw new ConfigError(`${path}.applied`, 'expected true or false');
}
