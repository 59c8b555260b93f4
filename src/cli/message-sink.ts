/**
 * Where a replay puts each message it reads: the destination, or (in a dry run) the pure mapping
 * printed on stdout. Either way the outcome of every message goes to the same Outcomes.
 */
import { once } from 'node:events';
import type { Destination } from '../destination.js';
import { mapMessage } from '../mapping/map-message.js';
import type { SegmentMessage } from '../mapping/messages.js';
import type { OutputStream } from './io.js';
import type { Outcomes } from './outcomes.js';

export interface MessageSink {
  /** Takes one message; resolves when the sink is ready for the next (backpressure). */
  accept(line: number, message: unknown): Promise<void>;
  /** Resolves once every message accepted has settled. */
  finish(): Promise<void>;
}

/**
 * Sends through the destination, keeping at most `window` messages unsettled.
 *
 * `send()` rather than `enqueue()` with `onResult`: a result names its message only by `messageId`,
 * which may be missing or repeated in a file, and the failed file must hold the very message that
 * failed, with its line. `send()` settles with the result of exactly the message given; the window
 * gives the same backpressure as the destination's `maxQueueSize`, which it matches.
 */
export function sendingSink(destination: Destination, outcomes: Outcomes, window: number): MessageSink {
  let unsettled = 0;
  let room: (() => void) | undefined;
  let drained: (() => void) | undefined;
  // A failure to record an outcome (the failed file's disk is full) stops the replay: going on would
  // lose records. It is kept here and thrown from the replay's own calls, not left unhandled.
  let broken: { error: unknown } | undefined;

  const record = (write: () => void) => {
    try {
      write();
    } catch (error) {
      broken ??= { error };
    } finally {
      unsettled -= 1;
      room?.();
      room = undefined;
      if (unsettled === 0) drained?.();
    }
  };

  return {
    async accept(line, message) {
      if (broken) throw broken.error;
      if (unsettled >= window) {
        await new Promise<void>((resolve) => {
          room = resolve;
        });
      }
      unsettled += 1;
      // send() validates the message and rejects at once when it cannot be sent.
      destination.send(message as SegmentMessage).then(
        (result) => record(() => outcomes.settled(line, message, result)),
        (error: unknown) => record(() => outcomes.invalid(line, message, error)),
      );
    },
    async finish() {
      if (unsettled > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
        });
      }
      if (broken) throw broken.error;
    },
  };
}

/** Maps each message and prints what would be sent, one NDJSON line per message; sends nothing. */
export function dryRunSink(stdout: OutputStream, outcomes: Outcomes): MessageSink {
  return {
    async accept(line, message) {
      let result: ReturnType<typeof mapMessage>;
      try {
        result = mapMessage(message);
      } catch (error) {
        outcomes.invalid(line, message, error);
        return;
      }
      outcomes.mapped(result);
      const { operations, warnings, skipped } = result;
      const messageId = messageIdOf(message);
      const text = `${JSON.stringify({ line, messageId, skipped, operations, warnings })}\n`;
      if (!stdout.write(text)) await once(stdout, 'drain');
    },
    finish: async () => {},
  };
}

function messageIdOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null
    ? (message as Record<string, unknown>).messageId
    : undefined;
}
