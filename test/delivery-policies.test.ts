/** The pure parts of delivery: options, backoff, what each answer means, and what it does. */
import { describe, expect, it, vi } from 'vitest';
import type { FetchResult } from '../src/client/api-result.js';
import { ApiError, AuthError, NetworkError, TimeoutError } from '../src/client/request-errors.js';
import { applyOutcome, type OutcomeContext } from '../src/delivery/apply-outcome.js';
import { v2Plan } from '../src/delivery/batch-packer.js';
import { defaultDeliveryOptions, resolveDeliveryOptions } from '../src/delivery/options.js';
import { classifyResult, classifyThrown, type RequestOutcome } from '../src/delivery/request-outcome.js';
import { RetryPolicy, retryableStatuses } from '../src/delivery/retry-policy.js';
import { emptyCounters } from '../src/delivery/stats.js';
import { TrackedMessage } from '../src/delivery/tracked-message.js';
import { WorkQueue } from '../src/delivery/work-queue.js';
import { CustomerIoError, InvalidRequestError } from '../src/errors.js';
import { eventOperation } from './support/delivery-harness.js';

describe('options', () => {
  it('has a documented default for every option', () => {
    expect(resolveDeliveryOptions()).toEqual({
      requestsPerSecond: 100,
      maxConcurrentRequests: 10,
      maxQueueSize: 3_000,
      retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxElapsedMs: 300_000 },
      maxBatchBytes: 500_000,
      lingerMs: 0,
      onResult: undefined,
      logger: {},
    });
    expect(defaultDeliveryOptions.maxBatchBytes).toBeLessThan(512_000);
  });

  it('quotes a wrong value cut to size, and never shows an object or a function whole', () => {
    const wrong = (maxQueueSize: unknown) => {
      try {
        resolveDeliveryOptions({ maxQueueSize: maxQueueSize as number });
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(wrong('x'.repeat(1_000_000))).toBe(
      `Invalid option \`maxQueueSize\`: expected a whole number from 1 to ${2 ** 32}, got "${'x'.repeat(100)}"... (1000000 characters)`,
    );
    expect(wrong([1, 2])).toMatch(/got an array$/);
    expect(wrong(() => 'source code')).toMatch(/got a function$/);
    expect(wrong(1.5)).toMatch(/got 1\.5$/);
  });

  it('lowers the base delay with a maxDelayMs below it, and raises maxDelayMs to a larger base delay', () => {
    expect(resolveDeliveryOptions({ retry: { maxDelayMs: 20 } }).retry).toMatchObject({
      baseDelayMs: 20,
      maxDelayMs: 20,
    });
    expect(resolveDeliveryOptions({ retry: { baseDelayMs: 60_000 } }).retry).toMatchObject({
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
  });
});

describe('backoff', () => {
  const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 10_000 };
  const almostOne = 1 - Number.EPSILON;

  it('draws each delay between 0 and a backoff that doubles, up to maxDelayMs (full jitter)', () => {
    const highest = new RetryPolicy(options, () => almostOne);
    expect([1, 2, 3, 4, 5, 6].map((failures) => highest.delayMs(failures, undefined))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    const lowest = new RetryPolicy(options, () => 0);
    expect(lowest.delayMs(4, undefined)).toBe(0);
    const middle = new RetryPolicy(options, () => 0.5);
    expect(middle.delayMs(3, undefined)).toBe(200);
  });

  it('waits at least what Retry-After asks, however far past maxDelayMs', () => {
    const policy = new RetryPolicy(options, () => 0);
    expect(policy.delayMs(1, 700)).toBe(700);
    expect(policy.delayMs(1, 3_600_000)).toBe(3_600_000);
    expect(new RetryPolicy(options, () => almostOne).delayMs(4, 300)).toBe(800);
  });

  it('allows maxAttempts attempts in all, each starting within maxElapsedMs of the first', () => {
    const policy = new RetryPolicy(options);
    expect(policy.allows(4, 0, 0, 0)).toBe(true);
    expect(policy.allows(5, 0, 0, 0)).toBe(false);
    expect(policy.allows(1, 1000, 10_500, 500)).toBe(true);
    expect(policy.allows(1, 1000, 10_500, 501)).toBe(false);
  });
});

describe('what an answer means', () => {
  const answer = (
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): FetchResult<unknown> => {
    const response = new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return response.ok ? { data: body, response } : { error: body, response };
  };

  it('delivers on 200', () => {
    expect(classifyResult(answer(200, {}), 3, true)).toEqual({ kind: 'delivered' });
  });

  it('fails the items a 207 lists, by position; one naming no item leaves the others unproven', () => {
    const body = {
      errors: [
        { batch_index: 1, reason: 'blank', field: 'name', message: 'event name must not be blank' },
        { batch_index: 1, reason: 'invalid', field: 'id', message: 'bad id' },
        { batch_index: 9, reason: 'x', field: '', message: 'nobody' },
      ],
    };
    const outcome = classifyResult(answer(207, body), 3, true);
    expect(outcome.kind).toBe('partial');
    if (outcome.kind !== 'partial') return;
    expect([...outcome.rejected.keys()]).toEqual([1]);
    expect(outcome.rejected.get(1)?.map((detail) => detail.message)).toEqual([
      'event name must not be blank',
      'bad id',
    ]);
    expect(outcome.unattributed).toBe(true);
    const named = classifyResult(answer(207, { errors: body.errors.slice(0, 2) }), 3, true);
    expect(named).toMatchObject({ kind: 'partial', unattributed: false });
  });

  it.each<[string, unknown]>([
    ['an empty list of errors', { errors: [] }],
    ['only positions outside the batch', { errors: [{ batch_index: 2, message: 'x' }] }],
    ['no position', { errors: [{ message: 'x' }] }],
    ['no body', undefined],
  ])('splits a batch on a 207 with %s, as on a 400', (_, body) => {
    expect(classifyResult(answer(207, body), 2, true).kind).toBe('split');
  });

  it.each([400, 413])('splits a batch refused whole with %i, and fails a lone operation', (status) => {
    expect(classifyResult(answer(status, { errors: [] }), 2, true).kind).toBe('split');
    expect(classifyResult(answer(status, { errors: [] }), 1, false)).toMatchObject({
      kind: 'fatal',
      auth: false,
    });
  });

  it('fails everything on 401, with AuthError', () => {
    const outcome = classifyResult(answer(401), 5, true);
    expect(outcome).toMatchObject({ kind: 'fatal', auth: true });
    expect(outcome.kind === 'fatal' && outcome.error).toBeInstanceOf(AuthError);
  });

  it.each([...retryableStatuses])('retries on %i, with the Retry-After asked for', (status) => {
    const outcome = classifyResult(answer(status, { errors: [] }, { 'retry-after': '7' }), 2, true);
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    expect(outcome.kind === 'retry' && outcome.error).toBeInstanceOf(ApiError);
  });

  it('ignores a malformed Retry-After', () => {
    expect(classifyResult(answer(503, {}, { 'retry-after': '7junk' }), 1, false)).toMatchObject({
      kind: 'retry',
      retryAfterMs: undefined,
    });
  });

  it.each([403, 404, 405, 422, 501])('does not retry %i', (status) => {
    expect(classifyResult(answer(status, {}), 1, false).kind).toBe('fatal');
  });

  it('retries network errors and timeouts, and nothing else that was thrown', () => {
    const request = { method: 'POST', url: 'https://track.customer.io/api/v2/batch', headers: {} };
    expect(classifyThrown(new NetworkError('POST /api/v2/batch', request, new Error('reset'))).kind).toBe(
      'retry',
    );
    expect(classifyThrown(new TimeoutError('POST /api/v2/batch', request, 10, undefined)).kind).toBe('retry');
    const invalid = new InvalidRequestError('params.path.identifier', 'must not be "."');
    expect(classifyThrown(invalid)).toEqual({ kind: 'fatal', error: invalid, auth: false });
    const unexpected = classifyThrown(new TypeError('bug'));
    expect(unexpected.kind === 'fatal' && unexpected.error).toBeInstanceOf(CustomerIoError);
  });
});

describe('a late answer, for messages already settled', () => {
  const apiError = (status: number) =>
    new ApiError({
      status,
      operation: 'POST /api/v2/batch',
      details: [],
      serverMessage: '',
      request: undefined,
      retryAfterMs: undefined,
    });

  it.each<[string, RequestOutcome]>([
    ['a retryable error', { kind: 'retry', error: apiError(503), retryAfterMs: undefined }],
    ['a batch refused whole', { kind: 'split', error: apiError(400) }],
    [
      'a 207 that does not account for them',
      { kind: 'partial', rejected: new Map([[0, []]]), error: apiError(207), unattributed: true },
    ],
  ])('after %s, queues none of them again', (_, outcome) => {
    // Three messages whose operations went in one batch; close() gave up on the last two meanwhile.
    const items = [1, 2, 3].map((n) => {
      const message = new TrackedMessage(
        n,
        { messageId: `msg-${n}`, operations: [eventOperation('u', 'E', n)], warnings: [] },
        undefined,
        false,
      );
      message.settled = n > 1;
      return message.operations[0] as NonNullable<(typeof message.operations)[0]>;
    });
    const context: OutcomeContext = {
      queue: new WorkQueue(),
      policy: new RetryPolicy(resolveDeliveryOptions().retry),
      counters: emptyCounters(),
      settlement: { delivered: vi.fn(), failed: vi.fn() },
      logger: {},
      now: 0,
    };
    applyOutcome(context, v2Plan(items), outcome);

    context.queue.releaseDue(Number.POSITIVE_INFINITY);
    const queued = context.queue.drain().map((item) => item.message.messageId);
    expect(queued).toEqual(outcome.kind === 'partial' ? [] : ['msg-1']);
    expect(items.slice(1).map((item) => [item.failures, item.status])).toEqual([
      [0, 'pending'],
      [0, 'pending'],
    ]);
  });
});
