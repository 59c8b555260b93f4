import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackClient, detectRegion, trackApiUrls, unwrap } from '../src/index.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { mswHandlers } from '../src/testing/msw.js';
import { identifyOp, transports, useEmulator } from './support/emulator-harness.js';

const ulid1 = '01HGW2N7EHJ1K9ZT2Q3R4S5T6V';
const ulid2 = '01HGW2N7EHJ1K9ZT2Q3R4S5T6W';

describe.each(transports)('every operation is accepted and applied, through %s', (transport) => {
  const api = useEmulator(transport);
  const person = (id: string) => ({ params: { path: { identifier: id } } });

  it('identifyPerson: the path names the person by id, email or cio_id; `_timestamp` orders updates', async () => {
    const { client, emulator } = api;
    expect(
      unwrap(
        await client.PUT('/api/v1/customers/{identifier}', { ...person('a/b c'), body: { plan: 'pro' } }),
      ),
    ).toEqual({});
    await client.PUT('/api/v1/customers/{identifier}', { ...person('ada@example.com'), body: { seats: 3 } });
    const byId = emulator.workspace.person({ id: 'a/b c' });
    expect(byId?.attributes).toMatchObject({ plan: 'pro' });
    expect(emulator.workspace.person({ email: 'ada@example.com' })?.attributes).toMatchObject({ seats: 3 });

    const cioId = byId?.cioId as string;
    await client.PUT('/api/v1/customers/{identifier}', {
      ...person(`cio_${cioId}`),
      body: { plan: 'team', _timestamp: 4_000_000_200 },
    });
    await client.PUT('/api/v1/customers/{identifier}', {
      ...person(`cio_${cioId}`),
      body: { plan: 'old', _timestamp: 4_000_000_100 },
    });
    // The second update is older than the first: `_timestamp` reached the workspace as `timestamp`.
    expect(emulator.workspace.person({ cio_id: cioId })?.attributes).toMatchObject({ plan: 'team' });
    expect(emulator.workspace.people()).toHaveLength(2);
    expect(emulator.requests.map((request) => request.params.identifier)).toEqual([
      'a/b c',
      'ada@example.com',
      `cio_${cioId}`,
      `cio_${cioId}`,
    ]);
  });

  it('deletePerson, suppressPerson and unsuppressPerson', async () => {
    const { client, emulator } = api;
    await client.PUT('/api/v1/customers/{identifier}', { ...person('u1'), body: {} });
    await client.PUT('/api/v1/customers/{identifier}', { ...person('u2'), body: {} });
    unwrap(await client.DELETE('/api/v1/customers/{identifier}', person('u1')));
    unwrap(await client.POST('/api/v1/customers/{identifier}/suppress', person('u2')));
    expect(emulator.workspace.people()).toEqual([]);
    expect(emulator.workspace.deletedPeople()).toEqual([{ id: 'u1' }, { id: 'u2' }]);
    expect(emulator.workspace.suppressedPeople()).toContainEqual({ id: 'u2' });
    unwrap(await client.POST('/api/v1/customers/{identifier}/unsuppress', person('u2')));
    expect(emulator.workspace.suppressedPeople()).toEqual([]);
  });

  it('addDevice (the v1 `id` is the token) and deleteDevice', async () => {
    const { client, emulator } = api;
    await client.PUT('/api/v1/customers/{identifier}', { ...person('u1'), body: {} });
    unwrap(
      await client.PUT('/api/v1/customers/{identifier}/devices', {
        ...person('u1'),
        body: {
          device: {
            id: 'tok/1',
            platform: 'ios',
            last_used: 1_700_000_000,
            attributes: { app_version: '2.4.1' },
          },
        },
      }),
    );
    expect(emulator.workspace.person({ id: 'u1' })?.devices).toEqual([
      { token: 'tok/1', platform: 'ios', lastUsed: 1_700_000_000, attributes: { app_version: '2.4.1' } },
    ]);
    unwrap(
      await client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
        params: { path: { identifier: 'u1', device_id: 'tok/1' } },
      }),
    );
    expect(emulator.workspace.person({ id: 'u1' })?.devices).toEqual([]);
    expect(emulator.requests.at(-1)?.params).toEqual({ identifier: 'u1', device_id: 'tok/1' });
  });

  it('trackEvent: events, page views and screen views, v1 `data` stored as the event data', async () => {
    const { client, emulator } = api;
    await client.PUT('/api/v1/customers/{identifier}', { ...person('u1'), body: {} });
    const events = '/api/v1/customers/{identifier}/events' as const;
    await client.POST(events, {
      ...person('u1'),
      body: { name: 'Order Completed', id: ulid1, timestamp: 1_700_000_000, data: { total: 42 } },
    });
    await client.POST(events, {
      ...person('u1'),
      body: { name: 'https://example.com/', type: 'page', data: { title: 'Home' } },
    });
    await client.POST(events, {
      ...person('u1'),
      body: { name: 'Settings', type: 'screen', anonymous_id: 'anon-1' },
    });
    // The same dedupe id again is accepted and ignored.
    unwrap(await client.POST(events, { ...person('u1'), body: { name: 'Order Completed', id: ulid1 } }));
    const stored = emulator.workspace.person({ id: 'u1' })?.events ?? [];
    expect(stored.map(({ type, name, data }) => ({ type, name, data }))).toEqual([
      { type: 'event', name: 'Order Completed', data: { total: 42 } },
      { type: 'page', name: 'https://example.com/', data: { title: 'Home' } },
      { type: 'screen', name: 'Settings', data: {} },
    ]);
    expect(stored[0]).toMatchObject({ dedupeId: ulid1, timestamp: 1_700_000_000 });
  });

  it('trackAnonymousEvent is stored under its anonymous id', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/api/v1/events', {
        body: {
          anonymous_id: 'anon-1',
          name: 'Video Played',
          type: 'page',
          id: ulid2,
          data: { video: 'intro' },
        },
      }),
    );
    expect(emulator.workspace.anonymousEvents('anon-1')).toMatchObject([
      {
        type: 'page',
        name: 'Video Played',
        data: { video: 'intro' },
        anonymousId: 'anon-1',
        dedupeId: ulid2,
      },
    ]);
  });

  it('mergePeople merges the secondary into the primary', async () => {
    const { client, emulator } = api;
    await client.PUT('/api/v1/customers/{identifier}', { ...person('u1'), body: { plan: 'pro' } });
    await client.PUT('/api/v1/customers/{identifier}', { ...person('ada@example.com'), body: { seats: 3 } });
    unwrap(
      await client.POST('/api/v1/merge_customers', {
        body: { primary: { id: 'u1' }, secondary: { email: 'ada@example.com' } },
      }),
    );
    expect(emulator.workspace.people()).toHaveLength(1);
    expect(emulator.workspace.person({ id: 'u1' })?.attributes).toMatchObject({ plan: 'pro', seats: 3 });
  });

  it('reportMetric and unsubscribe need no credentials', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/api/v1/metrics', {
        body: {
          delivery_id: 'dlv-1',
          metric: 'bounced',
          timestamp: 1_700_000_000,
          recipient: 'ada@example.com',
          reason: 'full',
        },
      }),
    );
    unwrap(
      await client.POST('/unsubscribe/{delivery_id}', {
        params: { path: { delivery_id: 'dlv-2' } },
        body: { unsubscribe: true },
      }),
    );
    unwrap(
      await client.POST('/unsubscribe/{delivery_id}', {
        params: { path: { delivery_id: 'dlv-3' } },
        body: { unsubscribe: false },
      }),
    );
    expect(emulator.workspace.metrics()).toEqual([
      {
        deliveryId: 'dlv-1',
        metric: 'bounced',
        timestamp: 1_700_000_000,
        channel: 'email',
        data: { recipient: 'ada@example.com', reason: 'full' },
      },
    ]);
    expect(emulator.workspace.unsubscribedDeliveries()).toEqual(['dlv-2']);
    expect(emulator.requests.map((request) => request.headers.authorization)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('identifyPerson relates the person to objects through cio_relationships, and unrelates them', async () => {
    const { client, emulator } = api;
    const acme = { object_type_id: '1', object_id: 'acme' };
    unwrap(
      await client.PUT('/api/v1/customers/{identifier}', {
        ...person('u1'),
        body: {
          plan: 'pro',
          cio_relationships: {
            action: 'add_relationships',
            relationships: [{ identifiers: acme, relationship_attributes: { role: 'admin' } }],
          },
        },
      }),
    );
    const { cioId } = emulator.workspace.person({ id: 'u1' }) ?? {};
    // The relationships are no attribute: only `plan` is stored on the person.
    expect(emulator.workspace.person({ id: 'u1' })?.attributes).toEqual({ plan: 'pro' });
    expect(emulator.workspace.relationships()).toEqual([
      { object: { objectTypeId: '1', objectId: 'acme' }, person: { cioId }, attributes: { role: 'admin' } },
    ]);

    unwrap(
      await client.PUT('/api/v1/customers/{identifier}', {
        ...person('u1'),
        body: {
          cio_relationships: { action: 'delete_relationships', relationships: [{ identifiers: acme }] },
        },
      }),
    );
    expect(emulator.workspace.relationships()).toEqual([]);
    expect(emulator.workspace.objects()).toEqual([{ objectTypeId: '1', objectId: 'acme', attributes: {} }]);
  });

  it('trackEvent takes a screen view of a known person with or without an anonymous_id', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/api/v1/customers/{identifier}/events', {
        ...person('u1'),
        body: { name: 'Home', type: 'screen', timestamp: 1_700_000_000 },
      }),
    );
    unwrap(
      await client.POST('/api/v1/customers/{identifier}/events', {
        ...person('u1'),
        body: { name: 'Cart', type: 'screen', anonymous_id: 'anon-1', timestamp: 1_700_000_001 },
      }),
    );
    expect(emulator.workspace.person({ id: 'u1' })?.events).toEqual([
      { type: 'screen', name: 'Home', data: {}, timestamp: 1_700_000_000 },
      { type: 'screen', name: 'Cart', data: {}, timestamp: 1_700_000_001 },
    ]);
  });

  it('reportPushMetric records a push metric without credentials; a body naming nothing records nothing', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/api/v1/push/events', {
        body: { delivery_id: 'dlv-1', event: 'delivered', device_id: 'tok-1', timestamp: 1_700_000_000 },
      }),
    );
    unwrap(await client.POST('/api/v1/push/events', { body: {} }));
    unwrap(await client.POST('/api/v1/push/events', { body: { device_id: 'tok-1' } }));
    expect(emulator.workspace.metrics()).toEqual([
      {
        deliveryId: 'dlv-1',
        metric: 'delivered',
        timestamp: 1_700_000_000,
        channel: 'push',
        data: { device_token: 'tok-1' },
      },
    ]);
    expect(
      emulator.requests.map(({ headers, status, applied }) => [headers.authorization, status, applied]),
    ).toEqual([
      [undefined, 200, true],
      [undefined, 200, false],
      [undefined, 200, false],
    ]);
  });

  it('submitForm records the submission and identifies the person by its email or id', async () => {
    const { client, emulator } = api;
    unwrap(await client.PUT('/api/v1/customers/{identifier}', { ...person('u1'), body: { plan: 'pro' } }));
    unwrap(
      await client.POST('/api/v1/forms/{form_id}/submit', {
        params: { path: { form_id: 'news/letter' } },
        body: { data: { email: 'ada@example.com', first_name: 'Ada', form_url: 'https://example.com/f' } },
      }),
    );
    unwrap(
      await client.POST('/api/v1/forms/{form_id}/submit', {
        params: { path: { form_id: 'survey' } },
        body: { data: { id: 'u1', plan: 'team' } },
      }),
    );
    const ada = emulator.workspace.person({ email: 'ada@example.com' });
    // Created as an identify would, the reserved `form_url` ignored.
    expect(ada?.attributes).toEqual({ email: 'ada@example.com', first_name: 'Ada' });
    expect(emulator.workspace.person({ id: 'u1' })?.attributes).toEqual({ plan: 'team' });
    expect(emulator.workspace.formSubmissions()).toEqual([
      {
        formId: 'news/letter',
        fields: { email: 'ada@example.com', first_name: 'Ada' },
        timestamp: expect.any(Number),
        cioId: ada?.cioId,
      },
      {
        formId: 'survey',
        fields: { id: 'u1', plan: 'team' },
        timestamp: expect.any(Number),
        cioId: emulator.workspace.person({ id: 'u1' })?.cioId,
      },
    ]);
    expect(emulator.workspace.formSubmissions('survey')).toHaveLength(1);
    expect(emulator.requests[1]).toMatchObject({
      path: '/api/v1/forms/news%2Fletter/submit',
      params: { form_id: 'news/letter' },
      operation: 'submitForm',
    });
  });

  it('addPeopleToSegment and removePeopleFromSegment change a manual segment, by the id_type named', async () => {
    const { client, emulator } = api;
    for (const [id, email] of [
      ['u1', 'ada@example.com'],
      ['u2', 'bob@example.com'],
    ] as const) {
      unwrap(await client.PUT('/api/v1/customers/{identifier}', { ...person(id), body: { email } }));
    }
    const segment = (id_type?: 'id' | 'email' | 'cio_id') => ({
      params: { path: { segment_id: 42 }, ...(id_type === undefined ? {} : { query: { id_type } }) },
    });
    unwrap(
      await client.POST('/api/v1/segments/{segment_id}/add_customers', {
        ...segment(),
        body: { ids: ['u1'] },
      }),
    );
    unwrap(
      await client.POST('/api/v1/segments/{segment_id}/add_customers', {
        ...segment('email'),
        body: { ids: ['BOB@example.com', 'u1'] },
      }),
    );
    const [ada, bob] = emulator.workspace.people();
    expect(emulator.workspace.segment(42)?.members).toEqual([
      { cioId: ada?.cioId, id: 'u1', email: 'ada@example.com' },
      { cioId: bob?.cioId, id: 'u2', email: 'bob@example.com' },
    ]);
    unwrap(
      await client.POST('/api/v1/segments/{segment_id}/remove_customers', {
        ...segment('cio_id'),
        body: { ids: [ada?.cioId as string] },
      }),
    );
    expect(emulator.workspace.segments()).toEqual([
      { segmentId: 42, members: [{ cioId: bob?.cioId, id: 'u2', email: 'bob@example.com' }] },
    ]);
    expect(emulator.requests.slice(-2).map(({ path, query }) => [path, query])).toEqual([
      ['/api/v1/segments/42/add_customers', { id_type: 'email' }],
      ['/api/v1/segments/42/remove_customers', { id_type: 'cio_id' }],
    ]);
  });

  it('unsubscribe without the flag unsubscribes, as the endpoint does', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/unsubscribe/{delivery_id}', {
        params: { path: { delivery_id: 'dlv-4' } },
        body: {},
      }),
    );
    expect(emulator.workspace.unsubscribedDeliveries()).toEqual(['dlv-4']);
  });

  it('sendEntity relates an object to the visitor identify_anonymous names at its root', async () => {
    const { client, emulator } = api;
    unwrap(
      await client.POST('/api/v2/entity', {
        body: {
          type: 'object',
          identifiers: { object_type_id: '1', object_id: 'acme' },
          action: 'identify_anonymous',
          anonymous_id: 'anon-abc-123',
        },
      }),
    );
    expect(emulator.workspace.relationships()).toEqual([
      {
        object: { objectTypeId: '1', objectId: 'acme' },
        person: { anonymousId: 'anon-abc-123' },
        attributes: {},
      },
    ]);
    unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u5', { anonymous_id: 'anon-abc-123' }) }));
    expect(emulator.workspace.relationships()).toMatchObject([
      { person: { cioId: emulator.workspace.person({ id: 'u5' })?.cioId } },
    ]);
  });

  it('sendEntity applies people, objects and deliveries', async () => {
    const { client, emulator } = api;
    unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u1', { plan: 'pro' }) }));
    unwrap(
      await client.POST('/api/v2/entity', {
        body: {
          type: 'object',
          identifiers: { object_type_id: '1', object_id: 'acme' },
          action: 'identify',
          attributes: { name: 'Acme' },
          cio_relationships: [{ identifiers: { id: 'u1' } }],
        },
      }),
    );
    unwrap(
      await client.POST('/api/v2/entity', {
        body: {
          type: 'delivery',
          identifiers: { id: 'dlv-9' },
          action: 'event',
          name: 'opened',
          attributes: { device_token: 't1' },
        },
      }),
    );
    expect(emulator.workspace.object({ objectTypeId: '1', objectId: 'acme' })?.attributes).toEqual({
      name: 'Acme',
    });
    expect(emulator.workspace.relationships()).toHaveLength(1);
    expect(emulator.workspace.metrics()).toMatchObject([
      { deliveryId: 'dlv-9', metric: 'opened', channel: 'push' },
    ]);
  });

  it('sendEntity records viewed and clicked content under the anonymous id, merged into the person who takes it', async () => {
    const { client, emulator } = api;
    const content = {
      identifiers: { anonymous_id: 'anon-7' },
      timestamp: 1_700_000_000,
      attributes: { contentId: 7 },
    };
    unwrap(
      await client.POST('/api/v2/entity', {
        body: { type: 'person', action: 'viewed_content', name: 'viewed_content', ...content },
      }),
    );
    unwrap(
      await client.POST('/api/v2/entity', {
        body: { type: 'person', action: 'clicked_content', name: 'clicked_content', ...content },
      }),
    );
    const recorded = [
      {
        type: 'viewed_content',
        name: 'viewed_content',
        data: { contentId: 7 },
        timestamp: 1_700_000_000,
        anonymousId: 'anon-7',
      },
      {
        type: 'clicked_content',
        name: 'clicked_content',
        data: { contentId: 7 },
        timestamp: 1_700_000_000,
        anonymousId: 'anon-7',
      },
    ];
    expect(emulator.workspace.anonymousEvents('anon-7')).toEqual(recorded);
    unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u7', { anonymous_id: 'anon-7' }) }));
    expect(emulator.workspace.person({ id: 'u7' })?.events).toEqual(recorded);
    expect(emulator.workspace.anonymousEvents('anon-7')).toEqual([]);

    const refused = await client.POST('/api/v2/entity', {
      // The name must be the action: a content operation says one thing.
      body: {
        type: 'person',
        identifiers: { anonymous_id: 'anon-7' },
        action: 'viewed_content',
        name: 'clicked_content',
      } as never,
    });
    expect(refused.response.status).toBe(400);
  });

  it("sendEntity keeps an object's anonymous_id attribute, and takes one on delete_relationships", async () => {
    const { client, emulator } = api;
    unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u1') }));
    const acme = { object_type_id: '1', object_id: 'acme' };
    unwrap(
      await client.POST('/api/v2/entity', {
        body: {
          type: 'object',
          identifiers: acme,
          action: 'identify',
          attributes: { name: 'Acme', anonymous_id: 'anon-1' },
          cio_relationships: [{ identifiers: { id: 'u1' } }],
        },
      }),
    );
    unwrap(
      await client.POST('/api/v2/entity', {
        body: {
          type: 'object',
          identifiers: acme,
          action: 'delete_relationships',
          attributes: { anonymous_id: 'anon-1' },
          cio_relationships: [{ identifiers: { id: 'u1' } }],
        },
      }),
    );
    expect(emulator.workspace.object({ objectTypeId: '1', objectId: 'acme' })?.attributes).toEqual({
      name: 'Acme',
      anonymous_id: 'anon-1',
    });
    expect(emulator.workspace.relationships()).toEqual([]);
  });

  it('sendBatch applies every item, of mixed types, and answers 200 {}', async () => {
    const { client, emulator } = api;
    const result = await client.POST('/api/v2/batch', {
      body: {
        batch: [
          identifyOp('u1', { plan: 'pro' }),
          { type: 'person', identifiers: { id: 'u1' }, action: 'event', name: 'Signed Up', id: ulid1 },
          {
            type: 'person',
            identifiers: { id: 'u1' },
            action: 'add_device',
            device: { token: 't1', platform: 'android' },
          },
          { type: 'object', identifiers: { object_type_id: '2', object_id: 'team-1' }, action: 'identify' },
          {
            type: 'person',
            identifiers: { anonymous_id: 'anon-9' },
            action: 'page',
            name: 'https://example.com/',
          },
        ],
      },
    });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({});
    const stored = emulator.workspace.person({ id: 'u1' });
    expect(stored?.events.map((event) => event.name)).toEqual(['Signed Up']);
    expect(stored?.devices.map((device) => device.token)).toEqual(['t1']);
    expect(emulator.workspace.objects()).toHaveLength(1);
    expect(emulator.workspace.anonymousEvents('anon-9')).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ operation: 'sendBatch', status: 200, applied: true });
  });

  it('getRegion answers the workspace region', async () => {
    const info = unwrap(await api.client.GET('/api/v1/accounts/region'));
    expect(info).toEqual({ url: trackApiUrls.us, region: 'us', environment_id: 1 });
    expect(api.emulator.workspace.people()).toEqual([]);
  });

  it('answers every request as JSON', async () => {
    const answer = await api.raw('POST', '/api/v2/entity', { body: identifyOp('u1') });
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json).toEqual({});
  });
});

