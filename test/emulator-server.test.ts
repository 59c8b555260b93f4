import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, createTrackClient, NetworkError, TimeoutError, unwrap } from '../src/index.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { identifyOp, useEmulator } from './support/emulator-harness.js';

const listeningServers = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('listen() and close()', () => {
  it('listens on 127.0.0.1 and a free port by default, and serves the typed client', async () => {
    const emulator = createTrackApiEmulator();
    const { url } = await emulator.listen();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.url).toBe(url);
      expect(emulator.clientOptions()).toEqual({ ...emulator.credentials, baseUrl: url });
      const client = createTrackClient({ ...emulator.credentials, baseUrl: url });
      expect(unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u1') }))).toEqual({});
      expect(emulator.workspace.person({ id: 'u1' })).toBeDefined();
    } finally {
      await emulator.close();
    }
    expect(emulator.url).toBeUndefined();
  });

  it('accepts localhost and other loopback addresses', async () => {
    const emulator = createTrackApiEmulator();
    for (const host of ['localhost', '127.0.0.2']) {
      const { url } = await emulator.listen({ host });
      expect(url).toMatch(/^http:\/\/(127\.0\.0\.\d|\[::1\]):\d+$/);
      const client = createTrackClient(emulator.clientOptions());
      expect((await client.GET('/api/v1/accounts/region')).response.status).toBe(200);
      await emulator.close();
    }
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', '10.0.0.1'])(
    'refuses to listen on %s',
    async (host) => {
      const emulator = createTrackApiEmulator();
      await expect(emulator.listen({ host })).rejects.toThrow(/only listens on loopback addresses/);
      expect(emulator.url).toBeUndefined();
    },
  );

  it('refuses to listen twice, and listens again after close()', async () => {
    const emulator = createTrackApiEmulator();
    await emulator.close();
    await emulator.listen();
    await expect(emulator.listen()).rejects.toThrow(/already listening/);
    await emulator.close();
    const { url } = await emulator.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await emulator.close();
  });

  it('closes at once with an idle keep-alive connection open, and leaves no open handle', async () => {
    // Handles of servers closed by earlier tests go away asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const servers = listeningServers();
    const emulator = createTrackApiEmulator();
    const { url } = await emulator.listen();
    expect(listeningServers()).toBe(servers + 1);
    const agent = new Agent({ keepAlive: true });
    let socket: Socket | undefined;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const outgoing = httpRequest(`${url}/api/v1/metrics`, { method: 'POST', agent }, (incoming) => {
        incoming.resume();
        incoming.on('end', () => resolve(incoming.statusCode));
      });
      outgoing.on('socket', (opened) => {
        socket = opened;
      });
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ delivery_id: 'd1', metric: 'opened' }));
    });
    expect(status).toBe(200);
    // The connection stays open for the next request; a plain server.close() would wait for it.
    expect(socket?.destroyed).toBe(false);

    const started = performance.now();
    await emulator.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await vi.waitFor(() => expect(socket?.destroyed).toBe(true));
    await vi.waitFor(() => expect(listeningServers()).toBe(servers));
    await expect(fetch(`${url}/api/v1/accounts/region`)).rejects.toThrow();
    agent.destroy();
  });

  it('closes while an answer is delayed: the connection drops and no timer is left', async () => {
    const emulator = createTrackApiEmulator({ faults: { schedule: [{ delayMs: 60_000 }] } });
    const { url } = await emulator.listen();
    const beforeTimers = timers();
    const pending = new Promise<unknown>((resolve) => {
      const outgoing = httpRequest(`${url}/api/v1/metrics`, { method: 'POST' }, () => resolve('answered'));
      outgoing.on('error', resolve);
      outgoing.end(JSON.stringify({ delivery_id: 'd1', metric: 'opened' }));
    });
    while (emulator.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeGreaterThan(beforeTimers);
    await emulator.close();
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(beforeTimers);
    expect(emulator.workspace.metrics()).toEqual([]);
    expect(emulator.requests[0]?.status).toBeUndefined();
  });
});

