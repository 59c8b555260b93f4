/**
 * Every call into the user's code (the logger's methods, `onResult`) goes through these guards, so
 * that nothing it does can stop delivery: a throw and a returned promise that rejects are both caught,
 * messages still settle, `flush()` and `close()` still resolve, and no rejection is left unhandled.
 * What `onResult` throws is reported to `logger.error`; what the logger throws is swallowed, since
 * there is nowhere else to say it.
 */
import type { DeliveryResult } from './delivery-result.js';
import type { DeliveryLogger } from './options.js';

type LogMethod = NonNullable<DeliveryLogger['debug']>;

const logLevels = ['debug', 'warn', 'error'] as const;

/**
 * The logger with each method the user gave guarded; a method not given stays undefined, so callers
 * skip building a message no one reads. Each is called with the logger as `this` (as `console` needs).
 */
export function guardLogger(logger: DeliveryLogger): DeliveryLogger {
  const guarded: DeliveryLogger = {};
  for (const level of logLevels) {
    const method = logger[level];
    if (method !== undefined) guarded[level] = guardLogMethod(method, logger);
  }
  return guarded;
}

/**
 * `onResult`, guarded: what it throws, or the reason a promise it returns rejects with, goes to the
 * (guarded) `logger.error` with the messageId.
 */
export function guardOnResult(
  onResult: ((result: DeliveryResult) => void) | undefined,
  logger: DeliveryLogger,
): ((result: DeliveryResult) => void) | undefined {
  if (onResult === undefined) return undefined;
  const report = (error: unknown, result: DeliveryResult) => {
    logger.error?.('onResult threw', { messageId: result.messageId, error });
  };
  return (result) => {
    try {
      const returned: unknown = onResult(result);
      if (isThenable(returned)) returned.then(undefined, (error: unknown) => report(error, result));
    } catch (error) {
      report(error, result);
    }
  };
}

function guardLogMethod(method: LogMethod, logger: DeliveryLogger): LogMethod {
  return (message, fields) => {
    try {
      const returned: unknown = method.call(logger, message, fields);
      if (isThenable(returned)) returned.then(undefined, ignore);
    } catch {
      // Nowhere else to report it.
    }
  };
}

function ignore(): void {}

/** Whether a value returned by user code is a promise (or any thenable), whose rejection must be handled. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
