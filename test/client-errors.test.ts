import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  apiErrorFrom,
  isCustomerIoError,
  parseErrorBody,
  type RequestSnapshot,
  unwrap,
} from '../src/index.js';
import { createTestClient, type ScriptedResponse, useTrackApiMock } from './support/track-api-mock.js';

const api = useTrackApiMock();
const client = createTestClient({ userAgent: 'error-tests/1.0' });

const identifyOperation = 'PUT /api/v1/customers/{identifier}';
const identifyRequest: RequestSnapshot = {
  method: 'PUT',
  url: 'https://track.customer.io/api/v1/customers/user-42',
  headers: {
    accept: 'application/json',
    authorization: 'Basic [redacted]',
    'content-type': 'application/json',
    'user-agent': 'error-tests/1.0',
  },
};

async function identifyAnswered(response: ScriptedResponse) {
  api.respondNext(response);
  return client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body: { plan: 'pro' },
  });
}

async function errorOf(response: ScriptedResponse): Promise<ApiError> {
  const result = await identifyAnswered(response);
  expect(() => unwrap(result)).toThrow(ApiError);
  return apiErrorFrom(result);
}

describe('apiErrorFrom and unwrap read every error shape Customer.io uses', () => {
  it('v1 `meta.error`', async () => {
    const error = await errorOf({ status: 400, json: { meta: { error: 'id attribute must be present' } } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(AuthError);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ApiError',
      code: 'api',
      status: 400,
      operation: identifyOperation,
      serverMessage: 'id attribute must be present',
      details: [{ message: 'id attribute must be present' }],
      request: identifyRequest,
      retryAfterMs: undefined,
    });
    expect(error.message).toBe(
      `Customer.io answered 400 to ${identifyOperation}: id attribute must be present`,
    );
  });

  it('v1 `meta.errors[]`', async () => {
    const error = await errorOf({ status: 400, json: { meta: { errors: ['a', 'b'] } } });
    expect(error.details).toEqual([{ message: 'a' }, { message: 'b' }]);
    expect(error.serverMessage).toBe('a; b');
  });

  it('v2 `errors[]` with reason, field and message', async () => {
    const error = await errorOf({
      status: 400,
      json: {
        errors: [
          { reason: 'invalid', field: 'identifiers', message: 'must name exactly one person' },
          { reason: 'required' },
        ],
      },
    });
    expect(error.details).toEqual([
      { reason: 'invalid', field: 'identifiers', message: 'must name exactly one person' },
      { reason: 'required', message: 'required' },
    ]);
    expect(error.serverMessage).toBe('identifiers: must name exactly one person (invalid); required');
  });

  it.each([
    ['plain text', { status: 500, text: '  Internal Server Error\n' }, 'Internal Server Error'],
    [
      'HTML',
      { status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
    ],
    ['JSON of an unknown shape', { status: 404, json: { oops: [1, 2] } }, '{"oops":[1,2]}'],
    [
      'JSON with an empty `meta.error`',
      { status: 422, json: { meta: { error: '' } } },
      '{"meta":{"error":""}}',
    ],
  ])('a %s body becomes the server message as it is', async (_, response, serverMessage) => {
    const error = await errorOf(response);
    expect(error.details).toEqual([]);
    expect(error.serverMessage).toBe(serverMessage);
    expect(error.message).toBe(
      `Customer.io answered ${response.status} to ${identifyOperation}: ${serverMessage}`,
    );
  });

  it('a long unrecognised body is cut to 500 characters', async () => {
    const error = await errorOf({ status: 503, text: `<html>${'x'.repeat(2000)}</html>` });
    expect(error.serverMessage).toBe(`<html>${'x'.repeat(494)}`);
  });

  it('an empty body leaves the server message empty', async () => {
    const error = await errorOf({ status: 503 });
    expect(error).toMatchObject({ status: 503, serverMessage: '', details: [] });
    expect(error.message).toBe(`Customer.io answered 503 to ${identifyOperation}`);
  });

  it('a 207 is a success for unwrap, and parseErrorBody names the failed items', async () => {
    const partialFailure = {
      errors: [{ batch_index: 1, reason: 'invalid', field: 'name', message: 'event name must not be blank' }],
    };
    api.respondNext({ status: 207, json: partialFailure });
    const result = await client.POST('/api/v2/batch', {
      body: { batch: [{ type: 'person', identifiers: { id: 'user-42' }, action: 'delete' }] },
    });
    expect(unwrap(result)).toEqual(partialFailure);
    expect(parseErrorBody(unwrap(result))).toEqual([
      { batchIndex: 1, reason: 'invalid', field: 'name', message: 'event name must not be blank' },
    ]);
  });

  it('unwrap returns the data of a 200', async () => {
    const result = await identifyAnswered({ json: {} });
    expect(unwrap(result)).toEqual({});
  });
});

describe('parseErrorBody on its own', () => {
  it.each([
    ['not an object', 'Bad Gateway', []],
    ['null', null, []],
    ['an array', [{ message: 'x' }], []],
    [
      '`meta.errors` with non-strings',
      { meta: { errors: ['a', 3, null, 'b'] } },
      [{ message: 'a' }, { message: 'b' }],
    ],
    ['v2 items that are not objects', { errors: ['x', { message: 'y' }] }, [{ message: 'y' }]],
    ['a non-integer batch_index', { errors: [{ message: 'y', batch_index: 1.5 }] }, [{ message: 'y' }]],
  ])('%s', (_, body, details) => {
    expect(parseErrorBody(body)).toEqual(details);
  });
});

describe('a 401 is an AuthError', () => {
  it('that says the credentials are wrong when the body is empty', async () => {
    const error = await errorOf({ status: 401 });
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(ApiError);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'auth',
      status: 401,
      operation: identifyOperation,
    });
    expect(error.serverMessage).toBe('');
    expect(error.message).toBe(
      `Customer.io answered 401 to ${identifyOperation} (the Site ID or API key is wrong, ` +
        'or the workspace is in the other region; see detectRegion())',
    );
  });

  it('that still says so when Customer.io explains itself', async () => {
    const error = await errorOf({ status: 401, json: { meta: { error: 'Unauthorized request' } } });
    expect(error).toBeInstanceOf(AuthError);
    expect(error.serverMessage).toBe('Unauthorized request');
    expect(error.message).toBe(
      `Customer.io answered 401 to ${identifyOperation}: Unauthorized request (the Site ID or API key ` +
        'is wrong, or the workspace is in the other region; see detectRegion())',
    );
  });

  it('that unwrap throws', async () => {
    const result = await identifyAnswered({ status: 401 });
    expect(() => unwrap(result)).toThrow(AuthError);
  });
});

