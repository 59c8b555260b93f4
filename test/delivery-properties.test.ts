/**
 * Properties of delivery, whatever the server does (errors, throttling, dropped connections, slow or
 * lost answers) and whatever the user's callbacks do (throw, reject): every message given to
 * `send`/`enqueue` gets exactly one result, `flush()` and `close()` resolve, and `stats()` adds up as
 * `DeliveryStats` says, at every moment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../src/delivery/delivery-result.js';
import type { DeliveryStats } from '../src/delivery/stats.js';
import { mapMessage } from '../src/mapping/map-message.js';
import type { SegmentMessage } from '../src/mapping/messages.js';
import type { FaultSpec } from '../src/testing/index.js';
import { destinationWithEmulator } from './support/delivery-harness.js';
import { segmentMessageArbitrary } from './support/segment-arbitraries.js';
import { captureUnhandledRejections } from './support/unhandled-rejections.js';

/** Answers slower than this time out. */
const timeoutMs = 40;

const faultArbitrary: fc.Arbitrary<FaultSpec> = fc
  .tuple(
    fc.constantFrom<FaultSpec>(
      { status: 500 },
      { status: 502 },
      { status: 503 },
      { status: 504 },
      { status: 429, retryAfter: 0 },
      { reset: true },
      { delayMs: 3 },
      { delayMs: timeoutMs * 2 },
    ),
    fc.boolean(),
  )
  .map(([fault, applied]) => ({ ...fault, applied }));

const faultsArbitrary = fc.record({
  seed: fc.integer(),
  schedule: fc.array(fc.option(faultArbitrary, { nil: null }), { maxLength: 6 }),
  probability: fc.double({ min: 0, max: 0.4, noNaN: true }),
  kinds: fc.array(faultArbitrary, { minLength: 1, maxLength: 4 }),
});

type Behaviour = 'fine' | 'throws' | 'rejects';
/** What a callback does at each call, in turn (cycling). */
const behavioursArbitrary = fc.array(fc.constantFrom<Behaviour>('fine', 'throws', 'rejects'), {
  minLength: 1,
  maxLength: 4,
});

const scenarioArbitrary = fc.record({
  messages: fc.array(
    fc.tuple(segmentMessageArbitrary, fc.constantFrom('send', 'enqueue', 'awaited enqueue')),
    { minLength: 1, maxLength: 16 },
  ),
  faults: faultsArbitrary,
  options: fc.record({
    maxQueueSize: fc.integer({ min: 1, max: 6 }),
    maxConcurrentRequests: fc.integer({ min: 1, max: 3 }),
    maxBatchBytes: fc.constantFrom(500_000, 40_000),
    lingerMs: fc.constantFrom(0, 0, 2),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
  }),
  callbacks: fc.record({
    debug: fc.option(behavioursArbitrary, { nil: undefined }),
    warn: fc.option(behavioursArbitrary, { nil: undefined }),
    error: fc.option(behavioursArbitrary, { nil: undefined }),
    onResult: behavioursArbitrary,
  }),
  /** How it ends: flush() then close(), or close() that stops waiting after a few milliseconds. */
  end: fc.oneof(
    fc.constant({ kind: 'flush' as const }),
    fc.record({ kind: fc.constant('close' as const), timeoutMs: fc.integer({ min: 0, max: 20 }) }),
  ),
});

/** A callback that does, at each call, what `behaviours` says in turn. */
function userCallback(behaviours: readonly Behaviour[], record: (...args: unknown[]) => void = () => {}) {
  let calls = 0;
  return (...args: unknown[]): undefined => {
    record(...args);
    const behaviour = behaviours[calls++ % behaviours.length];
    if (behaviour === 'throws') throw new Error('the callback failed');
    if (behaviour === 'rejects') return Promise.reject(new Error('the callback failed')) as never;
    return undefined;
  };
}

/** The invariant `DeliveryStats` documents; the problems with it, if any. */
function statsProblems(stats: DeliveryStats, given?: number): string[] {
  const problems: string[] = [];
  const settledOrQueued = stats.delivered + stats.failed + stats.skipped + stats.queued;
  if (settledOrQueued !== stats.accepted) problems.push(`accepted ${stats.accepted} != ${settledOrQueued}`);
  if (given !== undefined && stats.accepted + stats.waiting !== given)
    problems.push(`given ${given} != accepted + waiting ${stats.accepted + stats.waiting}`);
  for (const [name, value] of Object.entries(stats)) {
    if (!Number.isInteger(value) || value < 0) problems.push(`${name} is ${value}`);
  }
  return problems;
}

