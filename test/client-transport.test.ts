import { describe, expect, it } from 'vitest';
import { CustomerIoError, NetworkError, TimeoutError } from '../src/index.js';
import type { EmulatedRequest } from '../src/testing/index.js';
import {
  createTestClient,
  euTrackUrl,
  localBaseUrl,
  type ScriptedRequest,
  useTrackApi,
  usTrackUrl,
} from './support/track-api-mock.js';

const evilOrigin = 'https://evil.example.com';
const plainHttpUsOrigin = 'http://track.customer.io';
const api = useTrackApi({ baseUrl: localBaseUrl });

const identifyOperation = 'PUT /api/v1/customers/{identifier}';
const body = { plan: 'pro' };

function identify(client = createTestClient(), signal?: AbortSignal) {
  return client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body,
    signal,
  });
}

function scriptedAt(index: number): ScriptedRequest {
  const request = api.scripted[index];
  if (!request) throw new Error(`no request #${index} took a scripted answer`);
  return request;
}

function emulatedAt(index: number): EmulatedRequest {
  const request = api.emulator.requests[index];
  if (!request) throw new Error(`the emulator received no request #${index}`);
  return request;
}

describe('a request that gets no answer', () => {
  it('fails with NetworkError when the connection is reset', async () => {
    api.emulate({ faults: { schedule: [{ reset: true }] } });
    const failure = identify();
    await expect(failure).rejects.toBeInstanceOf(NetworkError);
    await expect(failure).rejects.toMatchObject({
      code: 'network',
      operation: identifyOperation,
      request: {
        method: 'PUT',
        url: 'https://track.customer.io/api/v1/customers/user-42',
        headers: { authorization: 'Basic [redacted]' },
      },
      message: `${identifyOperation} failed before Customer.io answered: Failed to fetch`,
    });
    expect(emulatedAt(0)).toMatchObject({ fault: { reset: true }, status: undefined, applied: false });
  });

  it('fails with TimeoutError when the answer comes after timeoutMs', async () => {
    api.emulate({ faults: { schedule: [{ delayMs: 1000 }] } });
    const failure = identify(createTestClient({ timeoutMs: 50 }));
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    await expect(failure).rejects.toMatchObject({
      code: 'timeout',
      timeoutMs: 50,
      operation: identifyOperation,
      request: { method: 'PUT', headers: { authorization: 'Basic [redacted]' } },
      message: `${identifyOperation} timed out after 50 ms`,
    });
    expect(emulatedAt(0)).toMatchObject({ status: undefined, applied: false });
  });

  it('succeeds when the answer comes within timeoutMs', async () => {
    api.emulate({ faults: { schedule: [{ delayMs: 20 }] } });
    const { data } = await identify(createTestClient({ timeoutMs: 2000 }));
    expect(data).toEqual({});
    expect(api.emulator.workspace.person({ id: 'user-42' })?.attributes).toEqual(body);
  });

  it("rejects with the caller's own abort reason, not a TimeoutError", async () => {
    api.emulate({ faults: { schedule: [{ delayMs: 1000 }] } });
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const failure = identify(createTestClient({ timeoutMs: 5000 }), controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await expect(failure).rejects.toBe(reason);
  });

  it('rejects with an AbortError when the caller aborts without a reason', async () => {
    const failure = identify(createTestClient(), AbortSignal.abort());
    const error = await failure.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error).not.toBeInstanceOf(CustomerIoError);
    expect(api.emulator.requests).toEqual([]);
  });
});

describe('once an exchange is over', () => {
  it('aborts the signal it was sent with, so that what fetch keeps for it can go', async () => {
    const sent: Request[] = [];
    const client = createTestClient({
      fetch: (request: Request) => {
        sent.push(request);
        expect(request.signal.aborted).toBe(false);
        return Promise.resolve(Response.json({}));
      },
    });
    const { data } = await identify(client);
    expect(data).toEqual({});
    expect(sent).toHaveLength(1);
    expect(sent[0]?.signal.aborted).toBe(true);
    expect(sent[0]?.signal.reason).toMatchObject({ name: 'AbortError', message: 'The exchange is over' });
  });
});

describe('what fetch is given', () => {
  it('is the request as the caller made it, its body read once, with redirects left to the client', async () => {
    const sent: { request: Request; bodyText: string }[] = [];
    const client = createTestClient({
      fetch: async (request: Request) => {
        sent.push({ request, bodyText: await request.text() });
        return Response.json({});
      },
    });
    await client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'user-42' } },
      body,
      cache: 'no-store',
      keepalive: true,
    });

    expect(sent).toHaveLength(1);
    const [{ request, bodyText }] = sent as [(typeof sent)[number]];
    expect(request).toMatchObject({
      method: 'PUT',
      url: 'https://track.customer.io/api/v1/customers/user-42',
      redirect: 'manual',
      cache: 'no-store',
      keepalive: true,
    });
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(bodyText).toBe(JSON.stringify(body));
  });
});

