/**
 * What a finished request means for the operations it carried: all delivered, some rejected (207),
 * a whole batch refused (400, or a 207 that names none of its items; worth splitting so one bad item
 * cannot fail the rest), worth another attempt later, or final.
 */
import { apiErrorFrom, type FetchResult } from '../client/api-result.js';
import {
  type ApiError,
  type ApiErrorDetail,
  AuthError,
  NetworkError,
  TimeoutError,
} from '../client/request-errors.js';
import { CustomerIoError, isCustomerIoError } from '../errors.js';
import { retryableStatuses } from './retry-policy.js';

export type RequestOutcome =
  | { kind: 'delivered' }
  /**
   * A 207: the items at these batch positions were rejected, with Customer.io's reasons. The rest were
   * applied, unless the answer also lists errors that name no item (`unattributed`): then nothing proves
   * they were, and they are split like a batch refused whole.
   */
  | { kind: 'partial'; rejected: Map<number, ApiErrorDetail[]>; error: ApiError; unattributed: boolean }
  /** A batch was refused as a whole, or not accounted for; sent again in halves, the bad items end up alone. */
  | { kind: 'split'; error: ApiError }
  | { kind: 'retry'; error: CustomerIoError; retryAfterMs: number | undefined }
  /** Nothing sent this way can succeed: a 401 (`auth`), or another refusal. */
  | { kind: 'fatal'; error: CustomerIoError; auth: boolean };

/** Statuses that refuse a batch as a whole when one item spoils it: a bad or too large body. */
const splittableStatuses: ReadonlySet<number> = new Set([400, 413]);

/**
 * @param items how many operations the request carried
 * @param batch whether it was a `/api/v2/batch` request, whose items a 207 names by position
 */
export function classifyResult(result: FetchResult<unknown>, items: number, batch: boolean): RequestOutcome {
  const { status } = result.response;
  if (status === 207 && batch) return partialOutcome(result, items);
  if (result.response.ok) return { kind: 'delivered' };
  const error = apiErrorFrom(result);
  if (error instanceof AuthError) return { kind: 'fatal', error, auth: true };
  if (retryableStatuses.has(status)) return { kind: 'retry', error, retryAfterMs: error.retryAfterMs };
  if (splittableStatuses.has(status) && items > 1) return { kind: 'split', error };
  return { kind: 'fatal', error, auth: false };
}

/** The outcome of a request that threw instead of answering. */
export function classifyThrown(thrown: unknown): RequestOutcome {
  if (thrown instanceof NetworkError || thrown instanceof TimeoutError) {
    return { kind: 'retry', error: thrown, retryAfterMs: undefined };
  }
  // Anything else (an identifier no path can carry, a bug) would fail the same way again.
  const error = isCustomerIoError(thrown)
    ? thrown
    : new CustomerIoError('unexpected', `the request could not be made: ${describe(thrown)}`, {
        cause: thrown,
      });
  return { kind: 'fatal', error, auth: false };
}

/**
 * A 207 lists the rejected items by `batch_index`; the body is read like an error body, with the same
 * scrubbing. An error that names no item of the batch (no position, or one outside it), or a 207 that
 * lists no error at all, says something went wrong without saying what: no item it does not name is
 * proven applied, so those are split until each answer accounts for them (docs/design.md, "Delivery").
 */
function partialOutcome(result: FetchResult<unknown>, items: number): RequestOutcome {
  const error = apiErrorFrom({ response: result.response, error: result.data ?? result.error });
  const rejected = new Map<number, ApiErrorDetail[]>();
  let unattributed = error.details.length === 0;
  for (const detail of error.details) {
    const index = detail.batchIndex;
    if (index === undefined || index < 0 || index >= items) {
      unattributed = true;
      continue;
    }
    const list = rejected.get(index);
    if (list) list.push(detail);
    else rejected.set(index, [detail]);
  }
  if (rejected.size === 0) return { kind: 'split', error };
  return { kind: 'partial', rejected, error, unattributed };
}

function describe(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
