import { describe, expect, it } from 'vitest';
import { ConfigError, NetworkError, parseRetryAfter, TimeoutError, unwrap } from '../src/index.js';
import { createTrackApiEmulator, type FaultOptions, type FaultSpec } from '../src/testing/index.js';
import { type EmulatorHarness, identifyOp, transports, withEmulator } from './support/emulator-harness.js';

const ulid = '01HGW2N7EHJ1K9ZT2Q3R4S5T6V';

/** What a request came to: its status, or `reset` when the connection dropped. */
async function outcome(harness: EmulatorHarness, id: string): Promise<number | 'reset'> {
  try {
    return (await harness.raw('POST', '/api/v2/entity', { body: identifyOp(id) })).status;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return 'reset';
  }
}

async function outcomes(harness: EmulatorHarness, count: number): Promise<Array<number | 'reset'>> {
  const seen: Array<number | 'reset'> = [];
  for (let index = 0; index < count; index++) seen.push(await outcome(harness, `u${index}`));
  return seen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(transports)('faults, through %s', (transport) => {
  it('follows the schedule, position by position, and applies nothing it faults', async () => {
    const schedule = [null, { status: 503 }, { status: 500 }, { status: 502 }, { status: 504 }] as const;
    await withEmulator(transport, { faults: { schedule } }, async (api) => {
      expect(await outcomes(api, 7)).toEqual([200, 503, 500, 502, 504, 200, 200]);
      expect(api.emulator.workspace.people().map((person) => person.id)).toEqual(['u0', 'u5', 'u6']);
      expect(api.emulator.requests.map((request) => request.fault)).toEqual([
        undefined,
        ...schedule.slice(1),
        undefined,
        undefined,
      ]);
      expect(api.emulator.requests[1]?.response).toEqual({
        errors: [{ reason: 'service_unavailable', field: '', message: 'Service Unavailable' }],
      });
    });
  });

  it('repeats the schedule when told to', async () => {
    await withEmulator(
      transport,
      { faults: { schedule: [{ status: 503 }, null], repeat: true } },
      async (api) => {
        expect(await outcomes(api, 5)).toEqual([503, 200, 503, 200, 503]);
      },
    );
  });

  it('throttles with Retry-After in seconds, or as an HTTP-date', async () => {
    const clock = 1_700_000_000_250;
    const faults = {
      schedule: [
        { status: 429, retryAfter: 7 },
        { status: 429, retryAfter: 'date' },
      ] as FaultSpec[],
    };
    await withEmulator(transport, { faults, now: () => clock }, async (api) => {
      const seconds = await api.raw('POST', '/api/v2/entity', { body: identifyOp('a') });
      expect(seconds.status).toBe(429);
      expect(seconds.headers.get('retry-after')).toBe('7');
      const dated = await api.raw('POST', '/api/v1/customers/a', { body: {} });
      expect(dated.status).toBe(429);
      expect(dated.headers.get('retry-after')).toBe('Tue, 14 Nov 2023 22:13:22 GMT');
      expect(parseRetryAfter(dated.headers.get('retry-after'), clock)).toBe(1750);
      expect(dated.json).toEqual({ meta: { error: 'too many requests; slow down' } });
      expect(api.emulator.workspace.people()).toEqual([]);
    });
  });

  it('resets the connection: the typed client sees a NetworkError', async () => {
    await withEmulator(transport, { faults: { schedule: [{ reset: true }] } }, async (api) => {
      await expect(api.client.POST('/api/v2/entity', { body: identifyOp('a') })).rejects.toBeInstanceOf(
        NetworkError,
      );
      expect(api.emulator.requests[0]).toMatchObject({
        status: undefined,
        fault: { reset: true },
        applied: false,
      });
      expect(unwrap(await api.client.POST('/api/v2/entity', { body: identifyOp('a') }))).toEqual({});
    });
  });

  it('delays past the client timeout: nothing is applied when the client gave up first', async () => {
    await withEmulator(transport, { faults: { schedule: [{ delayMs: 300 }] } }, async (api) => {
      const client = api.clientWith({ timeoutMs: 50 });
      await expect(client.POST('/api/v2/entity', { body: identifyOp('slow') })).rejects.toBeInstanceOf(
        TimeoutError,
      );
      await sleep(400);
      expect(api.emulator.workspace.people()).toEqual([]);
      expect(api.emulator.requests[0]).toMatchObject({
        status: undefined,
        fault: { delayMs: 300 },
        applied: false,
      });
    });
  });

  it('delays within the client timeout: the request is then processed as usual', async () => {
    await withEmulator(transport, { faults: { schedule: [{ delayMs: 80 }] } }, async (api) => {
      const started = performance.now();
      expect(unwrap(await api.client.POST('/api/v2/entity', { body: identifyOp('slow') }))).toEqual({});
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
      expect(api.emulator.workspace.person({ id: 'slow' })).toBeDefined();
    });
  });

  it('applied faults: the request is applied, then its answer is lost', async () => {
    const schedule: FaultSpec[] = [
      { status: 503, applied: true },
      { reset: true, applied: true },
      { delayMs: 300, applied: true },
    ];
    await withEmulator(transport, { faults: { schedule } }, async (api) => {
      const event = {
        type: 'person',
        identifiers: { id: 'u1' },
        action: 'event',
        name: 'Paid',
        id: ulid,
      } as const;
      await api.client.POST('/api/v2/entity', { body: identifyOp('u1') }).then((result) => {
        expect(result.response.status).toBe(503);
      });
      await expect(api.client.POST('/api/v2/entity', { body: event })).rejects.toBeInstanceOf(NetworkError);
      const impatient = api.clientWith({ timeoutMs: 50 });
      await expect(impatient.POST('/api/v2/entity', { body: event })).rejects.toBeInstanceOf(TimeoutError);
      // The retry a client makes after a lost answer: the dedupe id keeps the event single.
      expect(unwrap(await api.client.POST('/api/v2/entity', { body: event }))).toEqual({});

      expect(api.emulator.workspace.person({ id: 'u1' })?.events.map((stored) => stored.name)).toEqual([
        'Paid',
      ]);
      expect(api.emulator.requests.map(({ status, applied }) => ({ status, applied }))).toEqual([
        { status: 503, applied: true },
        { status: undefined, applied: true },
        { status: undefined, applied: true },
        { status: 200, applied: true },
      ]);
    });
  });

  it('draws faults from a seeded generator: the same seed gives the same sequence', async () => {
    const kinds: FaultSpec[] = [{ status: 500 }, { status: 503 }, { reset: true }];
    const run = (seed: number) =>
      withEmulator(transport, { faults: { seed, probability: 0.4, kinds } }, (api) => outcomes(api, 30));
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(5);
    expect(new Set(first)).toEqual(new Set([200, 500, 503, 'reset']));
  });
});

describe('fault options', () => {
  it('strikes only the requests `only` accepts, and counts only those', async () => {
    await withEmulator(
      'msw',
      { faults: { schedule: [{ status: 503 }], only: (request) => request.operation === 'sendBatch' } },
      async (api) => {
        expect((await api.raw('POST', '/api/v2/entity', { body: identifyOp('a') })).status).toBe(200);
        expect((await api.raw('POST', '/api/v2/batch', { body: { batch: [identifyOp('b')] } })).status).toBe(
          503,
        );
        expect((await api.raw('POST', '/api/v2/batch', { body: { batch: [identifyOp('b')] } })).status).toBe(
          200,
        );
      },
    );
  });

  it('strike manual segments, forms and push metrics like any operation, before or after applying', async () => {
    const only = (request: { operation: string | undefined }) =>
      request.operation === 'addPeopleToSegment' || request.operation === 'submitForm';
    const faults = { schedule: [{ status: 503 }, { status: 500, applied: true }] as FaultSpec[], only };
    await withEmulator('msw', { faults }, async (api) => {
      await api.raw('PUT', '/api/v1/customers/u1', { body: {} });
      const segment = await api.raw('POST', '/api/v1/segments/7/add_customers', { body: { ids: ['u1'] } });
      const form = await api.raw('POST', '/api/v1/forms/f1/submit', { body: { data: { id: 'u2' } } });
      const push = await api.raw('POST', '/api/v1/push/events', { auth: false, body: {} });
      expect([segment.status, form.status, push.status]).toEqual([503, 500, 200]);
      // The segment request was refused whole; the form was applied and only its answer lost.
      expect(api.emulator.workspace.segment(7)).toBeUndefined();
      expect(api.emulator.workspace.formSubmissions()).toHaveLength(1);
      expect(
        api.emulator.requests.map(({ operation, fault, applied }) => [operation, fault, applied]),
      ).toEqual([
        ['identifyPerson', undefined, true],
        ['addPeopleToSegment', { status: 503 }, false],
        ['submitForm', { status: 500, applied: true }, true],
        ['reportPushMetric', undefined, false],
      ]);
    });
  });

  it('restarts the schedule and the generator on reset()', async () => {
    const faults = {
      seed: 3,
      probability: 0.5,
      kinds: [{ status: 500 }] as FaultSpec[],
      schedule: [{ status: 503 }] as FaultSpec[],
    };
    await withEmulator('msw', { faults }, async (api) => {
      const first = await outcomes(api, 12);
      api.emulator.reset();
      expect(await outcomes(api, 12)).toEqual(first);
      expect(first[0]).toBe(503);
    });
  });

  it('probability 1 faults every request, 0 none', async () => {
    await withEmulator('msw', { faults: { probability: 1, kinds: [{ status: 502 }] } }, async (api) => {
      expect(await outcomes(api, 4)).toEqual([502, 502, 502, 502]);
    });
    await withEmulator('msw', { faults: { probability: 0 } }, async (api) => {
      expect(await outcomes(api, 4)).toEqual([200, 200, 200, 200]);
    });
  });

  it('adds latencyMs to every answer', async () => {
    await withEmulator('loopback', { latencyMs: 60 }, async (api) => {
      const started = performance.now();
      expect(await outcome(api, 'a')).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });
  });

  it.each<[FaultOptions, string]>([
    [{ probability: 2 }, 'faults.probability'],
    [{ seed: 1.5 }, 'faults.seed'],
    [{ kinds: [] }, 'faults.kinds'],
    [{ schedule: [{ status: 418 } as unknown as FaultSpec] }, 'faults.schedule[0]'],
    [{ schedule: [null, { delayMs: -1 }] }, 'faults.schedule[1]'],
    [{ kinds: [{ status: 429, retryAfter: 1.5 }] }, 'faults.kinds[0]'],
  ])('refuses %j, naming %s', (faults, option) => {
    expect(() => createTrackApiEmulator({ faults })).toThrow(ConfigError);
    expect(() => createTrackApiEmulator({ faults })).toThrow(option);
  });
});
