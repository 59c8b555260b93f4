/**
 * Newline-delimited JSON, read line by line with the line number and the bytes consumed so far (for
 * progress and checkpoints). A line that is not JSON becomes a record saying so: one bad line must never
 * stop a replay. A resumed replay has the lines before its resume point counted, not parsed, and checked
 * to be the ones its checkpoint was written for.
 */
import type { Readable } from 'node:stream';

export type NdjsonRecord =
  | { kind: 'value'; line: number; start: number; value: unknown }
  | { kind: 'unparsable'; line: number; start: number; raw: string; reason: string };

/** Where a resumed replay goes on: after `line`, whose end is at `byte`. */
export interface ResumePoint {
  line: number;
  byte: number;
  /**
   * Checks the input's first bytes (up to `headBytes`, and no further than `byte`) against the ones the
   * checkpoint was written for; throws when they differ.
   */
  checkHead(head: Buffer): void;
}

export interface NdjsonReader {
  /** Records of the non-blank lines, in order. Ends early, quietly, once `stop()` is called. */
  records(): AsyncGenerator<NdjsonRecord>;
  /** Bytes of the input consumed by the records yielded so far (skipped lines included). */
  readonly bytesRead: number;
  /** The number of the last line read, blank ones included. */
  readonly lastLine: number;
  /** The input's first bytes, up to `headBytes`, as far as they were read. */
  readonly head: Buffer;
  /** Whether the lines before the resume point were read and found as expected; true without one. */
  readonly resumed: boolean;
  /** Whether `stop()` was called. */
  readonly stopped: boolean;
  /** Stops reading, even while waiting for input that may never come (a terminal, an idle pipe). */
  stop(): void;
}

/** The input is not the one a resume point was taken from. */
export class ResumeMismatchError extends Error {
  override readonly name = 'ResumeMismatchError';
}

/** How much of the input's beginning is kept, to tell one input from another. */
export const headBytes = 65_536;

const newline = 0x0a;

export function ndjsonReader(input: Readable, resumeAfter?: ResumePoint): NdjsonReader {
  let bytesRead = 0;
  let lastLine = 0;
  let stopped = false;
  const skipThrough = resumeAfter?.line ?? 0;
  let resumed = skipThrough === 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  // fatal: a line that is not UTF-8 is reported, not silently turned into replacement characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const head = () => {
    if (headChunks.length > 1) headChunks.splice(0, headChunks.length, Buffer.concat(headChunks));
    return headChunks[0] ?? Buffer.alloc(0);
  };

  const keepHead = (bytes: Buffer) => {
    if (headLength >= headBytes) return;
    const kept = Buffer.from(bytes.subarray(0, headBytes - headLength));
    headChunks.push(kept);
    headLength += kept.length;
  };

  /** Called once the line before the resume point was counted. */
  const checkResumePoint = () => {
    if (!resumeAfter) return;
    if (bytesRead !== resumeAfter.byte) {
      throw new ResumeMismatchError(
        `its line ${lastLine} ends at byte ${bytesRead}, not at byte ${resumeAfter.byte}`,
      );
    }
    resumeAfter.checkHead(head().subarray(0, Math.min(headLength, resumeAfter.byte)));
    resumed = true;
  };

  const recordOf = (bytes: Buffer, start: number): NdjsonRecord | undefined => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const raw = bytes.toString('latin1');
      return { kind: 'unparsable', line: lastLine, start, raw, reason: 'is not UTF-8' };
    }
    // A byte order mark may open a file written on Windows; \r ends its lines.
    if (lastLine === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return undefined;
    try {
      return { kind: 'value', line: lastLine, start, value: JSON.parse(text) };
    } catch (error) {
      const reason = `is not JSON (${error instanceof Error ? error.message : String(error)})`;
      return { kind: 'unparsable', line: lastLine, start, raw: text, reason };
    }
  };

  async function* records(): AsyncGenerator<NdjsonRecord> {
    // Parts of a line that spans chunks. Splitting bytes on \n is safe in UTF-8: no other character
    // contains the byte 0x0a.
    let partial: Buffer[] = [];
    let partialLength = 0;
    try {
      for await (const chunk of input) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        keepHead(bytes);
        let start = 0;
        for (let end = bytes.indexOf(newline); end !== -1; end = bytes.indexOf(newline, start)) {
          const lineStart = bytesRead;
          bytesRead += partialLength + end - start + 1;
          lastLine += 1;
          if (lastLine <= skipThrough) {
            // Before the resume point: counted, never decoded.
            partial = [];
            partialLength = 0;
            start = end + 1;
            if (lastLine === skipThrough) checkResumePoint();
            continue;
          }
          partial.push(bytes.subarray(start, end));
          const line = partial.length === 1 ? (partial[0] as Buffer) : Buffer.concat(partial);
          partial = [];
          partialLength = 0;
          start = end + 1;
          const record = recordOf(line, lineStart);
          if (record) yield record;
          if (stopped) return;
        }
        if (start < bytes.length) {
          partial.push(bytes.subarray(start));
          partialLength += bytes.length - start;
        }
      }
    } catch (error) {
      if (stopped) return;
      throw error;
    }
    if (stopped) return;
    if (partialLength > 0) {
      const lineStart = bytesRead;
      bytesRead += partialLength;
      lastLine += 1;
      if (lastLine <= skipThrough) {
        if (lastLine === skipThrough) checkResumePoint();
      } else {
        const record = recordOf(Buffer.concat(partial), lineStart);
        if (record) yield record;
      }
    }
    if (!resumed) {
      throw new ResumeMismatchError(`it has only ${lastLine} line${lastLine === 1 ? '' : 's'}`);
    }
  }

  return {
    records,
    get bytesRead() {
      return bytesRead;
    },
    get lastLine() {
      return lastLine;
    },
    get head() {
      return head();
    },
    get resumed() {
      return resumed;
    },
    get stopped() {
      return stopped;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // Destroying the input wakes a read that is waiting; the loop above then ends quietly.
      input.destroy();
    },
  };
}
