/**
 * Ctrl-C in two steps: the first asks the command to stop and finish what it already accepted; the
 * second, for a user who will not wait, ends the process at once.
 */
import { type CliIo, exitCodes } from './io.js';

export interface Interrupts {
  /** Whether Ctrl-C was pressed. */
  readonly interrupted: boolean;
  /** Resolves at the first Ctrl-C. */
  readonly first: Promise<void>;
  /** Resolves at the second Ctrl-C, once `io.exit` was called, so an in-process run can return. */
  readonly forced: Promise<void>;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Listens for Ctrl-C until disposed.
 * @param onFirst called at the first Ctrl-C, after the user was told what happens now
 */
export function watchInterrupts(io: CliIo, stopping: string, onFirst: () => void = () => {}): Interrupts {
  let count = 0;
  let resolveFirst!: () => void;
  let resolveForced!: () => void;
  const first = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const forced = new Promise<void>((resolve) => {
    resolveForced = resolve;
  });
  const listener = () => {
    count += 1;
    if (count === 1) {
      io.stderr.write(`\n${stopping} (press Ctrl-C again to quit at once)\n`);
      onFirst();
      resolveFirst();
      return;
    }
    io.stderr.write('\nQuitting at once.\n');
    io.exit(exitCodes.interrupted);
    resolveForced();
  };
  io.signals.on('SIGINT', listener);
  return {
    get interrupted() {
      return count > 0;
    },
    first,
    forced,
    dispose: () => {
      io.signals.off('SIGINT', listener);
    },
  };
}
