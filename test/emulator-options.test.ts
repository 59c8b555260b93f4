/**
 * The emulator's options as JavaScript can give them: any value, any name. Every mistake is a
 * ConfigError naming the option's path, never a TypeError from deep inside.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/index.js';
import { createTrackApiEmulator, type TrackApiEmulatorOptions } from '../src/testing/index.js';

function refusal(options: unknown): ConfigError {
  try {
    createTrackApiEmulator(options as TrackApiEmulatorOptions);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('createTrackApiEmulator accepted the options');
}

describe('createTrackApiEmulator refuses an option name it does not know', () => {
  it.each([
    [{ ratelimit: 5 }, 'ratelimit', 'rateLimit'],
    [{ latency: 5 }, 'latency', 'latencyMs'],
    [{ fault: {} }, 'fault', 'faults'],
    [{ baseURL: 'https://proxy.example.com' }, 'baseURL', 'baseUrl'],
    [{ faults: { sched: [] } }, 'faults.sched', 'faults.schedule'],
    [{ faults: { propability: 0.1 } }, 'faults.propability', 'faults.probability'],
    [
      { faults: { schedule: [{ status: 500, aplied: true }] } },
      'faults.schedule[0].aplied',
      'faults.schedule[0].applied',
    ],
    [
      { faults: { kinds: [{ delayMs: 5, applid: true }] } },
      'faults.kinds[0].applid',
      'faults.kinds[0].applied',
    ],
    [
      { faults: { schedule: [null, { status: 429, retryafter: 1 }] } },
      'faults.schedule[1].retryafter',
      'faults.schedule[1].retryAfter',
    ],
  ])('%j', (options, option, suggestion) => {
    const error = refusal(options);
    expect(error).toMatchObject({ code: 'config', option });
    expect(error.message).toBe(
      `Invalid option \`${option}\`: no such option; did you mean \`${suggestion}\`?`,
    );
  });

  it('suggests nothing when no option is close', () => {
    expect(refusal({ handlers: [] }).message).toBe('Invalid option `handlers`: no such option');
    // retryAfter belongs to a 429 only.
    expect(refusal({ faults: { schedule: [{ status: 503, retryAfter: 1 }] } }).message).toBe(
      'Invalid option `faults.schedule[0].retryAfter`: no such option',
    );
  });
});

describe('createTrackApiEmulator refuses faults of the wrong shape, naming the path', () => {
  it.each<[string, unknown, string, string]>([
    ['options that are not an object', 5, 'options', 'expected an object'],
    ['faults that are a number', { faults: 5 }, 'faults', 'expected an object'],
    ['faults that are an array', { faults: [] }, 'faults', 'expected an object'],
    ['a schedule that is a string', { faults: { schedule: 'x' } }, 'faults.schedule', 'expected an array'],
    [
      'a scheduled fault that is a number',
      { faults: { schedule: [5] } },
      'faults.schedule[0]',
      'expected a fault: an object with `status`, `reset: true` or `delayMs`',
    ],
    [
      'a status that is a string',
      { faults: { schedule: [{ status: 'x' }] } },
      'faults.schedule[0].status',
      'expected 429, 500, 502, 503 or 504',
    ],
    [
      'a status no fault answers',
      { faults: { schedule: [{ status: 418 }] } },
      'faults.schedule[0].status',
      'expected 429, 500, 502, 503 or 504',
    ],
    [
      'a fault of no kind',
      { faults: { kinds: [{}] } },
      'faults.kinds[0]',
      'expected exactly one of `status`, `reset: true` or `delayMs`',
    ],
    [
      'a fault of two kinds',
      { faults: { schedule: [{ status: 500, reset: true }] } },
      'faults.schedule[0]',
      'expected exactly one of `status`, `reset: true` or `delayMs`',
    ],
    [
      'kinds that are not an array',
      { faults: { kinds: 'x' } },
      'faults.kinds',
      'expected an array of at least one fault',
    ],
    ['no kinds', { faults: { kinds: [] } }, 'faults.kinds', 'expected an array of at least one fault'],
    ['only that is not a function', { faults: { only: 'x' } }, 'faults.only', 'expected a function'],
    [
      'repeat that is not a boolean',
      { faults: { repeat: 'yes' } },
      'faults.repeat',
      'expected true or false',
    ],
    [
      'a probability as a string',
      { faults: { probability: '0.5' } },
      'faults.probability',
      'expected a number from 0 to 1',
    ],
    ['a fractional seed', { faults: { seed: 1.5 } }, 'faults.seed', 'expected an integer'],
    [
      'reset that is not true',
      { faults: { schedule: [{ reset: 'yes' }] } },
      'faults.schedule[0].reset',
      'expected true',
    ],
    [
      'a negative delay',
      { faults: { schedule: [{ delayMs: -1 }] } },
      'faults.schedule[0].delayMs',
      'expected a number of milliseconds, 0 or more',
    ],
    [
      'a 429 without retryAfter',
      { faults: { schedule: [{ status: 429 }] } },
      'faults.schedule[0].retryAfter',
      "expected whole seconds (0 or more) or 'date'",
    ],
    [
      'applied that is not a boolean',
      { faults: { kinds: [{ status: 500, applied: 1 }] } },
      'faults.kinds[0].applied',
      'expected true or false',
    ],
  ])('%s', (_, options, option, problem) => {
    const error = refusal(options);
    expect(error).toMatchObject({ code: 'config', option });
    expect(error.message).toBe(`Invalid option \`${option}\`: ${problem}`);
  });

  it('accepts every kind of fault, with and without applied', () => {
    expect(() =>
      createTrackApiEmulator({
        faults: {
          seed: 7,
          repeat: true,
          probability: 0.5,
          only: () => true,
          schedule: [
            null,
            { status: 500 },
            { status: 429, retryAfter: 'date', applied: true },
            { reset: true, applied: false },
            { delayMs: 0 },
          ],
          kinds: [{ status: 504, applied: true }],
        },
      }),
    ).not.toThrow();
  });
});
