/** The pure parts of delivery: options, backoff, and what each answer means. */
import { describe, expect, it } from 'vitest';
import type { FetchResult } from '../src/client/api-result.js';
import { ApiError, AuthError, NetworkError, TimeoutError } from '../src/client/request-errors.js';
import { defaultDeliveryOptions, resolveDeliveryOptions } from '../src/delivery/options.js';
import { classifyResult, classifyThrown } from '../src/delivery/request-outcome.js';
import { RetryPolicy, retryableStatuses } from '../src/delivery/retry-policy.js';
import { CustomerIoError, InvalidRequestError } from '../src/errors.js';

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

  it('waits at least what Retry-After asks, up to maxDelayMs', () => {
    const policy = new RetryPolicy(options, () => 0);
    expect(policy.delayMs(1, 700)).toBe(700);
    expect(policy.delayMs(1, 3_600_000)).toBe(1000);
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

  it('fails the items a 207 lists, by position, and ignores positions outside the batch', () => {
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
  });

  it('delivers on a 207 that names no item', () => {
    expect(classifyResult(answer(207, { errors: [] }), 2, true)).toEqual({ kind: 'delivered' });
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
