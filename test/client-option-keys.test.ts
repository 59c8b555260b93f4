/**
 * Option names nobody declared, as JavaScript callers (and TypeScript callers spreading an object)
 * can pass them: refused with ConfigError naming the name, and the option it was probably meant to be.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createDestination,
  createTrackClient,
  type DestinationOptions,
  detectRegion,
  type TrackClientOptions,
} from '../src/index.js';
import { closestKey, editDistance } from '../src/option-keys.js';
import { localBaseUrl, testApiKey, testSiteId } from './support/track-api-mock.js';

const client = { siteId: testSiteId, apiKey: testApiKey, baseUrl: localBaseUrl };

function thrownBy(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
}

const destinationError = (options: Record<string, unknown>) =>
  thrownBy(() => createDestination({ ...client, ...options } as DestinationOptions));

describe('createDestination refuses an option name it does not know', () => {
  it.each([
    // Delivery, mapping and client options all sit at the top level.
    [{ rateLimt: { requestsPerSecond: 5 } }, 'rateLimt', 'rateLimit'],
    [{ maxQueSize: 10 }, 'maxQueSize', 'maxQueueSize'],
    [{ lingerms: 5 }, 'lingerms', 'lingerMs'],
    [{ onresult: () => {} }, 'onresult', 'onResult'],
    [{ maxTraitsPerIdentfy: 50 }, 'maxTraitsPerIdentfy', 'maxTraitsPerIdentify'],
    [{ oversise: 'drop' }, 'oversise', 'oversize'],
    [{ convertTimestamp: false }, 'convertTimestamp', 'convertTimestamps'],
    [{ timeout: 5000 }, 'timeout', 'timeoutMs'],
    [{ SiteId: 'x' }, 'SiteId', 'siteId'],
    [{ regoin: 'eu' }, 'regoin', 'region'],
    // Nested objects are checked too, and the suggestion keeps their path.
    [{ rateLimit: { requestPerSecond: 5 } }, 'rateLimit.requestPerSecond', 'rateLimit.requestsPerSecond'],
    [{ retry: { maxAttempt: 3 } }, 'retry.maxAttempt', 'retry.maxAttempts'],
    [{ retry: { baseDelay: 100 } }, 'retry.baseDelay', 'retry.baseDelayMs'],
  ])('%j', (options, option, suggestion) => {
    const error = destinationError(options);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'config', option });
    expect(error.message).toBe(
      `Invalid option \`${option}\`: no such option; did you mean \`${suggestion}\`?`,
    );
  });

  it('suggests nothing when no option is close', () => {
    expect(destinationError({ colour: 'blue' }).message).toBe('Invalid option `colour`: no such option');
    expect(destinationError({ retry: { forever: true } }).message).toBe(
      'Invalid option `retry.forever`: no such option',
    );
  });

  it('refuses an unknown name even when its value is undefined', () => {
    expect(destinationError({ rateLimt: undefined }).option).toBe('rateLimt');
  });

  it('quotes a name that is not an identifier, and cuts a huge one short', () => {
    expect(destinationError({ 'rate limit': 5 }).message).toBe(
      'Invalid option `["rate limit"]`: no such option; did you mean `rateLimit`?',
    );
    const huge = 'k'.repeat(10_000_000);
    const started = performance.now();
    const error = destinationError({ [huge]: 1 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.message.length).toBeLessThan(200);
    expect(error.option.length).toBeLessThan(150);
    expect(error.message).toContain('(10000000 characters)');
    expect(JSON.stringify(error).length).toBeLessThan(500);
  });

  it('accepts every documented option, and a console as the logger', async () => {
    const destination = createDestination({
      ...client,
      region: 'us',
      timeoutMs: 1000,
      userAgent: 'test',
      fetch: (request) => globalThis.fetch(request),
      maxTraitsPerIdentify: 40,
      traitOverflow: 'drop',
      oversize: 'drop',
      convertTimestamps: false,
      rateLimit: { requestsPerSecond: 5 },
      maxConcurrentRequests: 2,
      maxQueueSize: 10,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100, maxElapsedMs: 1000 },
      maxBatchBytes: 100_000,
      lingerMs: 0,
      onResult: () => {},
      logger: console,
    });
    await destination.close();
  });
});

describe('createTrackClient and detectRegion refuse an option name they do not know', () => {
  it.each([
    [{ apikey: testApiKey }, 'apikey', 'apiKey'],
    [{ baseURL: localBaseUrl }, 'baseURL', 'baseUrl'],
    [{ userAgnet: 'x' }, 'userAgnet', 'userAgent'],
    [{ timeoutMS: 10 }, 'timeoutMS', 'timeoutMs'],
  ])('%j', (options, option, suggestion) => {
    const error = thrownBy(() => createTrackClient({ ...client, ...options } as TrackClientOptions));
    expect(error).toMatchObject({ option });
    expect(error.message).toBe(
      `Invalid option \`${option}\`: no such option; did you mean \`${suggestion}\`?`,
    );
  });

  it('refuses a delivery option given to the low-level client', () => {
    const options = { ...client, maxQueueSize: 5 } as TrackClientOptions;
    expect(thrownBy(() => createTrackClient(options)).message).toBe(
      'Invalid option `maxQueueSize`: no such option',
    );
  });

  it('refuses it in detectRegion before sending anything', async () => {
    const options = { ...client, timeout: 5 } as Parameters<typeof detectRegion>[0];
    await expect(detectRegion(options)).rejects.toThrow(
      'Invalid option `timeout`: no such option; did you mean `timeoutMs`?',
    );
  });
});

describe('the suggestion', () => {
  it('measures Damerau-Levenshtein distance (optimal string alignment)', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ratelimit', 'ratelimt')).toBe(1);
    expect(editDistance('onyl', 'only')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('is a distance: zero only for equal strings, symmetric, and at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const distance = editDistance(a, b);
        expect(distance === 0).toBe(a === b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('finds the option back from any single typo of it', () => {
    const options = ['siteId', 'apiKey', 'region', 'baseUrl', 'timeoutMs', 'maxQueueSize', 'rateLimit'];
    fc.assert(
      fc.property(
        fc.constantFrom(...options),
        fc.nat(),
        fc.constantFrom('drop', 'double', 'swap', 'replace'),
        (option, at, edit) => {
          const index = at % (option.length - 1);
          const typo =
            edit === 'drop'
              ? option.slice(0, index) + option.slice(index + 1)
              : edit === 'double'
                ? option.slice(0, index + 1) + option.slice(index)
                : edit === 'swap'
                  ? option.slice(0, index) + option[index + 1] + option[index] + option.slice(index + 2)
                  : `${option.slice(0, index)}#${option.slice(index + 1)}`;
          fc.pre(typo !== option);
          expect(closestKey(typo, options)).toBe(option);
        },
      ),
    );
  });

  it('ignores letter case and suggests nothing far away', () => {
    expect(closestKey('MAXQUEUESIZE', ['maxQueueSize'])).toBe('maxQueueSize');
    expect(closestKey('size', ['maxQueueSize', 'siteId'])).toBeUndefined();
    expect(closestKey('', ['now'])).toBeUndefined();
  });
});
