/**
 * What happens to the operations of a finished request, once its outcome is known. An operation whose
 * message has already settled (close() gave up on it while its request was in flight) is left alone:
 * a late answer never advances or re-queues it.
 */
import { ApiError, type ApiErrorDetail } from '../client/request-errors.js';
import type { CustomerIoError } from '../errors.js';
import type { RequestPlan } from './batch-packer.js';
import { DeliveryError, type DeliveryErrorInit } from './errors.js';
import type { DeliveryLogger } from './options.js';
import type { RequestOutcome } from './request-outcome.js';
import type { RetryPolicy } from './retry-policy.js';
import type { StatCounters } from './stats.js';
import type { QueuedOperation } from './tracked-message.js';
import type { WorkQueue } from './work-queue.js';

/** How the settled operations are reported back to their messages; both ignore a settled message. */
export interface OperationSettlement {
  delivered(item: QueuedOperation): void;
  failed(item: QueuedOperation, error: CustomerIoError): void;
}

export interface OutcomeContext {
  queue: WorkQueue;
  policy: RetryPolicy;
  counters: StatCounters;
  settlement: OperationSettlement;
  logger: DeliveryLogger;
  /** When the request finished, in milliseconds. */
  now: number;
}

/**
 * Settles, splits or reschedules the request's operations.
 * @returns until when every request should hold off, when the server asked for that (`Retry-After`)
 */
export function applyOutcome(context: OutcomeContext, plan: RequestPlan, outcome: RequestOutcome): number {
  const { settlement } = context;
  switch (outcome.kind) {
    case 'delivered':
      for (const item of plan.items) settlement.delivered(item);
      return 0;
    case 'partial': {
      const unproven: QueuedOperation[] = [];
      plan.items.forEach((item, index) => {
        const details = outcome.rejected.get(index);
        if (details) settlement.failed(item, rejected(item, plan, outcome.error, details));
        else if (outcome.unattributed) unproven.push(item);
        else settlement.delivered(item);
      });
      if (unproven.length > 0) split(context, unproven, outcome.error);
      return 0;
    }
    case 'split':
      split(context, plan.items, outcome.error);
      return 0;
    case 'retry':
      return retry(context, plan, outcome.error, outcome.retryAfterMs);
    case 'fatal':
      if (outcome.auth) {
        context.logger.error?.(
          'Customer.io refused the credentials (401): the Site ID or API key is wrong, or the workspace is in the other region',
          { request: plan.label, operations: plan.items.length },
        );
      }
      for (const item of plan.items)
        settlement.failed(item, finalError(item, plan, outcome.error, outcome.auth));
      return 0;
  }
}

/**
 * Sends the items again in two halves, each as it is, before anything else: a bad item ends up alone,
 * and only it fails. For a batch refused whole, or items a 207 did not account for.
 */
function split(context: OutcomeContext, items: QueuedOperation[], error: ApiError): void {
  const live = unsettled(items);
  if (live.length === 0) return;
  const middle = Math.ceil(live.length / 2);
  context.queue.pin(live.slice(0, middle));
  if (middle < live.length) context.queue.pin(live.slice(middle));
  context.logger.debug?.(`Splitting ${live.length} operations Customer.io did not accept as a batch`, {
    status: error.status,
    reason: error.serverMessage,
  });
}

/**
 * Schedules the items again, or fails those out of attempts or budget. A `Retry-After` is waited in
 * full (docs/design.md, "Delivery"); when the wait it asks for would end past an item's retry budget,
 * the item fails at once, saying so.
 */
function retry(
  context: OutcomeContext,
  plan: RequestPlan,
  error: CustomerIoError,
  retryAfterMs: number | undefined,
): number {
  const { policy, now } = context;
  const items = unsettled(plan.items);
  let failures = 0;
  for (const item of items) failures = Math.max(failures, ++item.failures);
  // One delay for the whole request, so its operations come back together and batch again.
  const delayMs = policy.delayMs(failures, retryAfterMs);
  const retained: QueuedOperation[] = [];
  for (const item of items) {
    const firstAttemptAt = item.firstAttemptAt ?? now;
    if (policy.allows(item.failures, firstAttemptAt, now, delayMs)) retained.push(item);
    else {
      const pastBudget =
        retryAfterMs !== undefined &&
        item.failures < policy.options.maxAttempts &&
        !policy.withinBudget(firstAttemptAt, now, retryAfterMs);
      const waited = pastBudget ? { waitMs: retryAfterMs, budgetMs: policy.options.maxElapsedMs } : undefined;
      context.settlement.failed(item, exhausted(item, plan, error, waited));
    }
  }
  if (retained.length > 0) {
    context.counters.retries++;
    context.queue.defer(retained, now + delayMs, plan.pinned);
    context.logger.debug?.(`Retrying ${retained.length} operations in ${delayMs} ms: ${error.message}`, {
      request: plan.label,
      attempt: failures + 1,
    });
  }
  if (!retryAfterMs) return 0;
  return now + retryAfterMs;
}

/** The items whose message is not settled yet: the same array when none is (the usual case). */
function unsettled(items: QueuedOperation[]): QueuedOperation[] {
  return items.every((item) => !item.message.settled) ? items : items.filter((item) => !item.message.settled);
}

/**
 * The error a final failure reports: AuthError as it is (it says what to fix), a refusal as the
 * operation's rejection with Customer.io's reasons, an error that names its own cause (such as an
 * identifier no path can carry) as it is, and anything unforeseen wrapped with the operation named.
 */
function finalError(item: QueuedOperation, plan: RequestPlan, error: CustomerIoError, auth: boolean) {
  if (auth) return error;
  if (error instanceof ApiError) return rejected(item, plan, error, error.details);
  if (error.code !== 'unexpected') return error;
  return new DeliveryError({
    code: 'unexpected',
    messageId: item.message.messageId,
    operationIndex: item.index,
    request: plan.label,
    status: undefined,
    details: [],
    attempts: item.attempts,
    cause: error.cause ?? error,
  });
}

function rejected(
  item: QueuedOperation,
  plan: RequestPlan,
  error: ApiError,
  details: ApiErrorDetail[],
): DeliveryError {
  return new DeliveryError({
    code: 'rejected',
    messageId: item.message.messageId,
    operationIndex: item.index,
    request: plan.label,
    status: error.status,
    details,
    attempts: item.attempts,
    cause: error,
  });
}

function exhausted(
  item: QueuedOperation,
  plan: RequestPlan,
  error: CustomerIoError,
  retryAfter: DeliveryErrorInit['retryAfter'],
): DeliveryError {
  return new DeliveryError({
    code: 'retries_exhausted',
    messageId: item.message.messageId,
    operationIndex: item.index,
    request: plan.label,
    status: error instanceof ApiError ? error.status : undefined,
    details: error instanceof ApiError ? error.details : [],
    attempts: item.attempts,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    cause: error,
  });
}
