/** Every way a request can fail, and what the destination does about it, against the emulator's faults. */
import { describe, expect, it, vi } from 'vitest';
import { ApiError, AuthError, NetworkError, TimeoutError } from '../src/client/request-errors.js';
import { DeliveryError } from '../src/delivery/errors.js';
import type { SegmentMessage } from '../src/mapping/messages.js';
import type { FaultSpec } from '../src/testing/index.js';
import {
  destinationWithEmulator,
  engineWithEmulator,
  eventOperation,
  requestLines,
} from './support/delivery-harness.js';

const order = (n: number): SegmentMessage => ({
  type: 'track',
  userId: 'user-1',
  messageId: `msg-${n}`,
  timestamp: '2024-03-01T12:00:00Z',
  event: 'Order Completed',
  properties: { n },
});
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** Dedupe ids of the events the emulator stored for user-1. */
const storedIds = (emulator: ReturnType<typeof destinationWithEmulator>['emulator']) =>
  emulator.workspace.person({ id: 'user-1' })?.events.map((event) => event.dedupeId) ?? [];

describe('retries', () => {
  it.each<[string, FaultSpec]>([
    ['500', { status: 500 }],
    ['502', { status: 502 }],
    ['503', { status: 503 }],
    ['504', { status: 504 }],
    ['429 with Retry-After: 0', { status: 429, retryAfter: 0 }],
    ['a dropped connection', { reset: true }],
  ])('tries again after %s, with the same dedupe id, and delivers once', async (_, fault) => {
    const { emulator, destination } = destinationWithEmulator({ faults: { schedule: [fault] } }, fast);
    const result = await destination.send(order(1));

    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[0]?.body).toEqual(emulator.requests[1]?.body);
    const sent = emulator.requests[1]?.body as { id: string } | undefined;
    expect(storedIds(emulator)).toEqual([sent?.id]);
    expect(destination.stats()).toMatchObject({ requests: 2, retries: 1, delivered: 1 });
  });

  it.each<[string, FaultSpec]>([
    ['a 503 answered after the work was done', { status: 503, applied: true }],
    ['a reset after the work was done', { reset: true, applied: true }],
  ])('keeps one copy of the event after %s', async (_, fault) => {
    const { emulator, destination } = destinationWithEmulator({ faults: { schedule: [fault] } }, fast);
    const result = await destination.send(order(1));

    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(emulator.requests.map((request) => request.applied)).toEqual([true, true]);
    expect(storedIds(emulator)).toHaveLength(1);
  });

  it('tries again after a timeout, and the answer that came too late leaves one copy', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [{ delayMs: 500, applied: true }] } },
      { ...fast, timeoutMs: 100 },
    );
    const result = await destination.send(order(1));

    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(emulator.requests.map((request) => request.status)).toEqual([undefined, 200]);
    expect(storedIds(emulator)).toHaveLength(1);
  });

  it('gives up after maxAttempts, naming the last error', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 503 }], repeat: true } },
      { retry: { maxAttempts: 3, baseDelayMs: 1 } },
    );
    const result = await destination.send(order(1));

    expect(emulator.requests).toHaveLength(3);
    expect(result).toMatchObject({ status: 'failed', attempts: 3 });
    expect(result.operations).toMatchObject([{ status: 'failed', attempts: 3 }]);
    const error = result.error as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'retries_exhausted', messageId: 'msg-1', status: 503, attempts: 3 });
    expect(error.cause).toBeInstanceOf(ApiError);
    expect(error.message).toContain('after 3 attempts');
    expect(destination.stats()).toMatchObject({ failed: 1, retries: 2 });
  });

  it.each<[string, FaultSpec, new (...args: never[]) => Error]>([
    ['a timeout', { delayMs: 500 }, TimeoutError],
    ['a dropped connection', { reset: true }, NetworkError],
  ])('reports %s as the cause when retries are off', async (_, fault, cause) => {
    const { destination } = destinationWithEmulator(
      { faults: { schedule: [fault] } },
      { timeoutMs: 100, retry: { maxAttempts: 1 } },
    );
    const result = await destination.send(order(1));
    expect(result.status).toBe('failed');
    expect((result.error as DeliveryError).cause).toBeInstanceOf(cause);
  });

  it('stops retrying once the next attempt would start after maxElapsedMs', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 429, retryAfter: 1 }] } },
      { retry: { maxElapsedMs: 500, maxDelayMs: 2000 } },
    );
    const result = await destination.send(order(1));
    expect(emulator.requests).toHaveLength(1);
    expect(result.error).toMatchObject({ code: 'retries_exhausted', status: 429 });
  });
});

