/** Backpressure, flush, close, counters, and a process that can always exit once the work is done. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  ClosedError,
  ConfigError,
  createDestination,
  DeliveryAbandonedError,
  InvalidRequestError,
  type SegmentMessage,
} from '../src/index.js';
import { destinationWithEmulator, filler } from './support/delivery-harness.js';

const order = (n: number): SegmentMessage => ({
  type: 'track',
  userId: `user-${n % 3}`,
  messageId: `msg-${n}`,
  event: 'Order Completed',
  properties: { n },
});
const settledIds = (results: { messageId: string | undefined }[]) =>
  results.map((result) => result.messageId);

describe('backpressure', () => {
  it('makes enqueue wait while maxQueueSize messages are unsettled, and accept once one settles', async () => {
    const { destination, results } = destinationWithEmulator({ latencyMs: 20 }, { maxQueueSize: 2 });
    await destination.enqueue(order(1));
    await destination.enqueue(order(2));
    let resultsWhenAccepted: number | undefined;
    const third = destination.enqueue(order(3)).then(() => {
      resultsWhenAccepted = results.length;
    });

    expect(destination.stats()).toMatchObject({ queued: 2, waiting: 1 });
    await third;
    expect(resultsWhenAccepted).toBeGreaterThanOrEqual(1);
    await destination.flush();
    expect(settledIds(results).sort()).toEqual(['msg-1', 'msg-2', 'msg-3']);
  });

  it('makes send wait for room too, and still resolve with the result', async () => {
    const { destination } = destinationWithEmulator({ latencyMs: 5 }, { maxQueueSize: 1 });
    const results = await Promise.all([1, 2, 3].map((n) => destination.send(order(n))));
    expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });
});

describe('flush', () => {
  it('resolves once every message given before it has settled', async () => {
    const { destination, results } = destinationWithEmulator({ latencyMs: 10 }, { maxQueueSize: 3 });
    const before = [1, 2, 3, 4, 5].map(order);
    // The last two wait for room: they were given before the flush, so it waits for them too.
    const accepted = before.map((message) => destination.enqueue(message));
    await destination.flush();

    expect(settledIds(results).sort()).toEqual(before.map((message) => message.messageId).sort());
    await Promise.all(accepted);
  });

  it('resolves at once when nothing is pending', async () => {
    const { destination } = destinationWithEmulator();
    await expect(destination.flush()).resolves.toBeUndefined();
  });

  it('waits for messages in a retry backoff', async () => {
    const { emulator, destination, results } = destinationWithEmulator(
      { faults: { schedule: [{ status: 503 }] } },
      { retry: { baseDelayMs: 50 } },
    );
    await destination.enqueue(order(1));
    await destination.flush();
    expect(results).toMatchObject([{ status: 'delivered', attempts: 2 }]);
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('close', () => {
  it('settles what was given, then refuses new messages with ClosedError', async () => {
    const { destination, results } = destinationWithEmulator({ latencyMs: 10 });
    const sent = destination.send(order(1));
    await destination.enqueue(order(2));
    const closing = destination.close();

    expect(destination.closed).toBe(true);
    await expect(destination.send(order(3))).rejects.toBeInstanceOf(ClosedError);
    await expect(destination.enqueue(order(4))).rejects.toBeInstanceOf(ClosedError);
    await expect(destination.track({ userId: 'u', event: 'e' })).rejects.toThrow(/closed/);
    expect(destination.close()).toBe(closing);
    await closing;

    expect((await sent).status).toBe('delivered');
    expect(settledIds(results).sort()).toEqual(['msg-1', 'msg-2']);
  });
});

describe('close, with a limit on the wait', () => {
  /** A server that never answers: every request waits an hour. */
  const silent = { faults: { schedule: [{ delayMs: 3_600_000 }], repeat: true } };
  const inFlight = async (destination: { stats(): { inFlight: number } }) =>
    vi.waitFor(() => expect(destination.stats().inFlight).toBeGreaterThan(0));

  it('fails what is still unsettled once timeoutMs has passed, in flight or waiting for room', async () => {
    const { emulator, destination, results } = destinationWithEmulator(silent, { maxQueueSize: 2 });
    const sent = [1, 2].map((n) => destination.send(order(n)));
    // No room for these two: they wait to be accepted.
    const waitingSend = destination.send(order(3));
    const waitingEnqueue = destination.enqueue(order(4));
    await inFlight(destination);
    expect(destination.stats()).toMatchObject({ queued: 2, waiting: 2 });

    await destination.close({ timeoutMs: 50 });
    await waitingEnqueue;
    const settled = await Promise.all([...sent, waitingSend]);

    expect(settled.map((result) => result.status)).toEqual(['failed', 'failed', 'failed']);
    expect(settledIds(results).sort()).toEqual(['msg-1', 'msg-2', 'msg-3', 'msg-4']);
    for (const result of results) {
      expect(result.error).toBeInstanceOf(DeliveryAbandonedError);
      expect(result.error).toBeInstanceOf(ClosedError);
      expect(result.error).toMatchObject({ code: 'abandoned', messageId: result.messageId });
    }
    const abandoned = (id: string) =>
      results.find((result) => result.messageId === id)?.error as DeliveryAbandonedError;
    expect(abandoned('msg-1')).toMatchObject({ inFlight: true, operationIndex: 0 });
    expect(abandoned('msg-1').message).toMatch(
      /close\(\) stopped waiting before message "msg-1" was delivered/,
    );
    expect(abandoned('msg-1').message).toContain('Customer.io may or may not have received it');
    expect(abandoned('msg-3')).toMatchObject({ inFlight: false });
    expect(abandoned('msg-3').message).toContain('never sent');
    expect(results.find((result) => result.messageId === 'msg-1')?.operations).toMatchObject([
      { status: 'failed', attempts: 1 },
    ]);
    expect(destination.stats()).toMatchObject({
      accepted: 4,
      failed: 4,
      queued: 0,
      waiting: 0,
      inFlight: 0,
      requests: 1,
    });
    // The request was aborted, so the emulator never processed it.
    expect(emulator.requests.map((request) => request.status)).toEqual([undefined]);
  });

  it('fails a message waiting for a retry', async () => {
    const { destination } = destinationWithEmulator(
      { faults: { schedule: [{ status: 503 }], repeat: true } },
      { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } },
    );
    const sent = destination.send(order(1));
    await vi.waitFor(() => expect(destination.stats().retries).toBe(1));
    await destination.close({ timeoutMs: 10 });

    const result = await sent;
    expect(result.error).toMatchObject({ code: 'abandoned', inFlight: false });
    expect(result.error?.message).toContain('after 1 attempt');
  });

  it('fails what is unsettled when the signal aborts', async () => {
    const { destination } = destinationWithEmulator(silent);
    const sent = destination.send(order(1));
    await inFlight(destination);
    const controller = new AbortController();
    const closing = destination.close({ signal: controller.signal });
    controller.abort();
    await closing;
    expect((await sent).error).toMatchObject({ code: 'abandoned', inFlight: true });
  });

  it('stops waiting at once for a signal already aborted', async () => {
    const { destination } = destinationWithEmulator(silent);
    const sent = destination.send(order(1));
    await inFlight(destination);
    await destination.close({ signal: AbortSignal.abort() });
    expect((await sent).status).toBe('failed');
  });

  it("applies a later call's limit to the close already under way, returning the same promise", async () => {
    const { destination } = destinationWithEmulator(silent);
    const sent = destination.send(order(1));
    await inFlight(destination);
    const closing = destination.close();
    expect(destination.close({ timeoutMs: 10 })).toBe(closing);
    await closing;
    expect((await sent).status).toBe('failed');
  });

  it('resolves as usual when everything settles within the limit', async () => {
    const { destination } = destinationWithEmulator({ latencyMs: 5 });
    const sent = destination.send(order(1));
    await destination.close({ timeoutMs: 60_000, signal: new AbortController().signal });
    expect((await sent).status).toBe('delivered');
  });

  it.each([
    ['close.timeoutMs', { timeoutMs: -1 }],
    ['close.timeoutMs', { timeoutMs: 1.5 }],
    ['close.timeoutMs', { timeoutMs: '10' }],
    ['close.signal', { signal: {} }],
    ['close', 'soon'],
  ])('refuses a wrong %s with ConfigError, and does not close', async (option, wrong) => {
    const { destination } = destinationWithEmulator();
    const closing = destination.close(wrong as never);
    await expect(closing).rejects.toBeInstanceOf(ConfigError);
    await expect(closing).rejects.toMatchObject({ option });
    expect(destination.closed).toBe(false);
    await destination.close();
  });
});

