/**
 * The library's error model: every error it throws or reports is a CustomerIoError, so callers can
 * tell ours from anything else with one guard, and none of them ever carries a credential.
 */

const brand = Symbol.for('customerio-destination.error');

/** Base class of every error this library throws or reports. */
export class CustomerIoError extends Error {
  /** A stable, machine-readable name of the failure, such as `config` or `api`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    // An explicit `cause: undefined` would still show up in util.inspect.
    super(message, options?.cause === undefined ? undefined : options);
    this.name = new.target.name;
    this.code = code;
    // A brand rather than instanceof alone, so two copies of the package still recognise each other.
    Object.defineProperty(this, brand, { value: true });
  }

  /** What `JSON.stringify` shows: the safe, structured fields, never a credential. */
  toJSON(): Record<string, unknown> {
    const { stack: _stack, cause, ...fields } = Object.fromEntries(Object.entries(this));
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...fields,
      ...(cause === undefined ? {} : { cause: describeCause(cause) }),
    };
  }
}

/** True for any error thrown or reported by this library, whichever copy of it created the error. */
export function isCustomerIoError(value: unknown): value is CustomerIoError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** An option given to the library is missing or wrong; nothing was sent. */
export class ConfigError extends CustomerIoError {
  /** The option at fault, such as `apiKey` or `baseUrl`. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super('config', `Invalid option \`${option}\`: ${problem}`);
    this.option = option;
  }
}

/** A request could not be built from the values given (for example an identifier that would change the path); nothing was sent. */
export class InvalidRequestError extends CustomerIoError {
  /** Where the value sits, such as `params.path.identifier`. */
  readonly field: string;
  /** The rule it breaks. */
  readonly rule: string;

  constructor(field: string, rule: string) {
    super('invalid_request', `Invalid value at \`${field}\`: ${rule}. Nothing was sent.`);
    this.field = field;
    this.rule = rule;
  }
}

/** Longest stretch of a user's value an error message or warning quotes, in characters. */
export const maxQuotedLength = 100;

/**
 * A user's value (an id, a name) as an error message quotes it: JSON-quoted, and cut to
 * `maxLength` characters (`maxQuotedLength` unless told) with an ellipsis and its full length when longer, so a message never
 * grows with the input (a 10 MB messageId must not make a 10 MB error message).
 */
export function quote(text: string, maxLength: number = maxQuotedLength): string {
  if (text.length <= maxLength) return JSON.stringify(text);
  // Never cut between the two halves of a surrogate pair.
  const cut = isHighSurrogate(text.charCodeAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return `${JSON.stringify(text.slice(0, cut))}... (${text.length} characters)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function describeCause(cause: unknown): unknown {
  if (isCustomerIoError(cause)) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return String(cause);
}