const unhandled = captureUnhandledRejections();

describe('delivery, whatever the server and the callbacks do', () => {
  it('gives every message exactly one result, resolves flush() and close(), and keeps stats() adding up', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ messages, faults, options, callbacks, end }) => {
        unhandled.reasons.length = 0;
        const problems: string[] = [];
        const reported = new Map<string, DeliveryResult[]>();
        let destination: ReturnType<typeof destinationWithEmulator>['destination'] | undefined;
        const onResult = userCallback(callbacks.onResult, (result) => {
          const { messageId } = result as DeliveryResult;
          reported.set(String(messageId), [
            ...(reported.get(String(messageId)) ?? []),
            result as DeliveryResult,
          ]);
          // Checked as each message settles; thrown here, it would only be reported to the logger.
          if (destination) problems.push(...statsProblems(destination.stats()));
        });
        const logger = {
          debug: callbacks.debug && userCallback(callbacks.debug),
          warn: callbacks.warn && userCallback(callbacks.warn),
          error: callbacks.error && userCallback(callbacks.error),
        };
        const under = destinationWithEmulator(
          { faults },
          {
            timeoutMs,
            rateLimit: { requestsPerSecond: 10_000 },
            maxQueueSize: options.maxQueueSize,
            maxConcurrentRequests: options.maxConcurrentRequests,
            maxBatchBytes: options.maxBatchBytes,
            lingerMs: options.lingerMs,
            retry: { maxAttempts: options.maxAttempts, baseDelayMs: 1, maxDelayMs: 5 },
            logger,
            onResult,
          },
        );
        destination = under.destination;

        const given: string[] = [];
        const sendResults = new Map<string, number>();
        const pending: Promise<unknown>[] = [];
        for (const [index, [generated, via]] of messages.entries()) {
          const messageId = `msg-${index}`;
          const message = { ...generated, messageId } as SegmentMessage;
          // Only messages that map are given: the others reject at once and are never counted.
          try {
            mapMessage(message);
          } catch {
            continue;
          }
          given.push(messageId);
          if (via === 'send') {
            pending.push(
              destination.send(message).then((result) => {
                sendResults.set(messageId, (sendResults.get(messageId) ?? 0) + 1);
                if (result.messageId !== messageId)
                  problems.push(`send(${messageId}) got ${result.messageId}`);
                if (reported.get(messageId)?.at(-1) !== result) problems.push(`${messageId}: results differ`);
              }),
            );
          } else {
            const accepted = destination.enqueue(message);
            pending.push(accepted);
            if (via === 'awaited enqueue') await accepted;
          }
          problems.push(...statsProblems(destination.stats(), given.length));
        }

        if (end.kind === 'flush') {
          await destination.flush();
          await destination.close();
        } else await destination.close({ timeoutMs: end.timeoutMs });
        await Promise.all(pending);
        // A rejection nobody handles is reported once the event loop turns.
        await new Promise((resolve) => setTimeout(resolve, 0));

        expect(problems).toEqual([]);
        expect(unhandled.reasons).toEqual([]);
        expect([...reported.keys()].sort()).toEqual([...given].sort());
        for (const [messageId, results] of reported)
          expect([messageId, results.length]).toEqual([messageId, 1]);
        for (const [messageId, count] of sendResults) expect([messageId, count]).toEqual([messageId, 1]);
        const results = [...reported.values()].flat();
        const count = (status: string) => results.filter((result) => result.status === status).length;
        const stats = destination.stats();
        expect(stats).toMatchObject({
          accepted: given.length,
          delivered: count('delivered'),
          failed: count('failed'),
          skipped: count('skipped'),
          queued: 0,
          waiting: 0,
          inFlight: 0,
        });
        if (end.kind === 'flush') {
          // Every request counted reached the server, and every one that reached it was counted.
          const { requests } = under.emulator;
          expect(stats.requests).toBe(requests.length);
          expect(stats.bytes).toBe(
            requests.reduce((sum, request) => sum + Buffer.byteLength(request.bodyText), 0),
          );
          expect(results.every((result) => result.error?.code !== 'abandoned')).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
