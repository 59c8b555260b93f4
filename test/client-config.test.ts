import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createTrackClient,
  isCustomerIoError,
  packageVersion,
  type TrackClientOptions,
} from '../src/index.js';
import {
  createTestClient,
  euTrackUrl,
  localBaseUrl,
  testApiKey,
  testApiKey64,
  testSiteId,
  useTrackApi,
  usTrackUrl,
} from './support/track-api-mock.js';

const proxyOrigin = 'https://proxy.example.com';
const api = useTrackApi();

function identify(client = createTestClient()) {
  return client.PUT('/api/v1/customers/{identifier}', {
    params: { path: { identifier: 'user-42' } },
    body: { plan: 'pro' },
  });
}

function configErrorOf(options: Partial<TrackClientOptions> | Record<string, unknown>): ConfigError {
  try {
    createTrackClient({ siteId: testSiteId, apiKey: testApiKey, ...options } as TrackClientOptions);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('createTrackClient accepted the options');
}

describe('createTrackClient refuses a wrong option with ConfigError naming it', () => {
  it.each([
    ['a 13-character apiKey', { apiKey: 'a'.repeat(13) }, 'apiKey', 'expected 20 or 64 characters, got 13'],
    ['a 21-character apiKey', { apiKey: 'a'.repeat(21) }, 'apiKey', 'expected 20 or 64 characters, got 21'],
    ['a 63-character apiKey', { apiKey: 'a'.repeat(63) }, 'apiKey', 'expected 20 or 64 characters, got 63'],
    ['an apiKey that is not a string', { apiKey: 1234567890 }, 'apiKey', 'expected a string'],
    [
      'an apiKey with a space',
      { apiKey: 'ab12cd34ef 6ab78cd90' },
      'apiKey',
      'may only contain printable ASCII characters',
    ],
    ['an empty siteId', { siteId: '' }, 'siteId', 'expected a non-empty string'],
    ['a missing siteId', { siteId: undefined }, 'siteId', 'expected a non-empty string'],
    ['a siteId with ":"', { siteId: 'site:42' }, 'siteId', 'may not contain ":"'],
    ['a siteId with a space', { siteId: 'site 42' }, 'siteId', 'may not contain white space'],
    ['a siteId with a newline', { siteId: 'site42\n' }, 'siteId', 'may not contain white space'],
    ['an unknown region', { region: 'asia' }, 'region', 'expected "us" or "eu"'],
    ['an upper-case region', { region: 'EU' }, 'region', 'expected "us" or "eu"'],
    ['a region named after an Object method', { region: 'toString' }, 'region', 'expected "us" or "eu"'],
    [
      'a plain-http baseUrl',
      { baseUrl: 'http://example.com' },
      'baseUrl',
      'must use https: unless it is a loopback address',
    ],
    [
      'a plain-http lookalike of loopback',
      { baseUrl: 'http://127.0.0.1.example.com' },
      'baseUrl',
      'must use https: unless it is a loopback address',
    ],
    [
      'an ftp: baseUrl',
      { baseUrl: 'ftp://example.com' },
      'baseUrl',
      'must use https: unless it is a loopback address',
    ],
    [
      'a baseUrl with credentials',
      { baseUrl: 'https://user:pass@example.com' },
      'baseUrl',
      'may not carry credentials',
    ],
    [
      'a baseUrl with a query',
      { baseUrl: 'https://example.com/?a=1' },
      'baseUrl',
      'may not carry a query or fragment',
    ],
    ['a relative baseUrl', { baseUrl: '/api' }, 'baseUrl', 'is not a valid absolute URL'],
    ['a fetch that is not a function', { fetch: 'fetch' }, 'fetch', 'expected a function'],
    [
      'a zero timeoutMs',
      { timeoutMs: 0 },
      'timeoutMs',
      'expected a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a negative timeoutMs',
      { timeoutMs: -1 },
      'timeoutMs',
      'expected a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a NaN timeoutMs',
      { timeoutMs: Number.NaN },
      'timeoutMs',
      'expected a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a fractional timeoutMs',
      { timeoutMs: 50.5 },
      'timeoutMs',
      'expected a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a timeoutMs too long for a timer',
      { timeoutMs: 2 ** 31 },
      'timeoutMs',
      'expected a whole number of milliseconds from 1 to 2147483647',
    ],
    [
      'a multi-line userAgent',
      { userAgent: 'app/1.0\r\nX-Injected: yes' },
      'userAgent',
      'expected a single-line string of characters allowed in an HTTP header',
    ],
    [
      'a userAgent outside Latin-1',
      { userAgent: 'app 🎉' },
      'userAgent',
      'expected a single-line string of characters allowed in an HTTP header',
    ],
  ])('%s', (_, options, option, problem) => {
    const error = configErrorOf(options);
    expect(isCustomerIoError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'config', option });
    expect(error.message).toBe(`Invalid option \`${option}\`: ${problem}`);
  });

  it('refuses options that are not an object', () => {
    expect(() => createTrackClient(null as unknown as TrackClientOptions)).toThrow(ConfigError);
  });
});

