/**
 * What became of each message of a replay: counted for the summary, recorded in the failed file when
 * it was not delivered, and shown on stderr (the first few problems only, so a file of a million bad
 * lines does not bury the summary).
 */
import type { DeliveryResult } from '../delivery/delivery-result.js';
import { InvalidMessageError } from '../mapping/mapping-errors.js';
import type { MappingResult, MappingWarning } from '../mapping/operations.js';
import { type FailedFile, type FailedRecord, safeErrorJson } from './failed-file.js';

export interface Tally {
  /** Non-blank lines read. */
  messages: number;
  delivered: number;
  /** Valid messages that could not be delivered. */
  failed: number;
  /** Messages not meant for Customer.io (`integrations`). */
  skipped: number;
  /** Lines that were not JSON, and messages that cannot be sent as they are. */
  invalid: number;
  /** Dry run: messages mapped, and the operations they became. */
  mapped: number;
  operations: number;
  /** Warnings by code, such as `value_truncated`. */
  warnings: Map<string, number>;
}

/** How many problems are shown one by one; the rest are only counted. */
export const shownProblems = 20;

export class Outcomes {
  readonly tally: Tally = {
    messages: 0,
    delivered: 0,
    failed: 0,
    skipped: 0,
    invalid: 0,
    mapped: 0,
    operations: 0,
    warnings: new Map(),
  };
  readonly #log: (line: string) => void;
  readonly #failedFile: FailedFile | undefined;
  readonly #onCredentialsRefused: (() => void) | undefined;
  #problems = 0;

  /**
   * @param onCredentialsRefused called when a message fails because Customer.io refused the
   *   credentials (401) while no message was delivered yet: nothing sent with them can succeed
   */
  constructor(
    log: (line: string) => void,
    failedFile: FailedFile | undefined,
    onCredentialsRefused?: () => void,
  ) {
    this.#log = log;
    this.#failedFile = failedFile;
    this.#onCredentialsRefused = onCredentialsRefused;
  }

  /** Messages settled one way or another. */
  get finished(): number {
    const { delivered, failed, skipped, invalid, mapped } = this.tally;
    return delivered + failed + skipped + invalid + mapped;
  }

  /** A line that is not JSON (or not UTF-8). */
  unparsable(line: number, raw: string, reason: string): void {
    this.tally.invalid += 1;
    const error = new InvalidMessageError([{ path: '', rule: 'json', message: reason }], { index: line });
    this.#problem(`line ${line} ${reason}`, { line, raw, error: safeErrorJson(error) });
  }

  /** A message mapping refused: invalid, or over a limit it cannot be brought under. */
  invalid(line: number, message: unknown, error: unknown): void {
    this.tally.invalid += 1;
    this.#problem(`line ${line}: ${messageOf(error)}`, { line, message, error: safeErrorJson(error) });
  }

  settled(line: number, message: unknown, result: DeliveryResult): void {
    this.#countWarnings(result.warnings);
    if (result.status === 'delivered') this.tally.delivered += 1;
    else if (result.status === 'skipped') this.tally.skipped += 1;
    else {
      this.tally.failed += 1;
      this.#problem(`line ${line}: ${messageOf(result.error)}`, {
        line,
        message,
        error: safeErrorJson(result.error),
      });
      if (result.error?.code === 'auth' && this.tally.delivered === 0) this.#onCredentialsRefused?.();
    }
  }

  /** Dry run: what the message would have been sent as. */
  mapped(result: MappingResult): void {
    this.#countWarnings(result.warnings);
    if (result.skipped !== undefined) {
      this.tally.skipped += 1;
      return;
    }
    this.tally.mapped += 1;
    this.tally.operations += result.operations.length;
  }

  #countWarnings(warnings: readonly MappingWarning[]): void {
    for (const { code } of warnings) this.tally.warnings.set(code, (this.tally.warnings.get(code) ?? 0) + 1);
  }

  #problem(text: string, record: FailedRecord): void {
    this.#failedFile?.write(record);
    this.#problems += 1;
    if (this.#problems <= shownProblems) {
      this.#log(text);
    } else if (this.#problems === shownProblems + 1) {
      const where = this.#failedFile ? `; every one is in ${this.#failedFile.path}` : '';
      this.#log(`further problems are only counted${where}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
