/** `emulator`: a local Track API server that prints how to reach it and stays up until Ctrl-C. */
import { describe, expect, it } from 'vitest';
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