describe('where requests go', () => {
  it.each([
    ['the US host by default', {}, 'https://track.customer.io/api/v1/customers/user-42'],
    ['the US host for region "us"', { region: 'us' }, 'https://track.customer.io/api/v1/customers/user-42'],
    [
      'the EU host for region "eu"',
      { region: 'eu' },
      'https://track-eu.customer.io/api/v1/customers/user-42',
    ],
    ['a loopback baseUrl', { baseUrl: localBaseUrl }, `${localBaseUrl}/api/v1/customers/user-42`],
    [
      'a baseUrl over the region',
      { region: 'eu', baseUrl: localBaseUrl },
      `${localBaseUrl}/api/v1/customers/user-42`,
    ],
    [
      'a baseUrl with a path prefix and trailing slash',
      { baseUrl: `${proxyOrigin}/cio/` },
      `${proxyOrigin}/cio/api/v1/customers/user-42`,
    ],
  ] as const)('%s', async (_, options, url) => {
    // The emulator answers both regions' hosts, and a base URL once it is told to.
    if ('baseUrl' in options) api.emulate({ baseUrl: options.baseUrl });
    await identify(createTestClient(options));
    expect(api.emulator.requests.map((request) => [request.url, request.status])).toEqual([[url, 200]]);
  });

  it.each(['http://localhost:4010', 'http://127.0.0.5', 'http://[::1]:8080', 'http://app.localhost:3000'])(
    'accepts the loopback baseUrl %s',
    (baseUrl) => {
      expect(() => createTestClient({ baseUrl })).not.toThrow();
    },
  );
});

describe('headers the client chooses', () => {
  it.each([
    ['20', testApiKey],
    ['64', testApiKey64],
  ])('authenticates with Basic base64(siteId:apiKey), for a %s-character key', async (_, apiKey) => {
    // The emulator logs Authorization redacted; a fetch in front of it sees the header as sent.
    const emulator = api.emulate({ apiKey });
    const authorizations: (string | null)[] = [];
    const client = createTestClient({
      apiKey,
      fetch: (request) => {
        authorizations.push(request.headers.get('authorization'));
        return emulator.fetch(request);
      },
    });
    await identify(client);
    expect(authorizations).toEqual([`Basic ${Buffer.from(`${testSiteId}:${apiKey}`).toString('base64')}`]);
    expect(emulator.requests.map((request) => request.status)).toEqual([200]);
  });

  it('sends a custom User-Agent as given', async () => {
    await identify(createTestClient({ userAgent: 'acme-pipeline/2.3 (+https://acme.example)' }));
    expect(api.emulator.requests[0]?.headers['user-agent']).toBe('acme-pipeline/2.3 (+https://acme.example)');
  });
});

describe('the fetch option', () => {
  it('receives every request, redirects included', async () => {
    const seen: string[] = [];
    const client = createTestClient({
      fetch: (request) => {
        seen.push(`${request.method} ${request.url}`);
        return fetch(request);
      },
    });
    api.answerNext({ status: 307, headers: { Location: `${euTrackUrl}/api/v1/customers/user-42` } });
    await identify(client);
    await client.DELETE('/api/v1/customers/{identifier}', { params: { path: { identifier: 'user-42' } } });
    expect(seen).toEqual([
      `PUT ${usTrackUrl}/api/v1/customers/user-42`,
      `PUT ${euTrackUrl}/api/v1/customers/user-42`,
      `DELETE ${usTrackUrl}/api/v1/customers/user-42`,
    ]);
    expect(api.scripted.map((request) => `${request.method} ${request.url}`)).toEqual([
      `PUT ${usTrackUrl}/api/v1/customers/user-42`,
    ]);
    expect(
      api.emulator.requests.map((request) => `${request.method} ${request.url} ${request.status}`),
    ).toEqual([
      `PUT ${euTrackUrl}/api/v1/customers/user-42 200`,
      `DELETE ${usTrackUrl}/api/v1/customers/user-42 200`,
    ]);
  });

  it('when omitted, globalThis.fetch is looked up at each request', async () => {
    api.server.close();
    const createdBeforeInterception = createTestClient();
    api.listen();
    await identify(createdBeforeInterception);
    expect(api.emulator.requests).toHaveLength(1);
    expect(api.emulator.requests[0]).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
});

describe('packageVersion', () => {
  it("equals package.json's version", () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(packageVersion).toBe(version);
  });
});