describe('retryAfterMs comes from the Retry-After header', () => {
  it('in seconds', async () => {
    const error = await errorOf({ status: 429, headers: { 'Retry-After': '3' } });
    expect(error.retryAfterMs).toBe(3000);
  });

  it('as an HTTP date', async () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const error = await errorOf({ status: 503, headers: { 'Retry-After': inOneMinute } });
    expect(error.retryAfterMs).toBeGreaterThan(58_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('and is undefined when the header is malformed', async () => {
    const error = await errorOf({ status: 429, headers: { 'Retry-After': 'soon' } });
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe('the operation names the path template', () => {
  it.each([
    [
      'DELETE /api/v1/customers/{identifier}/devices/{device_id}',
      () =>
        client.DELETE('/api/v1/customers/{identifier}/devices/{device_id}', {
          params: { path: { identifier: 'a/b', device_id: 'c' } },
        }),
    ],
    [
      'POST /api/v2/entity',
      () =>
        client.POST('/api/v2/entity', {
          body: { type: 'person', identifiers: { id: 'x' }, action: 'delete' },
        }),
    ],
    [
      'POST /unsubscribe/{delivery_id}',
      () =>
        client.POST('/unsubscribe/{delivery_id}', {
          params: { path: { delivery_id: 'd' } },
          body: { unsubscribe: true },
        }),
    ],
  ])('%s', async (operation, send) => {
    api.respondNext({ status: 400, json: { meta: { error: 'no' } } });
    expect(apiErrorFrom(await send())).toMatchObject({ operation, status: 400 });
  });

  it('falls back on the path for a response the client did not make', () => {
    const error = apiErrorFrom({
      error: { meta: { error: 'no' } },
      response: new Response(null, { status: 400 }),
    });
    expect(error).toMatchObject({ status: 400, operation: '/', serverMessage: 'no', request: undefined });
  });
});