describe('Retry-After', () => {
  it.each<[string, 1 | 'date']>([
    ['seconds', 1],
    ['an HTTP date', 'date'],
  ])(
    'waits as long as a 429 asks, given in %s, before any request',
    { timeout: 10_000 },
    async (_, retryAfter) => {
      const { emulator, destination } = destinationWithEmulator(
        { faults: { schedule: [{ status: 429, retryAfter }] } },
        { retry: { baseDelayMs: 1 } },
      );
      const first = destination.send(order(1));
      await vi.waitFor(() => expect(destination.stats().retries).toBe(1));
      // Sent during the pause: it waits too, and travels with the retry.
      const second = destination.send(order(2));
      const results = await Promise.all([first, second]);

      expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
      expect(requestLines(emulator)).toEqual(['429 POST /api/v2/entity', '200 POST /api/v2/batch']);
      const [throttled, retried] = emulator.requests;
      // An HTTP date has whole seconds: it asks for at least the rest of the current second, plus one.
      expect((retried?.receivedAt ?? 0) - (throttled?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
    },
  );

  it('honours a Retry-After beyond maxDelayMs in full: the retry and every other request wait for it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { emulator, destination } = destinationWithEmulator(
        { faults: { schedule: [{ status: 429, retryAfter: 60 }] } },
        { retry: { maxDelayMs: 20 } },
      );
      const first = destination.send(order(1));
      while (destination.stats().retries === 0) await new Promise((resolve) => setImmediate(resolve));
      const second = destination.send(order(2));
      await vi.advanceTimersByTimeAsync(59_000);
      expect(emulator.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_000);
      const results = await Promise.all([first, second]);

      expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
      expect(requestLines(emulator)).toEqual(['429 POST /api/v2/entity', '200 POST /api/v2/batch']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails at once, saying why, when the wait Retry-After asks for would pass the retry budget', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 429, retryAfter: 3600 }] } },
      { retry: { maxElapsedMs: 600_000 } },
    );
    const result = await destination.send(order(1));

    expect(emulator.requests).toHaveLength(1);
    const error = result.error as DeliveryError;
    expect(error).toMatchObject({
      code: 'retries_exhausted',
      status: 429,
      attempts: 1,
      retryAfterMs: 3_600_000,
    });
    expect(error.message).toContain('Customer.io asked to wait 3600 s (Retry-After)');
    expect(error.message).toContain('retry budget of 600000 ms from the first attempt (retry.maxElapsedMs)');
  });
});

describe('error messages', () => {
  it('quote a long messageId cut short, and keep it whole in the field', async () => {
    const messageId = `m${'x'.repeat(10_000_000)}`;
    const { destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 503 }] } },
      { retry: { maxAttempts: 1 } },
    );
    const result = await destination.send({ ...order(1), messageId });

    const error = result.error as DeliveryError;
    expect(error.messageId).toBe(messageId);
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain(`"m${'x'.repeat(99)}"... (10000001 characters)`);
  });
});

describe('no retry', () => {
  it('fails every message of a request refused with 401 with AuthError, saying the credentials are wrong', async () => {
    const logger = { error: vi.fn() };
    const { emulator, destination } = destinationWithEmulator(
      {},
      { ...fast, apiKey: 'wrongapikey000000000', logger },
    );
    const results = await Promise.all([destination.send(order(1)), destination.send(order(2))]);

    expect(requestLines(emulator)).toEqual(['401 POST /api/v2/batch']);
    for (const result of results) {
      expect(result.status).toBe('failed');
      expect(result.error).toBeInstanceOf(AuthError);
      expect(result.error?.message).toContain('the Site ID or API key is wrong');
    }
    expect(logger.error).toHaveBeenCalledOnce();
    expect(logger.error.mock.calls[0]?.[0]).toContain('refused the credentials');
  });

  it("fails an operation refused with 400 on its own, with Customer.io's reason", async () => {
    const { emulator, deliver } = engineWithEmulator();
    const result = await deliver([eventOperation('user-1', ' ', 1)], { messageId: 'msg-1' });

    expect(requestLines(emulator)).toEqual(['400 POST /api/v2/entity']);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    const error = result.error as DeliveryError;
    expect(error).toMatchObject({ code: 'rejected', status: 400, messageId: 'msg-1', operationIndex: 0 });
    expect(error.details).toEqual([
      { field: 'name', reason: 'blank', message: 'event name must not be blank' },
    ]);
    expect(error.message).toContain('name: event name must not be blank');
  });
});
