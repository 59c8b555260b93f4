/**
 * `emulator`: a local Track API server that prints how to reach it and stays up until Ctrl-C. Like
 * `replay --emulator`, it keeps only the latest requests, so a long run does not grow without bound.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { eventually, ndjson, runCli, startCli } from './support/cli-harness.js';

describe('emulator', () => {
  it('prints its URL, credentials and exports, serves until Ctrl-C, then shows what it received', async () => {
    const session = startCli(['emulator', '--port', '0']);
    await eventually(() => session.stdout().includes('Press Ctrl-C to stop.'), 'the emulator is up');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(session.stdout())?.[1] as string;
    expect(session.stdout()).toBe(
      [
        `Track API emulator listening on ${url}`,
        '  Site ID  emulator-site-id',
        '  API key  emulatorapikey000000',
        '',
        'To send to it from this command line or your own code:',
        '  export CUSTOMERIO_SITE_ID=emulator-site-id',
        '  export CUSTOMERIO_API_KEY=emulatorapikey000000',
        `  export CUSTOMERIO_BASE_URL=${url}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );

    // What it prints is enough to use it.
    const env = Object.fromEntries(
      [...session.stdout().matchAll(/export (\w+)=(\S+)/g)].map((match) => [match[1], match[2]]),
    );
    expect((await runCli(['verify'], { env })).status).toBe(0);
    const sent = await runCli(['replay', '-'], {
      env,
      stdin: ndjson({ type: 'identify', userId: 'user-1' }),
    });
    expect(sent.status).toBe(0);

    session.interrupt();
    const result = await session.done;
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Stopping the emulator.');
    expect(result.stdout).toContain(
      "2 requests received.\nThe emulator's workspace now holds:\n  people         1\n",
    );
  });

  it('stops on SIGTERM too, as a service manager ends it', async () => {
    const session = startCli(['emulator', '--port', '0']);
    await eventually(() => session.stdout().includes('Press Ctrl-C to stop.'), 'the emulator is up');
    session.terminate();
    const result = await session.done;
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('\nTerminated (SIGTERM). Stopping the emulator.\n');
    expect(result.stdout).toContain("0 requests received.\nThe emulator's workspace now holds:\n");
  });

  it('exits 2 when asked to listen beyond loopback', async () => {
    const result = await runCli(['emulator', '--host', '0.0.0.0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('only listens on loopback addresses');
  });

  it('exits 2, suggesting --port 0, when the port is taken', async () => {
    const other = createTrackApiEmulator();
    const { url } = await other.listen();
    const port = new URL(url).port;
    try {
      const result = await runCli(['emulator', '--port', port]);
      expect(result).toMatchObject({
        status: 2,
        stderr: `customerio-destination: cannot start the emulator: port ${port} is in use; try --port 0 for any free port\n`,
      });
    } finally {
      await other.close();
    }
  });

  it('exits 2 for a port out of range', async () => {
    const result = await runCli(['emulator', '--port', '70000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected a port from 0 to 65535');
  });
});

describe('maxLoggedRequests (the emulator option the command line sets)', () => {
  const nowhere = (n: number) => new Request(`https://track.customer.io/nowhere/${n}`);

  it('keeps the latest requests, oldest forgotten first, in order of arrival', async () => {
    const emulator = createTrackApiEmulator({ maxLoggedRequests: 3 });
    for (let n = 1; n <= 7; n += 1) await emulator.fetch(nowhere(n));
    expect(emulator.requests.map((request) => request.path)).toEqual([
      '/nowhere/5',
      '/nowhere/6',
      '/nowhere/7',
    ]);
    // Each read is what the log holds at that moment.
    const before = emulator.requests;
    await emulator.fetch(nowhere(8));
    expect(before.map((request) => request.path)).toEqual(['/nowhere/5', '/nowhere/6', '/nowhere/7']);
    expect(emulator.requests.map((request) => request.path)).toEqual([
      '/nowhere/6',
      '/nowhere/7',
      '/nowhere/8',
    ]);
    emulator.reset();
    expect(emulator.requests).toEqual([]);
    await emulator.fetch(nowhere(9));
    expect(emulator.requests.map((request) => request.path)).toEqual(['/nowhere/9']);
  });

  it('keeps every request without it, and none with 0', async () => {
    const everything = createTrackApiEmulator();
    const nothing = createTrackApiEmulator({ maxLoggedRequests: 0 });
    for (let n = 1; n <= 5; n += 1) {
      await everything.fetch(nowhere(n));
      await nothing.fetch(nowhere(n));
    }
    expect(everything.requests).toHaveLength(5);
    expect(nothing.requests).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN, '10'])('refuses %j with a ConfigError', (value) => {
    expect(() => createTrackApiEmulator({ maxLoggedRequests: value as number })).toThrow(ConfigError);
    expect(() => createTrackApiEmulator({ maxLoggedRequests: value as number })).toThrow(
      'Invalid option `maxLoggedRequests`: expected a whole number of requests, 0 or more',
    );
  });
});
