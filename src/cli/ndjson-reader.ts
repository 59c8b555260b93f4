/**
 * Newline-delimited JSON, read line by line with the line number and the bytes consumed so far (for
 * progress). A line that is not JSON becomes a record saying so: one bad line must never stop a replay.
 */
import type { Readable } from 'node:stream';

export type NdjsonRecord =
  | { kind: 'value'; line: number; value: unknown }
  | { kind: 'unparsable'; line: number; raw: string; reason: string };

export interface NdjsonReader {
  /** Records of the non-blank lines, in order. Ends early, quietly, once `stop()` is called. */
  records(): AsyncGenerator<NdjsonRecord>;
  /** Bytes of the input consumed by the records yielded so far. */
  readonly bytesRead: number;
  /** The number of the last line read, blank ones included. */
  readonly lastLine: number;
  /** Stops reading, even while waiting for input that may never come (a terminal, an idle pipe). */
  stop(): void;
}

const newline = 0x0a;

export function ndjsonReader(input: Readable): NdjsonReader {
  let bytesRead = 0;
  let lastLine = 0;
  let stopped = false;
  // fatal: a line that is not UTF-8 is reported, not silently turned into replacement characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const recordOf = (bytes: Buffer): NdjsonRecord | undefined => {
    lastLine += 1;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { kind: 'unparsable', line: lastLine, raw: bytes.toString('latin1'), reason: 'is not UTF-8' };
    }
    // A byte order mark may open a file written on Windows; \r ends its lines.
    if (lastLine === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return undefined;
    try {
      return { kind: 'value', line: lastLine, value: JSON.parse(text) };
    } catch (error) {
      const reason = `is not JSON (${error instanceof Error ? error.message : String(error)})`;
      return { kind: 'unparsable', line: lastLine, raw: text, reason };
    }
  };

  async function* records(): AsyncGenerator<NdjsonRecord> {
    // Parts of a line that spans chunks. Splitting bytes on \n is safe in UTF-8: no other character
    // contains the byte 0x0a.
    let partial: Buffer[] = [];
    try {
      for await (const chunk of input) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        let start = 0;
        for (let end = bytes.indexOf(newline); end !== -1; end = bytes.indexOf(newline, start)) {
          partial.push(bytes.subarray(start, end));
          const line = Buffer.concat(partial);
          partial = [];
          start = end + 1;
          bytesRead += line.length + 1;
          const record = recordOf(line);
          if (record) yield record;
          if (stopped) return;
        }
        if (start < bytes.length) partial.push(bytes.subarray(start));
      }
    } catch (error) {
      if (stopped) return;
      throw error;
    }
    if (partial.length > 0 && !stopped) {
      const line = Buffer.concat(partial);
      bytesRead += line.length;
      const record = recordOf(line);
      if (record) yield record;
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
    stop() {
      if (stopped) return;
      stopped = true;
      // Destroying the input wakes a read that is waiting; the loop above then ends quietly.
      input.destroy();
    },
  };
}
