/**
 * Error bodies the Track API is not known to send, answered by a script: whatever a proxy, a load
 * balancer or a future API version puts in front of the client still becomes a useful ApiError.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, apiErrorFrom, parseErrorBody, unwrap } from '../src/index.js';
import { createTestClient, type ScriptedAnswer, useTrackApi } from './support/track-api-mock.js';

const api = useTrackApi();
const client = createTestClient({ userAgent: 'error-tests/1.0' });
const identifyOperation = 'PUT /api/v1/customers/{identifier}';

async function errorOf(answer: ScriptedAnswer): Promise<ApiError> {
  api.answerNext(answer);
  const result = await client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body: { plan: 'pro' },
  });
  expect(() => unwrap(result)).toThrow(ApiError);
  return apiErrorFrom(result);
}

describe('apiErrorFrom reads bodies of no shape the Track API uses', () => {
  it('v2 `errors[]` items without field or message', async () => {
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
  ])('a %s body becomes the server message as it is', async (_, answer, serverMessage) => {
    const error = await errorOf(answer);
    expect(error.details).toEqual([]);
    expect(error.serverMessage).toBe(serverMessage);
    expect(error.message).toBe(
      `Customer.io answered ${answer.status} to ${identifyOperation}: ${serverMessage}`,
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

  it('a 401 that explains itself is still an AuthError that says what to check', async () => {
    const error = await errorOf({ status: 401, json: { meta: { error: 'Unauthorized request' } } });
    expect(error).toBeInstanceOf(AuthError);
    expect(error.serverMessage).toBe('Unauthorized request');
    expect(error.message).toBe(
      `Customer.io answered 401 to ${identifyOperation}: Unauthorized request (the Site ID or API key ` +
        'is wrong, or the workspace is in the other region; see detectRegion())',
    );
  });

  it('a malformed Retry-After leaves retryAfterMs undefined', async () => {
    const error = await errorOf({ status: 429, headers: { 'Retry-After': 'soon' } });
    expect(error.retryAfterMs).toBeUndefined();
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