describe('timers', () => {
  it("delivers under a test's fake timers when nothing has to wait (no retry, no pause)", async () => {
    vi.useFakeTimers();
    try {
      const { destination, emulator } = destinationWithEmulator();
      const results = await Promise.all([
        destination.track({ userId: 'user-1', event: 'Signed Up' }),
        destination.enqueue({ type: 'track', userId: 'user-2', event: 'Signed Up' }),
      ]);
      await destination.close();

      expect(results[0]?.status).toBe('delivered');
      expect(emulator.workspace.person({ id: 'user-2' })?.events).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves none behind after close(), even after a Retry-After pause and retries', {
    timeout: 30_000,
  }, async () => {
    // In a fresh process, so that no other timer is counted.
    const script = `
      import { createDestination } from ${JSON.stringify(sourceUrl('../src/destination.ts'))};
      import { createTrackApiEmulator } from ${JSON.stringify(sourceUrl('../src/testing/index.ts'))};
            const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      const emulator = createTrackApiEmulator({ faults: { schedule: [{ status: 429, retryAfter: 1 }, { status: 503 }] } });
      const destination = createDestination({
        ...emulator.clientOptions(),
        fetch: emulator.fetch,
        retry: { baseDelayMs: 10 },
        lingerMs: 5,
      });
      const sent = Promise.all([1, 2, 3].map((n) => destination.track({ userId: 'user-' + n, event: 'Signed Up' })));
      while (destination.stats().retries === 0) await new Promise((resolve) => setImmediate(resolve));
      // The destination looks at its work again in the next turn of the event loop, and sets its timer then.
      await new Promise((resolve) => setImmediate(resolve));
      const paused = timers();
      await destination.close();
      const statuses = (await sent).map((result) => result.status).join(',');
      console.log(JSON.stringify({ paused, closed: timers(), statuses }));
    `;
    const { stdout } = await runNode(script);
    expect(JSON.parse(stdout)).toEqual({ paused: 1, closed: 0, statuses: 'delivered,delivered,delivered' });
  });
});

describe('a process whose server never answers', () => {
  it('releases every timer and exits once close() stops waiting', { timeout: 30_000 }, async () => {
    const script = `
      import { createDestination } from ${JSON.stringify(sourceUrl('../src/destination.ts'))};
      import { createTrackApiEmulator } from ${JSON.stringify(sourceUrl('../src/testing/index.ts'))};
      const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      // The first request is never answered; the second gets a 503 and waits a minute for its retry.
      const emulator = createTrackApiEmulator({ faults: { schedule: [{ delayMs: 3600000 }, { status: 503 }] } });
      const destination = createDestination({
        ...emulator.clientOptions(),
        fetch: emulator.fetch,
        retry: { baseDelayMs: 60000, maxDelayMs: 60000 },
      });
      const first = destination.track({ userId: 'user-1', event: 'Signed Up' });
      while (destination.stats().inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
      const second = destination.track({ userId: 'user-2', event: 'Signed Up' });
      while (destination.stats().retries === 0) await new Promise((resolve) => setImmediate(resolve));
      await destination.close({ timeoutMs: 100 });
      await new Promise((resolve) => setImmediate(resolve));
      const statuses = (await Promise.all([first, second])).map((result) => result.error?.code).join(',');
      console.log(JSON.stringify({ closed: timers(), statuses }));
    `;
    const { stdout } = await runNode(script);
    expect(JSON.parse(stdout)).toEqual({ closed: 0, statuses: 'abandoned,abandoned' });
  });
});

describe('a process that never calls close()', () => {
  it('exits by itself once its messages are settled', { timeout: 30_000 }, async () => {
    const script = `
      import { createDestination } from ${JSON.stringify(sourceUrl('../src/destination.ts'))};
      import { createTrackApiEmulator } from ${JSON.stringify(sourceUrl('../src/testing/index.ts'))};
      const emulator = createTrackApiEmulator({ faults: { schedule: [{ status: 503 }] } });
      const destination = createDestination({ ...emulator.clientOptions(), fetch: emulator.fetch, retry: { baseDelayMs: 20 } });
      const result = await destination.track({ userId: 'user-1', event: 'Signed Up' });
      console.log(result.status, result.attempts);
    `;
    const { stdout } = await runNode(script);
    expect(stdout.trim()).toBe('delivered 2');
  });

  it('stays alive for a message waiting for a retry, rather than lose it', { timeout: 30_000 }, async () => {
    // Nothing awaits the message: only the retry's timer keeps the process alive until it is delivered.
    const script = `
      import { createDestination } from ${JSON.stringify(sourceUrl('../src/destination.ts'))};
      import { createTrackApiEmulator } from ${JSON.stringify(sourceUrl('../src/testing/index.ts'))};
      const emulator = createTrackApiEmulator({ faults: { schedule: [{ status: 503 }] } });
      const destination = createDestination({
        ...emulator.clientOptions(),
        fetch: emulator.fetch,
        retry: { baseDelayMs: 200 },
        onResult: (result) => console.log(result.status, result.attempts),
      });
      destination.enqueue({ type: 'track', userId: 'user-1', event: 'Signed Up' });
    `;
    const { stdout } = await runNode(script);
    expect(stdout.trim()).toBe('delivered 2');
  });
});

describe('stats', () => {
  it('counts messages, requests, retries, batches, bytes and the queue', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { faults: { schedule: [null, { status: 500 }] } },
      { retry: { baseDelayMs: 1 }, maxConcurrentRequests: 1 },
    );
    await destination.send(order(0));
    const skipped = { ...order(9), integrations: { All: false } };
    await Promise.all([order(1), order(2), skipped].map((message) => destination.send(message)));

    expect(destination.stats()).toEqual({
      accepted: 4,
      delivered: 3,
      failed: 0,
      skipped: 1,
      queued: 0,
      waiting: 0,
      requests: 3,
      inFlight: 0,
      retries: 1,
      batches: 2,
      operations: 3,
      bytes: emulator.requests.reduce((sum, request) => sum + Buffer.byteLength(request.bodyText), 0),
    });
  });
});

