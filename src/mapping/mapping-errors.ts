/** Errors of a message that cannot be mapped. Each names the message, the field path, the rule and the limit. */
import { CustomerIoError, quote } from '../errors.js';

/** One thing wrong with a message. */
export interface MessageProblem {
  /** Where, as a path in the message: `traits.email`, `context.device.token`, `userId`. */
  path: string;
  /** The rule broken, such as `required`, `type`, `max_bytes`, `one_of`. */
  rule: string;
  /** What is wrong, in a sentence. */
  message: string;
  /** The limit that applies, when the rule is a limit (bytes, counts). */
  limit?: number;
}

/** Which message, in a stream of them. */
export interface MessageRef {
  messageId?: string;
  /** Its position, when it came from a list or a file. */
  index?: number;
}

function describeRef(ref: MessageRef): string {
  const parts: string[] = [];
  if (ref.messageId !== undefined) parts.push(`messageId ${quote(ref.messageId)}`);
  if (ref.index !== undefined) parts.push(`#${ref.index}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The message is not a valid Segment message, or cannot be sent to Customer.io; nothing was sent. */
export class InvalidMessageError extends CustomerIoError {
  readonly problems: MessageProblem[];
  readonly messageId: string | undefined;
  readonly index: number | undefined;

  constructor(problems: MessageProblem[], ref: MessageRef = {}) {
    const list = problems.map((problem) => `${problem.path || '(message)'}: ${problem.message}`).join('; ');
    super('invalid_message', `Invalid message${describeRef(ref)}: ${list}`);
    this.problems = problems;
    this.messageId = ref.messageId;
    this.index = ref.index;
  }
}

/** An identify carries more traits than allowed, and `traitOverflow` is `'error'`. */
export class TraitLimitError extends CustomerIoError {
  readonly messageId: string | undefined;
  /** The number of traits the operation would carry. */
  readonly count: number;
  /** `maxTraitsPerIdentify`. */
  readonly limit: number;

  constructor(count: number, limit: number, ref: MessageRef = {}) {
    super(
      'trait_limit',
      `Too many traits${describeRef(ref)}: ${count} in one identify, more than the limit of ${limit} (maxTraitsPerIdentify)`,
    );
    this.messageId = ref.messageId;
    this.count = count;
    this.limit = limit;
  }
}

/** A value, or a whole operation, is over one of Customer.io's byte limits and cannot be sent. */
export class OversizeError extends CustomerIoError {
  readonly messageId: string | undefined;
  /** Where: a path in the message (`properties.name`) or `operation` for a whole request body. */
  readonly field: string;
  /**
   * Its size in UTF-8 bytes; at least that many when mapping stopped reading the value as soon as it
   * was over the limit (the message then says "at least").
   */
  readonly bytes: number;
  /** The limit in UTF-8 bytes. */
  readonly limit: number;

  /** @param atLeast whether `bytes` is only what was read before the value was known to be too large */
  constructor(field: string, bytes: number, limit: number, ref: MessageRef = {}, atLeast = false) {
    super(
      'oversize',
      `Too large${describeRef(ref)}: ${field} is ${atLeast ? 'at least ' : ''}${bytes} bytes, over the limit of ${limit} bytes`,
    );
    this.messageId = ref.messageId;
    this.field = field;
    this.bytes = bytes;
    this.limit = limit;
  }
}
