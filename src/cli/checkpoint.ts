/**
 * The checkpoint of a replay (`--checkpoint FILE`): a small JSON file holding the line below which
 * every line has settled, replaced atomically while the replay runs, from which `--resume` goes on.
 *
 * ```json
 * {
 *   "format": "customerio-destination replay checkpoint",
 *   "version": 1,
 *   "line": 5400,
 *   "byte": 1048576,
 *   "input": { "source": "events.ndjson", "size": 9000000, "head": "<SHA-256 of the first bytes, hex>" },
 *   "savedAt": "2025-05-01T12:00:00.000Z"
 * }
 * ```
 *
 * `line`: every line up to this one has settled; `byte`: where the next line starts. `input` tells the
 * input from another: `head` is the SHA-256 of its first 64 KiB (no further than `byte`), `size` its size
 * in bytes when it is a file (null for standard input). `--resume` checks that the input's line `line`
 * ends at `byte` and that its head is the same; neither its name nor its size need be (a file may have
 * been moved, or grown).
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { quote } from '../errors.js';
import { UsageError } from './io.js';
import { ResumeMismatchError, type ResumePoint } from './ndjson-reader.js';
import type { LinePosition } from './settled-lines.js';

export const checkpointFormat = 'customerio-destination replay checkpoint';

export interface Checkpoint {
  format: typeof checkpointFormat;
  version: 1;
  /** Every line up to this one has settled. */
  line: number;
  /** Where the next line starts, in bytes from the beginning of the input. */
  byte: number;
  input: {
    /** The input as the summary names it: its path, or `standard input`. */
    source: string;
    /** Bytes, when the input is a file. */
    size: number | null;
    /** SHA-256 (hex) of the input's first 64 KiB, no further than `byte`. */
    head: string;
  };
  /** When it was written, as an ISO 8601 time. */
  savedAt: string;
}

/** What a checkpoint is written from, at the moment it is written. */
export interface CheckpointState {
  mark: LinePosition;
  /** The input's first bytes, as far as they were read. */
  head: Buffer;
}

/**
 * Reads the checkpoint `--resume` goes on from.
 * @throws UsageError when it cannot be read or is not a checkpoint
 */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--resume: cannot read the checkpoint ${quote(path)} (${codeOf(error)})`);
  }
  const problem = (reason: string) =>
    new UsageError(`--resume: ${quote(path)} is not a replay checkpoint (${reason})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem('it is not JSON');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (record.format !== checkpointFormat)
    throw problem(`"format" is not ${JSON.stringify(checkpointFormat)}`);
  if (record.version !== 1) throw problem('"version" is not 1, the one this program reads');
  for (const field of ['line', 'byte'] as const) {
    const number = record[field];
    if (!(Number.isSafeInteger(number) && (number as number) >= 0)) {
      throw problem(`"${field}" is not a whole number, 0 or more`);
    }
  }
  const input = (typeof record.input === 'object' && record.input !== null ? record.input : {}) as Record<
    string,
    unknown
  >;
  if (typeof input.head !== 'string' || !/^[0-9a-f]{64}$/.test(input.head)) {
    throw problem('"input.head" is not a SHA-256 in hex');
  }
  return record as unknown as Checkpoint;
}

/**
 * Where the checkpoint says to go on, for the reader, which checks the input against it.
 * @param size the input's size, when it is a file: one too short is refused at once
 */
export function resumePointOf(checkpoint: Checkpoint, size: number | undefined): ResumePoint {
  if (size !== undefined && size < checkpoint.byte) {
    throw new ResumeMismatchError(
      `it has ${size} bytes, and line ${checkpoint.line} ended at byte ${checkpoint.byte}`,
    );
  }
  return {
    line: checkpoint.line,
    byte: checkpoint.byte,
    checkHead(head) {
      if (digest(head) !== checkpoint.input.head) {
        throw new ResumeMismatchError(`its first ${head.length} bytes are not the same`);
      }
    },
  };
}

/** The message for an input that is not the checkpoint's. */
export function mismatchMessage(error: ResumeMismatchError, source: string, path: string): string {
  return `--resume: ${source} is not the input the checkpoint ${quote(path)} was written for (${error.message})`;
}

/**
 * Writes the checkpoint: to a file beside it first, flushed to the disk, then renamed over it, so that
 * whenever the process ends (even killed), the file holds a whole checkpoint, old or new.
 */
export class CheckpointFile {
  readonly path: string;
  readonly #temporary: string;
  readonly #input: { source: string; size: number | null };
  readonly #state: () => CheckpointState | undefined;
  /** The writes, one after another; never rejected, so one failure does not stop the next. */
  #chain: Promise<unknown> = Promise.resolve();
  #queued: Promise<void> | undefined;

  /**
   * @param state what to write, read when the write starts; undefined while there is nothing to write
   *   yet (a resumed input not yet checked against the checkpoint)
   */
  constructor(
    path: string,
    input: { source: string; size: number | undefined },
    state: () => CheckpointState | undefined,
  ) {
    this.path = path;
    this.#temporary = `${path}.tmp`;
    this.#input = { source: input.source, size: input.size ?? null };
    this.#state = state;
  }

  /**
   * Writes the checkpoint as it stands when the write starts. While a write runs, one more is queued,
   * and every call until it starts shares it.
   */
  save(): Promise<void> {
    if (this.#queued) return this.#queued;
    const write = this.#chain.then(() => {
      this.#queued = undefined;
      return this.#write();
    });
    this.#queued = write;
    this.#chain = write.catch(() => {});
    return write;
  }

  /** Writes the checkpoint before the process ends at once; a failure is left unsaid, as there is no time. */
  saveNow(): void {
    const text = this.#text();
    if (text === undefined) return;
    try {
      const fd = openSync(this.#temporary, 'w');
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(this.#temporary, this.path);
    } catch {
      // The last checkpoint written stands: a resume from it repeats more, and loses nothing.
    }
  }

  async #write(): Promise<void> {
    const text = this.#text();
    if (text === undefined) return;
    const file = await open(this.#temporary, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.#temporary, this.path);
    await syncDirectory(dirname(this.path));
  }

  #text(): string | undefined {
    const state = this.#state();
    if (!state) return undefined;
    const { mark, head } = state;
    const checkpoint: Checkpoint = {
      format: checkpointFormat,
      version: 1,
      line: mark.line,
      byte: mark.byte,
      input: { ...this.#input, head: digest(head.subarray(0, Math.min(head.length, mark.byte))) },
      savedAt: new Date().toISOString(),
    };
    return `${JSON.stringify(checkpoint, null, 2)}\n`;
  }
}

function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Makes the rename itself durable. Not every system lets a directory be opened; the rename stands anyway. */
async function syncDirectory(path: string): Promise<void> {
  try {
    const directory = await open(path, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // Windows, or a file system without directory sync.
  }
}

export function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
}
