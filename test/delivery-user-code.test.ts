/**
 * The user's code (the logger's methods, onResult) can throw or return a promise that rejects: every
 * message still settles exactly once, flush() still resolves, and no rejection is left unhandled.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DeliveryResult } from '../src/delivery/delivery-result.js';
import type { DeliveryLogger } from '../src/delivery/options.js';
import type { DestinationOptions } from '../src/destination.js';
import type { TrackApiEmulatorOptions } from '../src/testing/index.js';
import { destinationWithEmulator, orderCompletedBy } from './support/delivery-harness.js';
import { captureUnhandledRejections } from './support/unhandled-rejections.js';

type Misbehaviour = 'throws' | 'rejects';
type Callback = 'debug' | 'warn' | 'error' | 'onResult';

/**
 * A callback that throws or returns a promise that rejects. Not a `vi.fn()`: a spy handles the promises
 * its implementation returns, which would hide a rejection nobody else handles.
 */
function misbehaving(how: Misbehaviour) {
  return (..._args: unknown[]): unknown => {
    if (how === 'throws') throw new Error('the callback failed');
    return Promise.reject(new Error('the callback failed'));
  };
}

/** Scenarios that reach every callback: retries (debug), final failures (warn), refused credentials (error). */
const scenarios: [string, TrackApiEmulatorOptions, Partial<DestinationOptions>][] = [
  [
    'retries run out on a batch',
    { faults: { schedule: [{ status: 503 }], repeat: true } },
    { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
  ],
  ['a batch is refused with 401', {}, { apiKey: 'wrongapikey000000000' }],
];

const unhandled = captureUnhandledRejections();

/** Lets the event loop turn, so that a rejection nobody handles is reported. */
const aTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe.each(scenarios)('when %s', (_, emulatorOptions, options) => {
  it.each<[Callback[], Misbehaviour]>([
    [['debug'], 'throws'],
    [['debug'], 'rejects'],
    [['warn'], 'throws'],
    [['warn'], 'rejects'],
    [['error'], 'throws'],
    [['error'], 'rejects'],
    [['onResult'], 'throws'],
    [['onResult'], 'rejects'],
    [['onResult', 'error'], 'throws'],
    [['debug', 'warn', 'error', 'onResult'], 'throws'],
    [['debug', 'warn', 'error', 'onResult'], 'rejects'],
  ])('settles every message once when %s %s', async (callbacks, how) => {
    const logger: DeliveryLogger = {};
    const calls = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    for (const level of ['debug', 'warn', 'error'] as const) {
      logger[level] = callbacks.includes(level) ? misbehaving(how) : calls[level];
    }
    const reported: DeliveryResult[] = [];
    const failing = misbehaving(how);
    // What a callback returns reaches the destination even when typed `void` (an async onResult).
    const onResult = ((result: DeliveryResult) => {
      reported.push(result);
      return callbacks.includes('onResult') ? failing(result) : undefined;
    }) as (result: DeliveryResult) => void;
    const { destination } = destinationWithEmulator(emulatorOptions, { ...options, logger, onResult });

    const sent = [1, 2, 3].map((n) => destination.send(orderCompletedBy(n)));
    await destination.enqueue(orderCompletedBy(4));
    await destination.flush();
    const results = await Promise.all(sent);
    await aTurn();

    expect(results.map((result) => result.status)).toEqual(['failed', 'failed', 'failed']);
    expect(reported.map((result) => result.messageId).sort()).toEqual(['msg-1', 'msg-2', 'msg-3', 'msg-4']);
    expect(reported.slice(0, 3)).toEqual(expect.arrayContaining(results));
    expect(destination.stats()).toMatchObject({ accepted: 4, failed: 4, queued: 0, waiting: 0, inFlight: 0 });
    expect(unhandled.reasons).toEqual([]);
    await destination.close();
  });
});

describe('what onResult throws', () => {
  it.each<Misbehaviour>(['throws', 'rejects'])(
    'is reported to logger.error with the messageId when it %s',
    async (how) => {
      const error = vi.fn();
      const { destination } = destinationWithEmulator({}, { logger: { error }, onResult: misbehaving(how) });
      await destination.send(orderCompletedBy(1));
      await aTurn();

      expect(error).toHaveBeenCalledOnce();
      expect(error.mock.calls[0]).toEqual([
        'onResult threw',
        { messageId: 'msg-1', error: expect.objectContaining({ message: 'the callback failed' }) },
      ]);
      expect(unhandled.reasons).toEqual([]);
    },
  );

  it('calls the logger with the logger as `this`, as console needs', async () => {
    const logger = {
      lines: [] as string[],
      warn(this: { lines: string[] }, message: string) {
        this.lines.push(message);
      },
    };
    const { destination } = destinationWithEmulator({}, { apiKey: 'wrongapikey000000000', logger });
    await destination.send(orderCompletedBy(1));
    expect(logger.lines).toEqual([expect.stringContaining('Message not delivered')]);
  });
});
