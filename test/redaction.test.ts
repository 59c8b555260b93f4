import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  apiErrorFrom,
  ConfigError,
  type CustomerIoError,
  createTrackClient,
  InvalidRequestError,
  NetworkError,
  TimeoutError,
  type TrackClientOptions,
} from '../src/index.js';
import {
  createTestClient,
  type ScriptedAnswer,
  testApiKey,
  testApiKey64,
  testSiteId,
  useTrackApi,
} from './support/track-api-mock.js';

const api = useTrackApi();

const base64 = (text: string) => Buffer.from(text).toString('base64');
const secretsOf = (apiKey: string) => [apiKey, base64(`${testSiteId}:${apiKey}`)];

function everyRendering(error: Error): Record<string, string> {
  return {
    'String(error)': String(error),
    'error.stack': error.stack ?? '',
    'JSON.stringify(error)': JSON.stringify(error),
    'util.inspect(error)': inspect(error, { depth: 10 }),
  };
}

function expectNoSecrets(error: Error, secrets: string[]): void {
  for (const [rendering, text] of Object.entries(everyRendering(error))) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${rendering} shows a secret`).toBe(false);
    }
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<CustomerIoError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: CustomerIoError) => error,
  );
}

function configErrorOf(options: Partial<TrackClientOptions>): ConfigError {
  try {
    createTrackClient({ siteId: testSiteId, apiKey: testApiKey, ...options } as TrackClientOptions);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}

/** The ApiError of an identify with these attributes, answered by the emulator or by a script. */
async function apiErrorFor(
  apiKey: string,
  attributes: Record<string, string>,
  answer?: ScriptedAnswer,
): Promise<ApiError> {
  if (answer) api.answerNext(answer);
  const client = createTestClient({ apiKey });
  return apiErrorFrom(
    await client.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier: 'user-42' } },
      body: attributes,
    }),
  );
}

/** A key of the same form the emulator accepts instead, so that it refuses `apiKey`. */
const otherKeyLike = (apiKey: string) => '0'.repeat(apiKey.length);

describe.each([
  ['20-character', testApiKey],
  ['64-character', testApiKey64],
])('with a %s key, no error ever shows the key or the Basic credentials', (_, apiKey) => {
  const secrets = secretsOf(apiKey);
  const client = createTestClient({ apiKey });
  const identify = (identifier = 'user-42', timeoutClient = client) =>
    timeoutClient.PUT('/api/v1/customers/{identifier}', {
      params: { path: { identifier } },
      body: { plan: 'pro' },
    });

  it('ConfigError', () => {
    const errors = [
      configErrorOf({ apiKey: `${apiKey}x` }),
      configErrorOf({ apiKey: apiKey.slice(1) }),
      configErrorOf({ apiKey, siteId: 'site:42' }),
      configErrorOf({ apiKey, baseUrl: `https://${testSiteId}:${apiKey}@example.com` }),
      configErrorOf({ apiKey, baseUrl: `http://example.com/${apiKey}` }),
    ];
    for (const error of errors) expectNoSecrets(error, [...secrets, apiKey.slice(1), `${apiKey}x`]);
  });

  it('ApiError', async () => {
    api.emulate({ apiKey });
    // An attribute value one byte over Customer.io's limit: a v1 400 with `meta.error`.
    const error = await apiErrorFor(apiKey, { plan: 'x'.repeat(1001) });
    expect(error).toMatchObject({
      status: 400,
      serverMessage: "value for attribute 'plan' cannot be longer than 1000 bytes",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.request?.headers.authorization).toBe('Basic [redacted]');
    expectNoSecrets(error, secrets);
  });

  it('AuthError', async () => {
    api.emulate({ apiKey: otherKeyLike(apiKey) });
    const error = await apiErrorFor(apiKey, { plan: 'pro' });
    expect(error).toBeInstanceOf(AuthError);
    expectNoSecrets(error, secrets);
  });

  it('NetworkError', async () => {
    api.emulate({ apiKey, faults: { schedule: [{ reset: true }] } });
    const error = await rejectionOf(identify());
    expect(error).toBeInstanceOf(NetworkError);
    expectNoSecrets(error, secrets);
  });

  it('TimeoutError', async () => {
    api.emulate({ apiKey, faults: { schedule: [{ delayMs: 1000 }] } });
    const error = await rejectionOf(identify('user-42', createTestClient({ apiKey, timeoutMs: 50 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoSecrets(error, secrets);
  });

  it('InvalidRequestError', async () => {
    const error = await rejectionOf(identify('..'));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expectNoSecrets(error, secrets);
  });
});

// The Track API never echoes credentials; a script plays a server that does.
describe('a server that echoes the credentials back has them redacted', () => {
  const [apiKey, credentials] = secretsOf(testApiKey64) as [string, string];

  it.each([
    ['v1 meta.error', { meta: { error: `key ${apiKey} is not valid` } }, 'key [redacted] is not valid'],
    ['v1 meta.errors', { meta: { errors: [`got ${credentials}`, 'b'] } }, 'got [redacted]; b'],
    [
      'v2 errors, in message, field and reason',
      { errors: [{ message: `bad ${apiKey}`, field: `headers.${apiKey}`, reason: `reason-${credentials}` }] },
      'headers.[redacted]: bad [redacted] (reason-[redacted])',
    ],
    [
      'JSON of an unknown shape',
      { received: { authorization: `Basic ${credentials}` } },
      '{"received":{"authorization":"Basic [redacted]"}}',
    ],
  ])('%s', async (_, json, serverMessage) => {
    const error = await apiErrorFor(apiKey, { plan: 'pro' }, { status: 400, json });
    expect(error.serverMessage).toBe(serverMessage);
    expect(error.message).toContain(serverMessage);
    expectNoSecrets(error, [apiKey, credentials]);
  });

  it('in a plain-text body, even one longer than the part kept', async () => {
    const error = await apiErrorFor(
      apiKey,
      { plan: 'pro' },
      { status: 500, text: `${'x'.repeat(480)}${apiKey}` },
    );
    expect(error.serverMessage).toBe(`${'x'.repeat(480)}[redacted]`);
    expectNoSecrets(error, [apiKey, credentials, apiKey.slice(0, 20)]);
  });

  it('in the body of a 401', async () => {
    const error = await apiErrorFor(
      apiKey,
      { plan: 'pro' },
      { status: 401, text: `Unauthorized: ${testSiteId}:${apiKey}` },
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.serverMessage).toBe(`Unauthorized: ${testSiteId}:[redacted]`);
    expectNoSecrets(error, [apiKey, credentials]);
  });

  it('in the details kept on the error', async () => {
    const error = await apiErrorFor(
      apiKey,
      { plan: 'pro' },
      { status: 400, json: { errors: [{ reason: apiKey, field: apiKey }] } },
    );
    expect(error.details).toEqual([{ message: '[redacted]', reason: '[redacted]', field: '[redacted]' }]);
  });
});
