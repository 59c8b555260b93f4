/**
 * Partial failures: a 207 fails only the items it lists, and a batch refused whole (400) is split until
 * the bad item is alone, so it cannot fail the others.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../src/delivery/errors.js';
import {
  destinationWithEmulator,
  engineWithEmulator,
  eventOperation,
  filler,
  identifyOperation,
  itemsOf,
  orderCompletedBy,
  requestLines,
} from './support/delivery-harness.js';

describe('207', () => {
  it("fails only the listed items, each with Customer.io's reason, and delivers the rest", async () => {
    const { emulator, deliver } = engineWithEmulator();
    const results = await Promise.all([
      deliver([eventOperation('user-1', 'Signed Up', 1)], { messageId: 'good-1' }),
      deliver([eventOperation('user-2', ' ', 2)], { messageId: 'bad' }),
      deliver([eventOperation('user-3', 'Signed Up', 3)], { messageId: 'good-2' }),
    ]);

    expect(requestLines(emulator)).toEqual(['207 POST /api/v2/batch']);
    expect(results.map((result) => result.status)).toEqual(['delivered', 'failed', 'delivered']);
    const error = results[1]?.error as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'rejected', status: 207, messageId: 'bad', operationIndex: 0 });
    expect(error.details).toEqual([
      { batchIndex: 1, field: 'name', reason: 'blank', message: 'event name must not be blank' },
    ]);
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['user-1', 'user-3']);
  });

  it('does not send the later operations of a message whose operation was rejected', async () => {
    const { emulator, deliver } = engineWithEmulator();
    const result = await deliver([
      identifyOperation('user-1', { plan: 'pro' }),
      eventOperation('user-1', ' ', 1),
      eventOperation('user-1', 'Signed Up', 2),
    ]);

    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/entity', '400 POST /api/v2/entity']);
    expect(result.status).toBe('failed');
    expect(result.operations.map((operation) => [operation.status, operation.attempts])).toEqual([
      ['delivered', 1],
      ['failed', 1],
      ['not_sent', 0],
    ]);
    expect(result.error).toBe(result.operations[1]?.error);
  });
});

/**
 * A destination whose first request gets this 207 instead of reaching the emulator (which only answers
 * 207s that name their items); every later request goes to the emulator.
 */
function firstAnswered207(body: unknown) {
  let answered = false;
  const under = destinationWithEmulator(
    {},
    {
      fetch: (request) => {
        if (answered) return under.emulator.fetch(request);
        answered = true;
        const text = body === undefined ? null : JSON.stringify(body);
        return Promise.resolve(
          new Response(text, { status: 207, headers: { 'content-type': 'application/json' } }),
        );
      },
    },
  );
  return under;
}

describe('207 that does not account for every item', () => {
  const problem = { reason: 'invalid', message: 'something is wrong' };

  it.each<[string, unknown]>([
    ['an index past the end', { errors: [{ ...problem, batch_index: 4 }] }],
    ['a negative index', { errors: [{ ...problem, batch_index: -1 }] }],
    ['an index that is not a number', { errors: [{ ...problem, batch_index: '1' }] }],
    ['an index that is not whole', { errors: [{ ...problem, batch_index: 1.5 }] }],
    ['no index', { errors: [problem] }],
    ['an empty list of errors', { errors: [] }],
    ['a body of another shape', { meta: { error: 'partly failed' } }],
    ['no body', undefined],
  ])('with %s, marks nothing delivered: the batch is split in halves and sent again', async (_, body) => {
    const { emulator, destination } = firstAnswered207(body);
    const results = await Promise.all([1, 2, 3, 4].map((n) => destination.send(orderCompletedBy(n))));

    expect(results.map((result) => [result.status, result.attempts])).toEqual(
      Array(4).fill(['delivered', 2]),
    );
    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/batch', '200 POST /api/v2/batch']);
    expect(emulator.requests.map((request) => itemsOf(request).length)).toEqual([2, 2]);
    expect(destination.stats()).toMatchObject({ requests: 3, delivered: 4, failed: 0, retries: 0 });
  });

  it('fails the items it names and splits the rest, which it does not prove delivered', async () => {
    const { emulator, destination } = firstAnswered207({
      errors: [
        { ...problem, batch_index: 1 },
        { reason: 'internal', message: 'something else' },
      ],
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => destination.send(orderCompletedBy(n))));

    expect(results.map((result) => [result.messageId, result.status, result.attempts])).toEqual([
      ['msg-1', 'delivered', 2],
      ['msg-2', 'failed', 1],
      ['msg-3', 'delivered', 2],
      ['msg-4', 'delivered', 2],
    ]);
    expect(results[1]?.error).toMatchObject({
      code: 'rejected',
      status: 207,
      details: [{ ...problem, batchIndex: 1 }],
    });
    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/batch', '200 POST /api/v2/entity']);
    expect(emulator.requests.map((request) => itemsOf(request).length)).toEqual([2, 1]);
  });
});

describe('400 on a whole batch', () => {
  it('splits the batch in halves until the bad item is alone', async () => {
    // The emulator refuses a batch body over 512000 bytes as a whole. The engine is allowed bigger
    // batches here, so the first request is refused whole; its halves fit.
    const { emulator, deliver } = engineWithEmulator(
      {},
      { maxBatchBytes: 700_000, maxConcurrentRequests: 1 },
    );
    const operations = Array.from({ length: 30 }, (_, n) =>
      eventOperation(`user-${n}`, n === 7 ? ' ' : 'Bulky', n, { note: filler(20_000) }),
    );
    const results = await Promise.all(
      operations.map((operation, n) => deliver([operation], { messageId: `m${n}` })),
    );

    expect(requestLines(emulator)).toEqual([
      '400 POST /api/v2/batch',
      '207 POST /api/v2/batch',
      '200 POST /api/v2/batch',
    ]);
    expect(emulator.requests.map((request) => itemsOf(request).length)).toEqual([30, 15, 15]);
    expect(results.filter((result) => result.status === 'failed').map((result) => result.messageId)).toEqual([
      'm7',
    ]);
    expect(results[7]?.error).toMatchObject({ code: 'rejected', status: 207 });
    expect(results[7]?.attempts).toBe(2);
    expect(emulator.workspace.people()).toHaveLength(29);
  });
});
