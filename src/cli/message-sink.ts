/**
 * Where a replay puts each message it reads: the destination, or (in a dry run) the pure mapping
 * printed on stdout. Either way the outcome of every message goes to the same Outcomes, and its line
 * settles in the same SettledLines.
 */
import { once } from 'node:events';
import type { Destination } from '../destination.js';
import { mapMessage } from '../mapping/map-message.js';
import type { SegmentMessage } from '../mapping/messages.js';
import type { OutputStream } from './io.js';
import type { Outcomes } from './outcomes.js';
import type { SettledLines } from './settled-lines.js';

/** A message as read: its line, and the bytes the line spans. */
export interface ReadLine {
  line: number;
  start: number;
  end: number;
}

export interface MessageSink {
  /**
   * Takes one message; resolves when the sink is ready for the next. The caller first waits for
   * `lines.room()`, which keeps reading at most a window ahead of the settled line.
   */
  accept(read: ReadLine, message: unknown): Promise<void>;
  /** Resolves once every message accepted has settled. */
  finish(): Promise<void>;
}

/**
 * Sends through the destination; each line settles in `lines` once its outcome is recorded.
 *
 * `send()` rather than `enqueue()` with `onResult`: a result names its message only by `messageId`,
 * which may be missing or repeated in a file, and the failed file must hold the very message that
 * failed, with its line. `send()` settles with the result of exactly the message given. The window of
 * `lines` is the destination's `maxQueueSize`, so the destination never makes a message wait for room.
 */
export function sendingSink(destination: Destination, outcomes: Outcomes, lines: SettledLines): MessageSink {
  // A failure to record an outcome (the failed file's disk is full) stops the replay: going on would
  // lose records. It is kept here and thrown from the replay's own calls, not left unhandled.
  let broken: { error: unknown } | undefined;

  const record = (ticket: number, write: () => void) => {
    try {
      write();
      lines.settle(ticket);
    } catch (error) {
      broken ??= { error };
      lines.settle(ticket, false);
    }
  };

  return {
    async accept(read, message) {
      if (broken) throw broken.error;
      const ticket = lines.add(read.line, read.start, read.end);
      // send() validates the message and rejects at once when it cannot be sent.
      destination.send(message as SegmentMessage).then(
        (result) => record(ticket, () => outcomes.settled(read.line, message, result)),
        (error: unknown) => record(ticket, () => outcomes.invalid(read.line, message, error)),
      );
    },
    async finish() {
      await lines.drained();
      if (broken) throw broken.error;
    },
  };
}

/** Maps each message and prints what would be sent, one NDJSON line per message; sends nothing. */
export function dryRunSink(stdout: OutputStream, outcomes: Outcomes, lines: SettledLines): MessageSink {
  return {
    async accept({ line, end }, message) {
      let result: ReturnType<typeof mapMessage>;
      try {
        result = mapMessage(message);
      } catch (error) {
        outcomes.invalid(line, message, error);
        lines.pass(line, end);
        return;
      }
      outcomes.mapped(result);
      lines.pass(line, end);
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