describe('stats, for a request refused before it was sent', () => {
  it('counts no request, batch or byte, and no attempt', async () => {
    // Over 32 KB, the event goes through v1, whose path cannot carry the identifier "..".
    const { emulator, destination } = destinationWithEmulator();
    const result = await destination.track({
      userId: '..',
      event: 'Order Completed',
      properties: { note: filler(40_000) },
    });

    expect(result.error).toBeInstanceOf(InvalidRequestError);
    expect(result).toMatchObject({ status: 'failed', attempts: 0 });
    expect(result.operations).toMatchObject([{ status: 'failed', attempts: 0, request: undefined }]);
    expect(emulator.requests).toEqual([]);
    expect(destination.stats()).toMatchObject({ accepted: 1, failed: 1, requests: 0, batches: 0, bytes: 0 });
  });
});

describe('options', () => {
  const client = { siteId: 'site', apiKey: 'a'.repeat(20) };

  it.each([
    ['rateLimit.requestsPerSecond', { rateLimit: { requestsPerSecond: 0 } }],
    ['maxConcurrentRequests', { maxConcurrentRequests: 1.5 }],
    ['maxQueueSize', { maxQueueSize: 0 }],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: 100, maxDelayMs: 50 } }],
    ['maxBatchBytes', { maxBatchBytes: 600_000 }],
    ['maxBatchBytes', { maxBatchBytes: 32_000 }],
    ['lingerMs', { lingerMs: -1 }],
    ['onResult', { onResult: 'no' }],
    ['logger.warn', { logger: { warn: 1 } }],
    ['maxTraitsPerIdentify', { maxTraitsPerIdentify: 301 }],
    ['apiKey', { apiKey: 'short' }],
  ])('refuses a wrong %s with ConfigError', (option, wrong) => {
    const create = () => createDestination({ ...client, ...(wrong as object) });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(expect.objectContaining({ option }));
  });

  it('reports what onResult throws to the logger, and goes on delivering', async () => {
    const logger = { error: vi.fn() };
    const { destination } = destinationWithEmulator(
      {},
      {
        logger,
        onResult: () => {
          throw new Error('boom');
        },
      },
    );
    const results = await Promise.all([destination.send(order(1)), destination.send(order(2))]);
    expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
    expect(logger.error).toHaveBeenCalledTimes(2);
  });
});

function sourceUrl(relative: string): string {
  return new URL(relative, import.meta.url).href;
}

/** Runs an ES module in a fresh Node process, through tsx; rejects when it does not exit within 20 s. */
function runNode(source: string): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=customerio-destination-source',
        '--input-type=module',
        '--eval',
        source,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 20_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout }),
    );
  });
}
