/**
 * The rate limit, measured where it matters: the emulator's request log (its sliding one-second window,
 * the same rule as its `rateLimit`) and the caller's own `fetch`, which sees each request as it starts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SegmentMessage } from '../src/mapping/messages.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { busiestSecond, destinationWithEmulator, filler } from './support/delivery-harness.js';

/** A message of about 20 KB: with `maxBatchBytes` at its minimum, each one needs a request of its own. */
const bulky = (n: number): SegmentMessage => ({
  type: 'track',
  userId: `user-${n}`,
  messageId: `msg-${n}`,
  event: 'Bulky',
  properties: { note: filler(20_000) },
});
const oneEach = { maxBatchBytes: 32_780, maxConcurrentRequests: 50 };

describe('rate limit', () => {
  beforeAll(async () => {
    // The emulator counts a request when it admits it, after reading and routing it; its very first
    // request also compiles its validators, which would hold back the admission of the first burst by
    // tens of milliseconds and make a later request look early. Warm it up on a throwaway instance.
    const { destination } = destinationWithEmulator();
    await destination.send(bulky(0));
    await destination.close();
  });

  it('never starts more than requestsPerSecond requests in any sliding second', {
    timeout: 20_000,
  }, async () => {
    const { emulator, destination } = destinationWithEmulator(
      { rateLimit: 20 },
      { ...oneEach, rateLimit: { requestsPerSecond: 20 } },
    );
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => destination.send(bulky(n))));

    expect(results.every((result) => result.status === 'delivered')).toBe(true);
    expect(emulator.requests).toHaveLength(50);
    expect(emulator.requests.filter((request) => request.status !== 200)).toEqual([]);
    expect(busiestSecond(emulator.requests.map((request) => request.receivedAt))).toBe(20);
  });

  it('counts retries in the same limit', { timeout: 20_000 }, async () => {
    // The first attempt of each message fails, whichever order the paced requests arrive in.
    const seen = new Set<unknown>();
    const firstAttempt = ({ body }: { body: unknown }) => {
      const id = (body as { identifiers?: { id?: unknown } } | undefined)?.identifiers?.id;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    };
    const schedule = Array(10).fill({ status: 503 });
    const { emulator, destination } = destinationWithEmulator(
      { rateLimit: 10, faults: { schedule, only: firstAttempt } },
      { ...oneEach, rateLimit: { requestsPerSecond: 10 }, retry: { baseDelayMs: 0, maxDelayMs: 0 } },
    );
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => destination.send(bulky(n))));

    expect(results.map((result) => result.status)).toEqual(Array(10).fill('delivered'));
    expect(results.map((result) => result.attempts)).toEqual(Array(10).fill(2));
    expect(emulator.requests.filter((request) => request.status === 503)).toHaveLength(10);
    // Retried at once (no backoff), yet held to 10 in any second with the first attempts.
    expect(busiestSecond(emulator.requests.map((request) => request.receivedAt))).toBe(10);
    expect(destination.stats()).toMatchObject({ requests: 20, retries: 10 });
  });

  it('holds to the limit where requests arrive, however long they take to get there', {
    timeout: 20_000,
  }, async () => {
    // The second request takes 700 ms to reach Customer.io (a slow upload, a new connection). Counted
    // by when it started, it would share its second of arrival with the requests started after it.
    const emulator = createTrackApiEmulator({ rateLimit: 3 });
    let calls = 0;
    const fetch = async (request: Request) => {
      if (++calls === 2) await new Promise((resolve) => setTimeout(resolve, 700));
      return emulator.fetch(request);
    };
    const { destination } = destinationWithEmulator(
      {},
      { ...emulator.clientOptions(), fetch, ...oneEach, rateLimit: { requestsPerSecond: 3 } },
    );
    const results = await Promise.all(Array.from({ length: 9 }, (_, n) => destination.send(bulky(n))));

    expect(results.map((result) => result.status)).toEqual(Array(9).fill('delivered'));
    expect(emulator.requests.filter((request) => request.status !== 200)).toEqual([]);
    expect(busiestSecond(emulator.requests.map((request) => request.receivedAt))).toBe(3);
  });

  it("puts the caller's fetch beneath the throttle: it sees every request, retries included, as it starts", async () => {
    const emulator = createTrackApiEmulator({ faults: { schedule: [{ status: 500 }, { reset: true }] } });
    const started: { at: number; url: string }[] = [];
    const fetch = (request: Request) => {
      started.push({ at: Date.now(), url: request.url });
      return emulator.fetch(request);
    };
    const { destination } = destinationWithEmulator(
      {},
      {
        ...emulator.clientOptions(),
        fetch,
        ...oneEach,
        rateLimit: { requestsPerSecond: 5 },
        retry: { baseDelayMs: 0 },
      },
    );
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => destination.send(bulky(n))));

    expect(results.every((result) => result.status === 'delivered')).toBe(true);
    expect(emulator.requests).toHaveLength(10);
    expect(started.map((start) => start.url)).toEqual(emulator.requests.map((request) => request.url));
    expect(busiestSecond(started.map((start) => start.at))).toBe(5);
  });
});
