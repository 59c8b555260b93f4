/** Given these Segment messages, these exact requests go out. */
import { describe, expect, it, vi } from 'vitest';
import { createDestination } from '../src/destination.js';
import { InvalidMessageError } from '../src/mapping/mapping-errors.js';
import type { SegmentMessage } from '../src/mapping/messages.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { destinationWithEmulator, filler, itemsOf, requestLines } from './support/delivery-harness.js';
import { eventId, ms, seconds, time } from './support/segment-messages.js';

const orderCompleted = (messageId: string, userId = 'user-1', properties: Record<string, unknown> = {}) =>
  ({ type: 'track', messageId, userId, timestamp: time, event: 'Order Completed', properties }) as const;

const eventBody = (messageId: string, userId = 'user-1', attributes: Record<string, unknown> = {}) => ({
  type: 'person',
  identifiers: { id: userId },
  action: 'event',
  name: 'Order Completed',
  id: eventId(messageId, ms),
  timestamp: seconds,
  attributes,
});

describe('requests', () => {
  it('serialises each operation once, from mapping to the wire, even for a message of many operations', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const traits = Object.fromEntries(Array.from({ length: 70 }, (_, n) => [`trait_${n}`, n]));
    const stringify = vi.spyOn(JSON, 'stringify');
    const results = await Promise.all([
      destination.send({ type: 'identify', userId: 'user-1', traits }),
      destination.send(orderCompleted('msg-1')),
    ]);
    const bodies = results.flatMap((result) =>
      result.operations.map((operation) => operation.operation.body),
    );
    // An event's JSON is written around the JSON of its parts: its attributes stand for it.
    const serialisable = bodies.flatMap((body) => [body, (body as { attributes?: unknown }).attributes]);
    const serialised = stringify.mock.calls.filter(([value]) => serialisable.includes(value));
    stringify.mockRestore();

    // 70 traits at the default 30 per identify: three identify operations, then the event.
    expect(bodies).toHaveLength(4);
    expect(serialised.map(([value]) => value)).toEqual([
      ...bodies.slice(0, 3),
      (bodies[3] as { attributes?: unknown }).attributes,
    ]);
    expect(emulator.requests.map((request) => request.bodyText)).toEqual([
      JSON.stringify({ batch: bodies.slice(0, 1).concat(bodies.slice(3)) }),
      JSON.stringify(bodies[1]),
      JSON.stringify(bodies[2]),
    ]);
  });

  it('sends a lone message as one POST /api/v2/entity carrying its operation', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const result = await destination.send(orderCompleted('msg-1', 'user-1', { total: 42.5 }));

    const body = eventBody('msg-1', 'user-1', { total: 42.5 });
    expect(result).toStrictEqual({
      status: 'delivered',
      messageId: 'msg-1',
      operations: [
        {
          operation: { endpoint: 'entity', body },
          status: 'delivered',
          request: 'POST /api/v2/entity',
          attempts: 1,
        },
      ],
      attempts: 1,
      warnings: [],
    });
    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/entity']);
    const [request] = emulator.requests;
    expect(request?.body).toStrictEqual(body);
    expect(request?.bodyText).toBe(JSON.stringify(result.operations[0]?.operation.body));
    expect(request?.headers).toMatchObject({
      authorization: 'Basic [redacted]',
      'content-type': 'application/json',
    });
    expect(emulator.workspace.person({ id: 'user-1' })?.events).toMatchObject([
      { name: 'Order Completed', dedupeId: eventId('msg-1', ms), data: { total: 42.5 } },
    ]);
  });

  it('sends the messages given in one turn as one POST /api/v2/batch, in order', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const identify: SegmentMessage = {
      type: 'identify',
      messageId: 'msg-0',
      userId: 'user-1',
      timestamp: time,
      traits: { plan: 'pro' },
    };
    const results = await Promise.all([
      destination.send(identify),
      destination.send(orderCompleted('msg-1')),
      destination.send(orderCompleted('msg-2', 'user-2')),
    ]);

    expect(results.map((result) => result.operations[0]?.request)).toEqual(
      Array(3).fill('POST /api/v2/batch'),
    );
    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/batch']);
    const identifyBody = {
      type: 'person',
      identifiers: { id: 'user-1' },
      action: 'identify',
      timestamp: seconds,
      attributes: { plan: 'pro' },
    };
    const items = [identifyBody, eventBody('msg-1'), eventBody('msg-2', 'user-2')];
    expect(emulator.requests[0]?.body).toStrictEqual({ batch: items });
    // Compact JSON, each item exactly as mapping made it.
    const mapped = results.map((result) => result.operations[0]?.operation.body);
    expect(emulator.requests[0]?.bodyText).toBe(JSON.stringify({ batch: mapped }));
  });

  it('lets requests leave while a loop awaiting each enqueue still runs, long before the queue is full', async () => {
    const { emulator, destination } = destinationWithEmulator();
    // Such a loop only runs microtasks between messages; it takes far longer than 10 ms for 4000 of them.
    for (let n = 0; n < 4_000; n++) await destination.enqueue(orderCompleted(`msg-${n}`, `user-${n % 50}`));
    const answeredWhileLooping = emulator.requests.length;
    await destination.flush();

    expect(answeredWhileLooping).toBeGreaterThan(0);
    expect(destination.stats()).toMatchObject({ accepted: 4_000, delivered: 4_000 });
  });

  it('from a loop that never yields, sends nearly full batches while a request is in flight', async () => {
    // Answers come back only after a timer, so a request stays in flight while the loop runs.
    const { emulator, destination } = destinationWithEmulator(
      { latencyMs: 200 },
      { rateLimit: { requestsPerSecond: 100_000 }, maxQueueSize: 20_000 },
    );
    // About 2 KB each: a batch fills in a few hundred messages, well within the 100 ms a message may wait.
    const count = 1_000;
    const note = 'x'.repeat(2_000);
    const messages = Array.from({ length: count }, (_, n) =>
      orderCompleted(`msg-${n}`, `user-${n % 50}`, { note }),
    );
    for (const message of messages) await destination.enqueue(message);
    await destination.flush();

    // Each request but the last leaves as soon as what is queued comes within one operation's 32 KB of
    // 500000 bytes: it carries that and less than one message more, and none leaves with a few
    // messages beside a full one. The last carries what remains.
    const itemBytes = Buffer.byteLength(JSON.stringify(eventBody('msg-999', 'user-49', { note })));
    const sizes = emulator.requests.map((request) => Buffer.byteLength(request.bodyText));
    const full = sizes.slice(0, -1);
    expect(full.length).toBeGreaterThanOrEqual(3);
    for (const size of full) {
      expect(size).toBeGreaterThanOrEqual(500_000 - 32_768);
      expect(size).toBeLessThan(500_000 - 32_768 + itemBytes + 1);
    }
    expect(emulator.requests.flatMap(itemsOf).map((item) => (item as { id: string }).id)).toEqual(
      Array.from({ length: count }, (_, n) => eventId(`msg-${n}`, ms)),
    );
  });

  it('from a loop that never yields, reads answers while it runs, without sending part-full batches', async () => {
    // Answers come after a 1 ms timer, so they are read only when the loop gives the event loop a turn.
    const { emulator, destination } = destinationWithEmulator(
      { latencyMs: 1 },
      { rateLimit: { requestsPerSecond: 100_000 } },
    );
    const note = 'x'.repeat(2_000);
    // 400 messages of about 2 KB fill one batch and part of another; 0.1 ms of other work per
    // message leaves the loop running well over 5 ms after the first request left.
    for (let n = 0; n < 400; n++) {
      const until = performance.now() + 0.1;
      while (performance.now() < until) {}
      await destination.enqueue(orderCompleted(`msg-${n}`, 'user-1', { note }));
    }
    const whileLooping = destination.stats();
    await destination.flush();

    expect(whileLooping.requests).toBe(1);
    expect(whileLooping.delivered).toBe(itemsOf(emulator.requests[0] as never).length);
    expect(Buffer.byteLength(emulator.requests[0]?.bodyText ?? '')).toBeGreaterThanOrEqual(500_000 - 32_768);
    expect(destination.stats()).toMatchObject({ requests: 2, delivered: 400 });
  });

  it('from a loop that never yields, sends what a turn for answers held back once the loop is over', async () => {
    const { destination } = destinationWithEmulator(
      { latencyMs: 1 },
      { rateLimit: { requestsPerSecond: 100_000 } },
    );
    const note = 'x'.repeat(2_000);
    const spin = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {}
    };
    // A batch leaves nearly full; 7 ms later the last message asks for a turn only to read its answer,
    // and the answer is read in that turn: nothing is in flight any more, and the loop is over.
    for (let n = 0; n < 239; n++) await destination.enqueue(orderCompleted(`msg-${n}`, 'user-1', { note }));
    spin(7);
    await destination.enqueue(orderCompleted('msg-239', 'user-1', { note }));
    expect(destination.stats().requests).toBe(1);

    const settled = await Promise.race([
      destination.flush().then(() => 'settled'),
      new Promise((resolve) => setTimeout(resolve, 2_000, 'stuck')),
    ]);
    expect(settled).toBe('settled');
    expect(destination.stats()).toMatchObject({ delivered: 240, requests: 2 });
  });

  it('from a loop that never yields but queues slowly, sends what waited 100 ms while a request is in flight', async () => {
    // The destination reads a fake clock (Date only), on which each message takes 1 ms of other work,
    // however busy the machine; and no answer comes back before the loop is over, so every request
    // after the first leaves while the ones before are in flight.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let release = () => {};
      const answersHeld = new Promise<void>((resolve) => {
        release = resolve;
      });
      /** Each request as it left: when, on the fake clock, and how many messages it carried. */
      const sent: { at: number; items: number }[] = [];
      const { emulator, destination } = destinationWithEmulator(
        {},
        {
          rateLimit: { requestsPerSecond: 100_000 },
          fetch: async (request) => {
            const left = { at: Date.now(), items: 0 };
            sent.push(left);
            const body = JSON.parse(await request.clone().text()) as { batch?: unknown[] };
            left.items = body.batch?.length ?? 1;
            await answersHeld;
            return emulator.fetch(request);
          },
        },
      );
      const count = 400;
      const start = Date.now();
      const enqueuedAt = (n: number) => start + n;
      for (let n = 0; n < count; n++) {
        vi.setSystemTime(enqueuedAt(n));
        await destination.enqueue(orderCompleted(`msg-${n}`));
      }
      const whileLooping = destination.stats();
      const loopEnd = Date.now();
      release();
      await destination.flush();

      // Nothing is near a full batch, so requests leave only for messages that waited: the first once
      // its oldest message has waited 100 ms, and each later one once the oldest left behind has, while
      // the earlier ones are still in flight.
      expect(whileLooping.requests).toBeGreaterThanOrEqual(3);
      expect(whileLooping.inFlight).toBe(whileLooping.requests);
      expect(sent).toHaveLength(destination.stats().requests);
      // Each message waits 100 ms at most, plus the 5 ms a turn may be held back by the one before it
      // and the 1 ms a message takes: the loop looks only between messages. Requests carry messages
      // in order, so each one's oldest is the first the requests before it did not carry.
      let oldest = 0;
      for (const { at, items } of sent) {
        if (at > loopEnd) break;
        expect(at - enqueuedAt(oldest)).toBeLessThanOrEqual(106);
        oldest += items;
      }
      expect(loopEnd - enqueuedAt(oldest)).toBeLessThan(106);
      expect(emulator.requests.flatMap(itemsOf).map((item) => (item as { id: string }).id)).toEqual(
        Array.from({ length: count }, (_, n) => eventId(`msg-${n}`, ms)),
      );
      expect(destination.stats()).toMatchObject({ accepted: count, delivered: count });
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends what arrives while a request is in flight together in the next request', async () => {
    const { emulator, destination } = destinationWithEmulator(
      { latencyMs: 20 },
      { maxConcurrentRequests: 1 },
    );
    const first = destination.send(orderCompleted('msg-0'));
    while (destination.stats().inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
    const rest = [1, 2, 3, 4].map((n) => destination.send(orderCompleted(`msg-${n}`)));
    await Promise.all([first, ...rest]);

    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/entity', '200 POST /api/v2/batch']);
    expect(itemsOf(emulator.requests[1] as never)).toEqual([1, 2, 3, 4].map((n) => eventBody(`msg-${n}`)));
  });

  it('with lingerMs, holds a request for more work to fill its batch', async () => {
    const { emulator, destination } = destinationWithEmulator({}, { lingerMs: 200 });
    const first = destination.send(orderCompleted('msg-0'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([first, destination.send(orderCompleted('msg-1'))]);

    expect(requestLines(emulator)).toEqual(['200 POST /api/v2/batch']);
    expect(itemsOf(emulator.requests[0] as never)).toEqual([eventBody('msg-0'), eventBody('msg-1')]);
  });

  it('packs batches by bytes, never over maxBatchBytes, keeping the order of the messages', async () => {
    const maxBatchBytes = 50_000;
    const { emulator, destination } = destinationWithEmulator(
      {},
      { maxBatchBytes, maxConcurrentRequests: 1 },
    );
    const messages = Array.from({ length: 12 }, (_, n) =>
      orderCompleted(`msg-${n}`, 'user-1', { note: filler(10_000) }),
    );
    await Promise.all(messages.map((message) => destination.send(message)));

    // Each item is a little over 10 KB: four fit in 50000 bytes, a fifth would not.
    expect(requestLines(emulator)).toEqual(Array(3).fill('200 POST /api/v2/batch'));
    for (const request of emulator.requests) {
      expect(Buffer.byteLength(request.bodyText)).toBeLessThanOrEqual(maxBatchBytes);
      expect(itemsOf(request)).toHaveLength(4);
    }
    expect(emulator.requests.flatMap(itemsOf)).toEqual(
      messages.map((message) => eventBody(message.messageId, 'user-1', message.properties)),
    );
  });

  it('sends the operations of one message in order, each once the one before is delivered', async () => {
    const { emulator, destination } = destinationWithEmulator({}, { maxTraitsPerIdentify: 2 });
    const traits = { a: 1, b: 2, c: 3, d: 4, e: 5 };
    const [identify] = await Promise.all([
      destination.identify({ messageId: 'msg-0', userId: 'user-1', timestamp: time, traits }),
      destination.send(orderCompleted('msg-1', 'user-2')),
    ]);

    expect(identify?.operations.map((operation) => operation.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(requestLines(emulator)).toEqual([
      '200 POST /api/v2/batch',
      '200 POST /api/v2/entity',
      '200 POST /api/v2/entity',
    ]);
    const attributesSent = emulator.requests.map((request) => {
      const [first] = itemsOf(request) as { attributes: Record<string, unknown> }[];
      return first?.attributes;
    });
    expect(attributesSent).toEqual([{ a: 1, b: 2 }, { c: 3, d: 4 }, { e: 5 }]);
    expect(emulator.workspace.person({ id: 'user-1' })?.attributes).toMatchObject(traits);
  });

  it('settles a message that is not for Customer.io at once, as skipped, and sends nothing', async () => {
    const { emulator, destination, results } = destinationWithEmulator();
    const message = { ...orderCompleted('msg-1'), integrations: { 'Customer.io': false } };
    const result = await destination.send(message);

    expect(result).toMatchObject({ status: 'skipped', messageId: 'msg-1', operations: [], attempts: 0 });
    expect(result.skipped).toEqual(expect.any(String));
    expect(results).toEqual([result]);
    expect(emulator.requests).toEqual([]);
    expect(destination.stats()).toMatchObject({ accepted: 1, skipped: 1, requests: 0 });
  });

  it('rejects an invalid message at once with InvalidMessageError, and sends nothing', async () => {
    const { emulator, destination } = destinationWithEmulator();
    const invalid = { type: 'track', messageId: 'msg-1', userId: 'user-1' } as unknown as SegmentMessage;
    await expect(destination.send(invalid)).rejects.toBeInstanceOf(InvalidMessageError);
    await expect(destination.enqueue(invalid)).rejects.toBeInstanceOf(InvalidMessageError);
    await destination.flush();
    expect(emulator.requests).toEqual([]);
    expect(destination.stats().accepted).toBe(0);
  });

  it.each([
    ['identify', { traits: { plan: 'pro' } }, 'identify'],
    ['track', { event: 'Signed Up' }, 'event'],
    ['page', { properties: { url: 'https://example.com/' } }, 'page'],
    ['screen', { name: 'Home' }, 'screen'],
  ] as const)('has a typed shorthand for %s', async (type, fields, action) => {
    const { emulator, destination } = destinationWithEmulator();
    const shorthand = destination[type] as (message: object) => Promise<unknown>;
    await shorthand({ userId: 'user-1', messageId: 'msg-1', timestamp: time, ...fields });
    expect(itemsOf(emulator.requests[0] as never)).toMatchObject([{ action }]);
  });

  it('sends from enqueue without onResult what send sends, as each message was when enqueue returned', async () => {
    // Without onResult, enqueue maps without copying the user's data (borrowed-attributes.ts).
    const messages = (): SegmentMessage[] => [
      orderCompleted('msg-1', 'user-1', {
        address: { city: 'Lyon', since: '2024-06-01T10:00:00Z', lines: ['1 rue', { floor: 2 }] },
        tags: ['a', '2024-06-01'],
        at: '2024-06-01',
      }),
      {
        type: 'identify',
        userId: 'user-2',
        anonymousId: 'anon-2',
        traits: { plan: { tier: 'pro', seats: 3 } },
      },
      {
        type: 'page',
        userId: 'user-3',
        name: 'Home',
        properties: { url: 'https://example.com/', meta: { n: 1 } },
      },
      { type: 'group', userId: 'user-4', groupId: 'g-1', traits: { name: 'Acme', size: { people: 12 } } },
      orderCompleted('msg-5', 'user-5', { odd: { big: 12n, when: new Date(ms), nan: Number.NaN } }),
    ];
    const itemsSent = async (via: 'send' | 'enqueue') => {
      const { emulator, destination } = destinationWithEmulator({}, { onResult: undefined });
      const given = messages();
      if (via === 'send') await Promise.all(given.map((message) => destination.send(message)));
      else {
        for (const message of given) {
          await destination.enqueue(message);
          // Changed after enqueue returned: what is sent is what the message held then.
          const { properties, traits } = message as { properties?: object; traits?: object };
          const data = properties ?? traits ?? {};
          for (const value of Object.values(data))
            if (typeof value === 'object') Object.assign(value ?? {}, { x: 1 });
        }
        await destination.flush();
      }
      return emulator.requests.flatMap(itemsOf);
    };

    const sent = await itemsSent('send');
    expect(sent).toHaveLength(5);
    expect(sent[0]).toMatchObject({
      attributes: {
        address: { since: 1717236000, lines: ['1 rue', { floor: 2 }] },
        tags: ['a', '2024-06-01'],
      },
    });
    expect(await itemsSent('enqueue')).toStrictEqual(sent);
  });

  it('has typed shorthands for group and alias', async () => {
    const { emulator, destination } = destinationWithEmulator();
    await destination.group({ userId: 'user-1', groupId: 'acme', messageId: 'msg-1', timestamp: time });
    await destination.alias({ userId: 'user-1', previousId: 'old-1', messageId: 'msg-2', timestamp: time });
    expect(emulator.requests.flatMap(itemsOf)).toMatchObject([
      { type: 'object', action: 'identify' },
      { type: 'person', action: 'merge' },
    ]);
  });
});

describe('requests, through the loopback server', () => {
  it('sends the same batch over a real connection', async () => {
    const emulator = createTrackApiEmulator();
    await emulator.listen();
    try {
      const destination = createDestination(emulator.clientOptions());
      const results = await Promise.all([
        destination.send(orderCompleted('msg-1')),
        destination.send(orderCompleted('msg-2', 'user-2')),
      ]);
      await destination.close();

      expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered']);
      expect(requestLines(emulator)).toEqual(['200 POST /api/v2/batch']);
      expect(emulator.requests[0]?.body).toStrictEqual({
        batch: [eventBody('msg-1'), eventBody('msg-2', 'user-2')],
      });
    } finally {
      await emulator.close();
    }
  });
});
