import { describe, expect, it } from 'vitest';
import { AuthError, apiErrorFrom, createTrackClient } from '../src/index.js';
import { createTrackApiEmulator, defaultEmulatorCredentials } from '../src/testing/index.js';
import { basicAuth, identifyOp, transports, useEmulator } from './support/emulator-harness.js';

describe.each(transports)('credentials, through %s', (transport) => {
  const api = useEmulator(transport);

  it('accepts its documented default credentials, a 20-character key', () => {
    expect(api.emulator.credentials).toEqual({ siteId: 'emulator-site-id', apiKey: 'emulatorapikey000000' });
    expect(defaultEmulatorCredentials.apiKey).toHaveLength(20);
  });

  it.each([
    ['a wrong API key', { auth: { siteId: 'emulator-site-id', apiKey: 'wrongkey000000000000' } }],
    ['a wrong Site ID', { auth: { siteId: 'other-site', apiKey: 'emulatorapikey000000' } }],
    ['no credentials', { auth: false as const }],
    ['a Bearer token', { auth: false as const, headers: { authorization: 'Bearer emulatorapikey000000' } }],
    ['broken base64', { auth: false as const, headers: { authorization: 'Basic %%%' } }],
  ])('answers 401 with no body, and applies nothing, for %s', async (_, init) => {
    const answer = await api.raw('POST', '/api/v2/entity', { ...init, body: identifyOp('u1') });
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
    expect(api.emulator.workspace.people()).toEqual([]);
    expect(api.emulator.requests[0]).toMatchObject({ status: 401, response: undefined, applied: false });
  });

  it('gives the typed client an AuthError', async () => {
    const client = api.clientWith({ apiKey: 'wrongkey000000000000' });
    const error = apiErrorFrom(await client.POST('/api/v2/entity', { body: identifyOp('u1') }));
    expect(error).toBeInstanceOf(AuthError);
  });

  it('needs no credentials for metrics and unsubscribe, whatever is sent', async () => {
    const metric = { delivery_id: 'd1', metric: 'opened' };
    expect((await api.raw('POST', '/api/v1/metrics', { auth: false, body: metric })).status).toBe(200);
    const wrong = { siteId: 'x', apiKey: 'y' };
    expect(
      (await api.raw('POST', '/unsubscribe/d1', { auth: wrong, body: { unsubscribe: true } })).status,
    ).toBe(200);
    expect(api.emulator.workspace.unsubscribedDeliveries()).toEqual(['d1']);
  });
});

describe('custom credentials', () => {
  const api = useEmulator('msw', {
    siteId: 'site-42',
    apiKey: 'f00dfacecafebeef0123456789abcdef0123456789abcdeffeedc0ffee987654',
  });

  it('accepts them and no others', async () => {
    expect((await api.client.POST('/api/v2/entity', { body: identifyOp('u1') })).response.status).toBe(200);
    const defaults = { ...defaultEmulatorCredentials };
    expect((await api.raw('POST', '/api/v2/entity', { auth: defaults, body: identifyOp('u2') })).status).toBe(
      401,
    );
    expect(api.emulator.clientOptions()).toMatchObject({ siteId: 'site-42' });
  });

  it('takes an API key containing a colon after the first one', async () => {
    const emulator = createTrackApiEmulator({ apiKey: 'a:b' });
    const request = (authorization: string) =>
      emulator.fetch(
        new Request('https://track.customer.io/api/v1/accounts/region', { headers: { authorization } }),
      );
    expect((await request(basicAuth('emulator-site-id', 'a:b'))).status).toBe(200);
    expect((await request(basicAuth('emulator-site-id', 'a'))).status).toBe(401);
  });

  it('refuses a Site ID with a colon', () => {
    expect(() => createTrackApiEmulator({ siteId: 'a:b' })).toThrow(/siteId/);
  });
});

describe.each(transports)(
  'rate limit over a sliding second, with an injected clock, through %s',
  (transport) => {
    let clock = 1_700_000_000_000;
    const api = useEmulator(transport, { rateLimit: 3, now: () => clock });
    const send = (id: string) => api.raw('POST', '/api/v2/entity', { body: identifyOp(id) });

    it('accepts the limit, then answers 429 with Retry-After: 1 and applies nothing', async () => {
      const start = 1_700_000_000_000;
      for (const [index, id] of ['a', 'b', 'c'].entries()) {
        clock = start + index * 100;
        expect((await send(id)).status).toBe(200);
      }
      clock = start + 999;
      const refused = await send('d');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.json).toEqual({
        errors: [{ reason: 'rate_limited', field: '', message: 'too many requests; slow down' }],
      });
      expect(api.emulator.workspace.person({ id: 'd' })).toBeUndefined();

      // The window slides: one second after the first acceptance, one more fits.
      clock = start + 1000;
      expect((await send('d')).status).toBe(200);
      expect((await send('e')).status).toBe(429);
      expect(api.emulator.requests.map((request) => request.status)).toEqual([200, 200, 200, 429, 200, 429]);
    });

    it('counts only requests accepted for processing: refusals and 401s do not fill the window', async () => {
      clock = 1_800_000_000_000;
      expect((await api.raw('POST', '/api/v2/entity', { auth: false, body: identifyOp('x') })).status).toBe(
        401,
      );
      for (const id of ['a', 'b', 'c']) expect((await send(id)).status).toBe(200);
      for (let attempt = 0; attempt < 5; attempt++) expect((await send('late')).status).toBe(429);
      clock += 1000;
      for (const id of ['d', 'e', 'f']) expect((await send(id)).status).toBe(200);
    });

    it('counts invalid requests, which were accepted for processing', async () => {
      clock = 1_900_000_000_000;
      for (let index = 0; index < 3; index++) expect((await send('')).status).toBe(400);
      expect((await send('a')).status).toBe(429);
    });

    it('is restarted by reset()', async () => {
      clock = 2_000_000_000_000;
      for (const id of ['a', 'b', 'c']) await send(id);
      expect((await send('d')).status).toBe(429);
      api.emulator.reset();
      expect((await send('d')).status).toBe(200);
    });

    it('applies to the unauthenticated endpoints too', async () => {
      clock = 2_100_000_000_000;
      const client = createTrackClient(api.emulator.clientOptions());
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) {
        const { response } = await client.POST('/api/v1/metrics', {
          body: { delivery_id: `d${index}`, metric: 'opened' },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(api.emulator.workspace.metrics()).toHaveLength(3);
    });
  },
);
