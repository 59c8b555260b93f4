/**
 * What the command line touches of its process, gathered in one value so every command can run
 * in-process in tests: streams, environment, Ctrl-C and SIGTERM, the clock and timers, and the way out.
 */
import type { Readable, Writable } from 'node:stream';

/** The signals that stop a command: Ctrl-C, and a process supervisor's request to end. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where Ctrl-C and SIGTERM come from: `process` in the binary, an EventEmitter in tests. */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
}

/** A writable stream that may be a terminal, as `process.stderr` is. */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signals: SignalSource;
  /** Ends the process at once, with no cleanup beyond what the caller did: a second Ctrl-C. */
  exit(code: number): void;
  /** A monotonic clock in milliseconds, for elapsed times and rates. */
  now(): number;
  /** Calls `tick` every `ms` milliseconds until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** Exit statuses, as documented in `--help`. */
export const exitCodes = {
  ok: 0,
  /** Something failed or was invalid, or a check did not pass. */
  failed: 1,
  /**
   * The command line or the configuration is wrong; nothing was sent. Also a replay that Customer.io
   * refused the credentials of before it delivered anything.
   */
  usage: 2,
  /** Stopped by Ctrl-C: 128 + SIGINT, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;

/**
 * A mistake in the command line or configuration. Only its message is shown, never a stack: it is
 * the user's to fix, not a bug.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A line for the user on stderr, prefixed with the program's name. */
export function complain(io: CliIo, message: string): void {
  io.stderr.write(`customerio-destination: ${message}\n`);
}
