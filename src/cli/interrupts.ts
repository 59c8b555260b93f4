/**
 * Stopping on a signal. Ctrl-C in two steps: the first asks the command to stop and finish what it
 * already accepted, however long that takes; the second, for a user who will not wait, ends the process
 * at once. SIGTERM, which a process supervisor sends before it kills, also stops the command, and asks
 * it to finish within a grace period, so that it ends on its own terms before the kill comes.
 */
import { type CliIo, exitCodes, type StopSignal } from './io.js';

export interface Interrupts {
  /** Whether a signal stopped the command. */
  readonly interrupted: boolean;
  /** The exit status the first signal calls for: 130 after Ctrl-C, 143 after SIGTERM. */
  readonly exitCode: number;
  /** Resolves at the first signal. */
  readonly first: Promise<void>;
  /** Resolves at the first SIGTERM, whether or not Ctrl-C came before it. */
  readonly terminated: Promise<void>;
  /** Resolves at the second Ctrl-C, once `io.exit` was called, so an in-process run can return. */
  readonly forced: Promise<void>;
  /** Stops listening. */
  dispose(): void;
}

export interface InterruptOptions {
  /** What the user is told at the first signal: what happens now. */
  stopping: string;
  /** What SIGTERM adds: how long what is left may still take. */
  grace?: string;
  /** Called at the first signal, after the user was told. */
  onStop?: () => void;
  /** Called just before a second Ctrl-C ends the process: the last chance to save anything. */
  beforeExit?: () => void;
}

const statusOf: Record<StopSignal, number> = {
  SIGINT: exitCodes.interrupted,
  SIGTERM: exitCodes.terminated,
};

/** Listens for Ctrl-C and SIGTERM until disposed. */
export function watchInterrupts(io: CliIo, options: InterruptOptions): Interrupts {
  let stoppedBy: StopSignal | undefined;
  let terminations = 0;
  let resolveFirst!: () => void;
  let resolveTerminated!: () => void;
  let resolveForced!: () => void;
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const terminated = new Promise<void>((resolve) => {
    resolveTerminated = resolve;
  });
  const forced = new Promise<void>((resolve) => {
    resolveForced = resolve;
  });
  const stop = (signal: StopSignal, told: string) => {
    stoppedBy = signal;
    io.stderr.write(`\n${told}\n`);
    options.onStop?.();
    resolveFirst();
  };
  const grace = options.grace === undefined ? '' : ` ${options.grace}`;

  const onInterrupt = () => {
    if (stoppedBy === undefined) {
      stop('SIGINT', `${options.stopping} (press Ctrl-C again to quit at once)`);
      return;
    }
    io.stderr.write('\nQuitting at once.\n');
    options.beforeExit?.();
    io.exit(statusOf.SIGINT);
    resolveForced();
  };
  const onTerminate = () => {
    terminations += 1;
    // A supervisor may repeat itself; the grace period already runs.
    if (terminations > 1) return;
    if (stoppedBy === undefined) stop('SIGTERM', `Terminated (SIGTERM). ${options.stopping}${grace}`);
    else io.stderr.write(`\nTerminated (SIGTERM).${grace}\n`);
    resolveTerminated();
  };
  io.signals.on('SIGINT', onInterrupt);
  io.signals.on('SIGTERM', onTerminate);
  return {
    get interrupted() {
      return stoppedBy !== undefined;
    },
    get exitCode() {
      return stoppedBy === undefined ? exitCodes.ok : statusOf[stoppedBy];
    },
    first,
    terminated,
    forced,
    dispose: () => {
      io.signals.off('SIGINT', onInterrupt);
      io.signals.off('SIGTERM', onTerminate);
    },
  };
}
