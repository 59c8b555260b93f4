import { describe, expect, it } from 'vitest';
import { CustomerIoError, NetworkError, TimeoutError } from '../src/index.js';
import {
  createTestClient,
  euTrackUrl,
  localBaseUrl,
  type RecordedRequest,
  useTrackApiMock,
} from './support/track-api-mock.js';

const evilOrigin = 'https://evil.example.com';
const plainHttpUsOrigin = 'http://track.customer.io';
const api = useTrackApiMock([evilOrigin, plainHttpUsOrigin]);

const identifyOperation = 'PUT /api/v1/customers/{identifier}';
const body = { plan: 'pro' };

function identify(client = createTestClient(), signal?: AbortSignal) {
  return client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body,
    signal,
  });
}

function requestAt(index: number): RecordedRequest {
  const request = api.requests[index];
  if (!request) throw new Error(`no request #${index} was recorded`);
  return request;
}

describe('a request that gets no answer', () => {
  it('fails with NetworkError when the connection is reset', async () => {
    api.respondNext({ connectionReset: true });
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
  });

  it('fails with TimeoutError when the answer comes after timeoutMs', async () => {
    api.respondNext({ delayMs: 1000 });
    const failure = identify(createTestClient({ timeoutMs: 50 }));
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    await expect(failure).rejects.toMatchObject({
      code: 'timeout',
      timeoutMs: 50,
      operation: identifyOperation,
      request: { method: 'PUT', headers: { authorization: 'Basic [redacted]' } },
      message: `${identifyOperation} timed out after 50 ms`,
    });
  });

  it('succeeds when the answer comes within timeoutMs', async () => {
    api.respondNext({ delayMs: 20, json: {} });
    const { data } = await identify(createTestClient({ timeoutMs: 2000 }));
    expect(data).toEqual({});
  });

  it("rejects with the caller's own abort reason, not a TimeoutError", async () => {
    api.respondNext({ delayMs: 1000 });
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
  });
});

describe('redirects are followed with the same method and body', () => {
  it.each([301, 302, 307, 308])('%i from the US host to the EU host keeps authorization', async (status) => {
    api.respondNext({ status, headers: { Location: `${euTrackUrl}/api/v1/customers/user-42` } });
    const { data } = await identify();
    expect(data).toEqual({});
    expect(api.requests.map((request) => request.url)).toEqual([
      'https://track.customer.io/api/v1/customers/user-42',
      'https://track-eu.customer.io/api/v1/customers/user-42',
    ]);
    const [first, second] = [requestAt(0), requestAt(1)];
    expect(second.method).toBe('PUT');
    expect(second.rawBody).toBe(first.rawBody);
    expect(second.body).toEqual(body);
    expect(second.headers).toEqual(first.headers);
    expect(second.headers.authorization).toMatch(/^Basic /);
  });

  it('302 to another host is followed without authorization', async () => {
    api.respondNext({ status: 302, headers: { Location: `${evilOrigin}/collect` } });
    await identify();
    const { authorization, ...otherHeaders } = requestAt(0).headers;
    expect(authorization).toMatch(/^Basic /);
    expect(requestAt(1)).toMatchObject({ method: 'PUT', url: `${evilOrigin}/collect`, body });
    expect(requestAt(1).headers).toEqual(otherHeaders);
  });

  it('a redirect from https to plain http on the same host drops authorization', async () => {
    api.respondNext({ status: 307, headers: { Location: `${plainHttpUsOrigin}/api/v1/customers/user-42` } });
    await identify();
    expect(requestAt(1).url).toBe(`${plainHttpUsOrigin}/api/v1/customers/user-42`);
    expect(requestAt(1).headers.authorization).toBeUndefined();
  });

  it('a redirect within the same origin keeps authorization', async () => {
    api.respondNext({ status: 308, headers: { Location: '/moved/user-42' } });
    await identify(createTestClient({ baseUrl: localBaseUrl }));
    expect(requestAt(1)).toMatchObject({ method: 'PUT', url: `${localBaseUrl}/moved/user-42`, body });
    expect(requestAt(1).headers).toEqual(requestAt(0).headers);
  });

  it('a redirect loop fails with NetworkError after five redirects', async () => {
    api.respondWhen(() => true, { status: 307, headers: { Location: '/api/v1/customers/user-42' } });
    await expect(identify()).rejects.toMatchObject({
      name: 'NetworkError',
      message: `${identifyOperation} failed before Customer.io answered: more than 5 redirects`,
    });
    expect(api.requests).toHaveLength(6);
  });

  it('a redirect to a non-HTTP URL fails with NetworkError', async () => {
    api.respondNext({ status: 307, headers: { Location: 'ftp://track.customer.io/x' } });
    await expect(identify()).rejects.toMatchObject({
      name: 'NetworkError',
      message: `${identifyOperation} failed before Customer.io answered: redirected to a non-HTTP URL`,
    });
    expect(api.requests).toHaveLength(1);
  });

  it('a redirect status without Location is returned as the answer', async () => {
    api.respondNext({ status: 307 });
    const { response } = await identify();
    expect(response.status).toBe(307);
    expect(api.requests).toHaveLength(1);
  });

  it('a 303 is not followed', async () => {
    api.respondNext({ status: 303, headers: { Location: `${euTrackUrl}/elsewhere` } });
    const { response } = await identify();
    expect(response.status).toBe(303);
    expect(api.requests).toHaveLength(1);
  });
});