describe('msw handlers answer both regions and a custom base URL with a path prefix', () => {
  const emulator = createTrackApiEmulator({ baseUrl: 'https://proxy.example.com/cio/', region: 'eu' });
  const server = setupServer(...mswHandlers(emulator));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('applies requests to one workspace, whichever host they reach', async () => {
    const credentials = emulator.credentials;
    const hosts = [
      createTrackClient({ ...credentials }),
      createTrackClient({ ...credentials, region: 'eu' }),
      createTrackClient({ ...credentials, baseUrl: 'https://proxy.example.com/cio' }),
    ];
    for (const [index, client] of hosts.entries()) {
      unwrap(await client.POST('/api/v2/entity', { body: identifyOp(`u${index}`) }));
    }
    expect(emulator.workspace.people().map((stored) => stored.id)).toEqual(['u0', 'u1', 'u2']);
    expect(emulator.requests.map((request) => request.path)).toEqual([
      '/api/v2/entity',
      '/api/v2/entity',
      '/cio/api/v2/entity',
    ]);
    expect(emulator.clientOptions().baseUrl).toBe('https://proxy.example.com/cio');
  });

  it('reports the configured region, which detectRegion reads', async () => {
    await expect(detectRegion({ ...emulator.credentials })).resolves.toBe('eu');
  });
});
