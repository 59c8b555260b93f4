/**
 * Progress while a replay runs: plain lines when stderr is not a terminal, a bar when it is. The
 * test fires the periodic timer itself, and the clock stands still, so every line is exact.
 */
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainLine } from '../src/cli/progress.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { eventually, ndjson, runCli, startCli } from './support/cli-harness.js';

const emulator = createTrackApiEmulator();
let url: string;
beforeAll(async () => {
  ({ url } = await emulator.listen());
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const credentials = () => [
  '--site-id',
  emulator.credentials.siteId,
  '--api-key',
  emulator.credentials.apiKey,
];
const signUp = (n: number) => ({ type: 'identify', userId: `user-${n}`, traits: { plan: 'pro' } });

describe('plain progress lines (stderr not a terminal)', () => {
  it('says how many messages were read, delivered and refused, how fast, the time left, and the line up to which all settled', () => {
    const snapshot = {
      messages: 50,
      settled: 40,
      done: 38,
      problems: 2,
      bytesRead: 2500,
      startBytes: 0,
      elapsedMs: 4000,
      settledLine: 41,
    };
    expect(plainLine({ ...snapshot, totalBytes: 10_000 }, 'delivered')).toBe(
      'progress: 50 messages (25%), 38 delivered, 2 problems, 10.0 msg/s, ETA 12.0 s, settled to line 41',
    );
    // Standard input has no size: no percentage, and the time left is unknown.
    expect(plainLine({ ...snapshot, totalBytes: undefined }, 'delivered')).toBe(
      'progress: 50 messages, 38 delivered, 2 problems, 10.0 msg/s, ETA unknown, settled to line 41',
    );
    // A dry run settles nothing.
    expect(plainLine({ ...snapshot, totalBytes: undefined, settledLine: undefined }, 'mapped')).toBe(
      'progress: 50 messages, 38 mapped, 2 problems, 10.0 msg/s, ETA unknown',
    );
  });

  it('count the time left from what this run read, when it resumed part way through the input', () => {
    const resumed = {
      messages: 50,
      settled: 40,
      done: 40,
      problems: 0,
      bytesRead: 6000,
      startBytes: 4000,
      totalBytes: 10_000,
      elapsedMs: 4000,
      settledLine: 300,
    };
    expect(plainLine(resumed, 'delivered')).toBe(
      'progress: 50 messages (60%), 40 delivered, 0 problems, 10.0 msg/s, ETA 8.0 s, settled to line 300',
    );
  });

  it('are written on stderr at each period of the timer while the replay runs', async () => {
    const stdin = new PassThrough();
    const session = startCli(['replay', '-', ...credentials(), '--base-url', url], { stdin });
    stdin.write(ndjson(signUp(1), signUp(2), { type: 'track', userId: 'user-1' }));

    const expected = 'progress: 3 messages, 2 delivered, 1 problems, 0 msg/s, ETA unknown, settled to line 3';
    await eventually(() => {
      session.tick();
      return session.stderr().includes(expected);
    }, 'the progress line counts both deliveries');
    stdin.end();
    const result = await session.done;

    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('line 3: Invalid message: event: is required');
    expect(
      lines
        .filter((line) => line.startsWith('progress:'))
        .every((line) => /^progress: \d+ messages, /.test(line)),
    ).toBe(true);
    expect(result.stderr.indexOf(expected)).toBeLessThan(result.stderr.indexOf('Summary of standard input'));
  });

  it('are never written when the replay ends before the first period', async () => {
    const result = await runCli(['replay', '-', '--dry-run'], { stdin: ndjson(signUp(1)) });
    expect(result.stderr).not.toContain('progress:');
  });
});

describe('the progress bar (stderr a terminal)', () => {
  it('shows the share of the input read and the counts, with problems printed above it', async () => {
    const input = ndjson(signUp(1), { type: 'track', userId: 'user-1' }, signUp(2));
    const result = await runCli(['replay', '-', '--emulator'], { stdin: input, tty: true });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 2: Invalid message: event: is required');
    // Standard input has no size: the bar shows counts and the time spent, no percentage.
    expect(result.stderr).toMatch(
      /3 messages \| 2 delivered \| 1 problems \| 0 msg\/s \| settled to line 3 \| \d+s/,
    );
    expect(result.stderr.lastIndexOf('msg/s')).toBeLessThan(
      result.stderr.indexOf('Summary of standard input'),
    );
  });
});