describe('two clients, 50 parallel requests, over the loopback server', () => {
  const api = useEmulator('loopback');

  it('logs and applies every one', async () => {
    const clients = ['client-a', 'client-b'].map((userAgent) => api.clientWith({ userAgent }));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        (clients[index % 2] ?? api.client).POST('/api/v2/entity', {
          body: identifyOp(`u${index}`, { n: index }),
        }),
      ),
    );
    expect(results.map((result) => result.response.status)).toEqual(Array(50).fill(200));
    expect(api.emulator.requests).toHaveLength(50);
    expect(
      api.emulator.requests.filter((request) => request.headers['user-agent'] === 'client-a'),
    ).toHaveLength(25);
    expect(api.emulator.workspace.people()).toHaveLength(50);
    for (let index = 0; index < 50; index++) {
      expect(api.emulator.workspace.person({ id: `u${index}` })?.attributes).toEqual({ n: index });
    }
  });
});

describe('the request log', () => {
  let clock = 1_700_000_000_123;
  const api = useEmulator('loopback', { now: () => clock });

  it('records each request parsed, with its answer and no credential', async () => {
    await api.client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'ada@example.com' } },
      body: { plan: 'pro' },
    });
    clock += 5;
    await api.raw('GET', '/nowhere');
    const [identify, unknown] = api.emulator.requests;
    expect(identify).toEqual({
      method: 'PUT',
      url: `${api.baseUrl}/api/v1/customers/ada%40example.com`,
      path: '/api/v1/customers/ada%40example.com',
      operation: 'identifyPerson',
      params: { identifier: 'ada@example.com' },
      query: {},
      headers: expect.objectContaining({
        authorization: 'Basic [redacted]',
        'content-type': 'application/json',
      }),
      body: { plan: 'pro' },
      bodyText: '{"plan":"pro"}',
      receivedAt: 1_700_000_000_123,
      status: 200,
      response: {},
      fault: undefined,
      applied: true,
    });
    expect(unknown).toMatchObject({
      operation: undefined,
      status: 404,
      receivedAt: 1_700_000_000_128,
      applied: false,
    });
    const logged = JSON.stringify(api.emulator.requests);
    const { siteId, apiKey } = api.emulator.credentials;
    expect(logged).not.toContain(apiKey);
    expect(logged).not.toContain(Buffer.from(`${siteId}:${apiKey}`).toString('base64'));
  });

  it('is emptied by reset(), with the workspace', async () => {
    await api.client.POST('/api/v2/entity', { body: identifyOp('u1') });
    expect(api.emulator.requests).toHaveLength(1);
    api.emulator.reset();
    expect(api.emulator.requests).toHaveLength(0);
    expect(api.emulator.workspace.people()).toEqual([]);
  });
});

describe('emulator.fetch: no msw, no sockets', () => {
  it('serves the typed client and behaves as fetch on dropped and slow answers', async () => {
    const emulator = createTrackApiEmulator({
      faults: { schedule: [null, { reset: true }, { delayMs: 200 }] },
    });
    const client = createTrackClient({ ...emulator.clientOptions(), fetch: emulator.fetch, timeoutMs: 50 });
    expect(unwrap(await client.POST('/api/v2/entity', { body: identifyOp('u1') }))).toEqual({});
    await expect(client.POST('/api/v2/entity', { body: identifyOp('u2') })).rejects.toBeInstanceOf(
      NetworkError,
    );
    await expect(client.POST('/api/v2/entity', { body: identifyOp('u3') })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['u1']);
  });
});

describe('emulator options', () => {
  it.each([
    [{ rateLimit: 0 }, 'rateLimit'],
    [{ rateLimit: 2.5 }, 'rateLimit'],
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ baseUrl: 'ftp://example.com' }, 'baseUrl'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ apiKey: '' }, 'apiKey'],
    [{ region: 'ap' as 'us' }, 'region'],
  ])('refuses %j', (options, option) => {
    expect(() => createTrackApiEmulator(options)).toThrow(ConfigError);
    expect(() => createTrackApiEmulator(options)).toThrow(option);
  });
});
