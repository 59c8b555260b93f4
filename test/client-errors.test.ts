/**
 * Typed errors from the answers the Track API gives, produced by the emulator's own validation,
 * credentials check and faults. Bodies it never sends are in client-error-bodies.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  AuthError,
  apiErrorFrom,
  type FetchResult,
  isCustomerIoError,
  parseErrorBody,
  type RequestSnapshot,
  unwrap,
} from '../src/index.js';
import { createTestClient, useTrackApi } from './support/track-api-mock.js';

const api = useTrackApi();
const userAgent = 'error-tests/1.0';
const client = createTestClient({ userAgent });

const identifyOperation = 'PUT /api/v1/customers/{identifier}';
const identifyRequest: RequestSnapshot = {
  method: 'PUT',
  url: 'https://track.customer.io/api/v1/customers/user-42',
  headers: {
    accept: 'application/json',
    authorization: 'Basic [redacted]',
    'content-type': 'application/json',
    'user-agent': userAgent,
  },
};

/** One byte over Customer.io's limit for an attribute value. */
const tooLong = 'x'.repeat(1001);
const tooLongMessage = (name: string) => `value for attribute '${name}' cannot be longer than 1000 bytes`;

function identify(attributes: Record<string, string> = { plan: 'pro' }, sender = client) {
  return sender.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body: attributes,
  });
}

function errorOf(result: FetchResult<unknown>): ApiError {
  expect(() => unwrap(result)).toThrow(ApiError);
  return apiErrorFrom(result);
}

describe('apiErrorFrom and unwrap read the error shapes the Track API answers with', () => {
  it('v1 `meta.error`, for one problem', async () => {
    const error = errorOf(await identify({ plan: tooLong }));
    expect(api.emulator.requests[0]?.response).toEqual({ meta: { error: tooLongMessage('plan') } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(AuthError);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ApiError',
      code: 'api',
      status: 400,
      operation: identifyOperation,
      serverMessage: tooLongMessage('plan'),
      details: [{ message: tooLongMessage('plan') }],
      request: identifyRequest,
      retryAfterMs: undefined,
    });
    expect(error.message).toBe(`Customer.io answered 400 to ${identifyOperation}: ${tooLongMessage('plan')}`);
  });

  it('v1 `meta.errors[]`, for several', async () => {
    const error = errorOf(await identify({ plan: tooLong, note: tooLong }));
    expect(api.emulator.requests[0]?.response).toEqual({
      meta: { errors: [tooLongMessage('plan'), tooLongMessage('note')] },
    });
    expect(error.details).toEqual([{ message: tooLongMessage('plan') }, { message: tooLongMessage('note') }]);
    expect(error.serverMessage).toBe(`${tooLongMessage('plan')}; ${tooLongMessage('note')}`);
  });

  it('v2 `errors[]` with reason, field and message', async () => {
    const result = await client.POST('/api/v2/entity', {
      body: {
        type: 'person',
        identifiers: { id: 'user-42' },
        action: 'identify',
        attributes: { plan: tooLong, note: tooLong },
      },
    });
    const error = errorOf(result);
    expect(error.details).toEqual([
      { reason: 'too_long', field: 'attributes.plan', message: tooLongMessage('plan') },
      { reason: 'too_long', field: 'attributes.note', message: tooLongMessage('note') },
    ]);
    expect(error.serverMessage).toBe(
      `attributes.plan: ${tooLongMessage('plan')} (too_long); attributes.note: ${tooLongMessage('note')} (too_long)`,
    );
  });

  it('a 207 is a success for unwrap, and parseErrorBody names the failed items', async () => {
    const result = await client.POST('/api/v2/batch', {
      body: {
        batch: [
          { type: 'person', identifiers: { id: 'user-42' }, action: 'delete' },
          { type: 'person', identifiers: { id: 'user-42' }, action: 'event', name: ' ' },
        ],
      },
    });
    expect(result.response.status).toBe(207);
    expect(unwrap(result)).toEqual({
      errors: [{ batch_index: 1, reason: 'blank', field: 'name', message: 'event name must not be blank' }],
    });
    expect(parseErrorBody(unwrap(result))).toEqual([
      { batchIndex: 1, reason: 'blank', field: 'name', message: 'event name must not be blank' },
    ]);
  });

  it('unwrap returns the data of a 200', async () => {
    expect(unwrap(await identify())).toEqual({});
    expect(api.emulator.workspace.person({ id: 'user-42' })?.attributes).toEqual({ plan: 'pro' });
  });
});

describe('a 401 is an AuthError', () => {
  const wrongKeyClient = createTestClient({ userAgent, apiKey: 'wrongkey000000000000' });

  it('that says the credentials are wrong when the body is empty', async () => {
    const error = errorOf(await identify({ plan: 'pro' }, wrongKeyClient));
    expect(api.emulator.requests[0]).toMatchObject({ status: 401, response: undefined, applied: false });
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(ApiError);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'auth',
      status: 401,
      operation: identifyOperation,
      request: identifyRequest,
    });
    expect(error.serverMessage).toBe('');
    expect(error.message).toBe(
      `Customer.io answered 401 to ${identifyOperation} (the Site ID or API key is wrong, ` +
        'or the workspace is in the other region; see detectRegion())',
    );
  });

  it('that unwrap throws', async () => {
    const result = await identify({ plan: 'pro' }, wrongKeyClient);
    expect(() => unwrap(result)).toThrow(AuthError);
  });
});

describe('retryAfterMs comes from the Retry-After header', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('in seconds', async () => {
    api.emulate({ faults: { schedule: [{ status: 429, retryAfter: 3 }] } });
    const error = errorOf(await identify());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000 });
  });

  it('as an HTTP date', async () => {
    // One frozen clock for the emulator and the client: the emulator dates its answer at the next
    // whole second plus one, 1.75 s after this instant.
    const clock = 1_700_000_000_250;
    vi.useFakeTimers({ toFake: ['Date'], now: clock });
    api.emulate({ now: () => clock, faults: { schedule: [{ status: 429, retryAfter: 'date' }] } });
    const error = errorOf(await identify());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1750 });
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
    [
      'POST /api/v1/segments/{segment_id}/add_customers',
      () =>
        client.POST('/api/v1/segments/{segment_id}/add_customers', {
          params: { path: { segment_id: 7 }, query: { id_type: 'email' } },
          body: { ids: ['ada@example.com'] },
        }),
    ],
    [
      'POST /api/v1/forms/{form_id}/submit',
      () =>
        client.POST('/api/v1/forms/{form_id}/submit', {
          params: { path: { form_id: 'a/b' } },
          body: { data: { id: 'u1' } },
        }),
    ],
    ['POST /api/v1/push/events', () => client.POST('/api/v1/push/events', { body: {} })],
  ])('%s', async (operation, send) => {
    api.emulate({ faults: { schedule: [{ status: 503 }] } });
    expect(apiErrorFrom(await send())).toMatchObject({ operation, status: 503 });
  });

  it('falls back on the path for a response the client did not make', () => {
    const error = apiErrorFrom({
      error: { meta: { error: 'no' } },
      response: new Response(null, { status: 400 }),
    });
    expect(error).toMatchObject({ status: 400, operation: '/', serverMessage: 'no', request: undefined });
  });
});