describe('redirects are followed with the same method and body', () => {
  it.each([301, 302, 307, 308])('%i from the US host to the EU host keeps authorization', async (status) => {
    api.answerNext({ status, headers: { Location: `${euTrackUrl}/api/v1/customers/user-42` } });
    const { data } = await identify();
    expect(data).toEqual({});
    expect(api.scripted.map((request) => request.url)).toEqual([`${usTrackUrl}/api/v1/customers/user-42`]);
    expect(api.emulator.requests.map((request) => request.url)).toEqual([
      `${euTrackUrl}/api/v1/customers/user-42`,
    ]);
    const [redirected, followed] = [scriptedAt(0), emulatedAt(0)];
    // The EU host accepting it (200, not 401) shows the credentials arrived intact.
    expect(followed).toMatchObject({ method: 'PUT', status: 200 });
    expect(followed.bodyText).toBe(redirected.bodyText);
    expect(followed.body).toEqual(body);
    expect(followed.headers).toEqual(redirected.headers);
    expect(followed.headers.authorization).toBe('Basic [redacted]');
  });

  it('302 to another host is followed without authorization', async () => {
    api.answerNext({ status: 302, headers: { Location: `${evilOrigin}/collect` } }, { json: {} });
    await identify();
    const { authorization, ...otherHeaders } = scriptedAt(0).headers;
    expect(authorization).toBe('Basic [redacted]');
    expect(scriptedAt(1)).toMatchObject({ method: 'PUT', url: `${evilOrigin}/collect`, body });
    expect(scriptedAt(1).headers).toEqual(otherHeaders);
  });

  it('a redirect from https to plain http on the same host drops authorization', async () => {
    api.answerNext(
      { status: 307, headers: { Location: `${plainHttpUsOrigin}/api/v1/customers/user-42` } },
      { json: {} },
    );
    await identify();
    expect(scriptedAt(1).url).toBe(`${plainHttpUsOrigin}/api/v1/customers/user-42`);
    expect(scriptedAt(1).headers.authorization).toBeUndefined();
  });

  it('a redirect within the same origin keeps authorization', async () => {
    // A base URL that moved: the old path redirects to where the emulator answers.
    api.answerNext({ status: 308, headers: { Location: '/api/v1/customers/user-42' } });
    const { data } = await identify(createTestClient({ baseUrl: `${localBaseUrl}/old` }));
    expect(data).toEqual({});
    expect(scriptedAt(0).url).toBe(`${localBaseUrl}/old/api/v1/customers/user-42`);
    expect(emulatedAt(0)).toMatchObject({
      method: 'PUT',
      url: `${localBaseUrl}/api/v1/customers/user-42`,
      body,
      status: 200,
    });
    expect(emulatedAt(0).headers).toEqual(scriptedAt(0).headers);
  });

  it('a redirect loop fails with NetworkError after five redirects', async () => {
    const toItself = { status: 307, headers: { Location: '/api/v1/customers/user-42' } };
    api.answerNext(...Array.from({ length: 10 }, () => toItself));
    await expect(identify()).rejects.toMatchObject({
      name: 'NetworkError',
      message: `${identifyOperation} failed before Customer.io answered: more than 5 redirects`,
    });
    expect(api.scripted).toHaveLength(6);
    expect(api.emulator.requests).toEqual([]);
  });

  it('a redirect to a non-HTTP URL fails with NetworkError', async () => {
    api.answerNext({ status: 307, headers: { Location: 'ftp://track.customer.io/x' } });
    await expect(identify()).rejects.toMatchObject({
      name: 'NetworkError',
      message: `${identifyOperation} failed before Customer.io answered: redirected to a non-HTTP URL`,
    });
    expect(api.scripted).toHaveLength(1);
    expect(api.emulator.requests).toEqual([]);
  });

  it('a redirect status without Location is returned as the answer', async () => {
    api.answerNext({ status: 307 });
    const { response } = await identify();
    expect(response.status).toBe(307);
    expect(api.scripted).toHaveLength(1);
    expect(api.emulator.requests).toEqual([]);
  });

  it('a 303 is not followed', async () => {
    api.answerNext({ status: 303, headers: { Location: `${euTrackUrl}/elsewhere` } });
    const { response } = await identify();
    expect(response.status).toBe(303);
    expect(api.scripted).toHaveLength(1);
    expect(api.emulator.requests).toEqual([]);
  });
});
