/**
 * The failed file: one NDJSON record for every message that was invalid or could not be delivered,
 * holding the original message untouched, so the file can be fixed up and replayed. `replay` reads
 * these records back as the messages they hold.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { isCustomerIoError } from '../errors.js';
import { UsageError } from './io.js';

/** One line of the failed file. */
export interface FailedRecord {
  /** The line of the input the message was on. */
  line: number;
  /** The message as read, when the line was JSON. */
  message?: unknown;
  /** The line's text, when it was not JSON. */
  raw?: string;
  /** Why: the error as JSON, never carrying a credential. */
  error: unknown;
}

export interface FailedFile {
  readonly path: string;
  /** Records written. */
  readonly count: number;
  /** Whether the records were added to what the file held. */
  readonly appended: boolean;
  write(record: FailedRecord): void;
  close(): void;
}

/**
 * Creates (or empties) the failed file at once, so a stale one from an earlier run cannot be mistaken
 * for this run's, and a path that cannot be written is a usage error before anything is sent.
 * @param append keep what the file holds and add to it: a resumed replay goes on with the failed file of
 *   the run it resumes
 */
export function openFailedFile(path: string, append = false): FailedFile {
  let fd: number | undefined;
  try {
    fd = openSync(path, append ? 'a+' : 'w');
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : '');
    throw new UsageError(`cannot write the failed file ${JSON.stringify(path)} (${reason})`);
  }
  if (append) endLastRecord(fd);
  let count = 0;
  return {
    path,
    appended: append,
    get count() {
      return count;
    },
    write(record) {
      if (fd === undefined) return;
      // Written synchronously: a record is on disk before the next message is read, so even a second
      // Ctrl-C, which ends the process at once, loses no record already made.
      writeSync(fd, `${JSON.stringify(record)}\n`);
      count += 1;
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** A run killed while writing may have left its last record unfinished: the next one starts on a line of its own. */
function endLastRecord(fd: number): void {
  const { size } = fstatSync(fd);
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] !== 0x0a) writeSync(fd, '\n');
}

/** An error as JSON: the library's own safe fields, or the name and message of anything else. */
export function safeErrorJson(error: unknown): unknown {
  if (isCustomerIoError(error)) return error.toJSON();
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { message: String(error) };
}

/**
 * What a line of the input holds when it is a record of a failed file: the message to try again, or
 * the raw text of a line that was not JSON. Undefined for anything else, Segment messages included
 * (they always have a `type`; failed records never do).
 */
export function unwrapFailedRecord(value: unknown): { message: unknown } | { raw: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if ('type' in record || !('error' in record) || typeof record.line !== 'number') return undefined;
  if ('message' in record) return { message: record.message };
  if (typeof record.raw === 'string') return { raw: record.raw };
  return undefined;
}
