/**
 * `serve`: the collector as a command. It prints `listening on http://HOST:PORT` (in its JSON logs on
 * stdout), takes one source from the environment or several from a configuration file, tries itself
 * out against the built-in emulator with a demo write key, and drains on SIGTERM: new requests get 503,
 * what was accepted is delivered, and a summary ends the logs.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackApiEmulator, type TrackApiEmulator } from '../src/testing/index.js';
import { type CliSession, eventually, runCli, startCli } from './support/cli-harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function listening(session: CliSession): Promise<string> {
  await eventually(
    () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(session.stdout()),
    'the collector is up',
  );
  return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(session.stdout())?.[1] as string;
}

function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function track(url: string, key: string, event: string): Promise<Response> {
  return fetch(`${url}/v1/track`, {
    method: 'POST',
    headers: { authorization: basic(key), 'content-type': 'text/plain' },
    body: JSON.stringify({ userId: 'ada', event }),
  });
}

async function emulatorOnLoopback(): Promise<TrackApiEmulator> {
  const emulator = createTrackApiEmulator();
  await emulator.listen();
  cleanups.push(() => emulator.close());
  return emulator;
}

describe('serve --emulator', () => {
  it('serves with the demo write key until SIGTERM, then drains and shows what the emulator holds', async () => {
    const session = startCli(['serve', '--emulator', '--port', '0']);
    const url = await listening(session);
    expect(session.stderr()).toContain('Write key: demo-write-key (the demo key).');
    expect(session.stderr()).toContain(
      `curl -u demo-write-key: -d '{"userId":"ada","event":"Signed Up","properties":{"plan":"pro"}}' ${url}/v1/track`,
    );

    expect((await track(url, 'demo-write-key', 'Signed Up')).status).toBe(200);
    expect((await track(url, 'another-key', 'Signed Up')).status).toBe(401);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('process_resident_memory_bytes');

    session.terminate();
    const result = await session.done;
    expect(result.status).toBe(0);
    const logs = logLines(result.stdout);
    expect(logs[0]).toMatchObject({ level: 30, msg: `listening on ${url}`, url, sources: ['demo'] });
    expect(logs.at(-1)).toMatchObject({
      msg: 'stopped: 1 delivered, 0 failed, 0 skipped',
      accepted: 1,
      delivered: 1,
      failed: 0,
    });
    expect(result.stderr).toContain('Terminated (SIGTERM). Draining');
    expect(result.stderr).toContain('people         1');
    expect(result.stdout).not.toContain('emulatorapikey000000');
  });
});

describe('serve, one source from the environment', () => {
  it('sends to the workspace the variables name, with the write key SEGMENT_WRITE_KEY', async () => {
    const emulator = await emulatorOnLoopback();
    const session = startCli(['serve', '--port', '0'], {
      env: {
        SEGMENT_WRITE_KEY: 'wk_env_1',
        CUSTOMERIO_SITE_ID: emulator.credentials.siteId,
        CUSTOMERIO_API_KEY: emulator.credentials.apiKey,
        CUSTOMERIO_BASE_URL: emulator.url,
      },
    });
    const url = await listening(session);
    expect((await track(url, 'wk_env_1', 'From Env')).status).toBe(200);
    session.interrupt();
    const result = await session.done;
    expect(result.status).toBe(0);
    expect(emulator.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['From Env']);
    for (const secret of ['wk_env_1', emulator.credentials.apiKey])
      expect(result.stdout).not.toContain(secret);
  });

  it('says which variables are missing, and exits 2', async () => {
    const result = await runCli(['serve'], { env: { CUSTOMERIO_SITE_ID: 'site' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'missing SEGMENT_WRITE_KEY, CUSTOMERIO_API_KEY; or give --config FILE for several sources, or use --emulator',
    );
  });

  it('says when the port is taken, and exits 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = String((taken.address() as { port: number }).port);
    const result = await runCli(['serve', '--emulator', '--port', port]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`port ${port} is in use; try --port 0 for any free port`);
  });
});

describe('serve --config', () => {
  const file = (content: unknown) => {
    const path = join(tmpdir(), `collector-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('serves several sources, each to its workspace, secrets read from the variables named', async () => {
    const web = await emulatorOnLoopback();
    const app = await emulatorOnLoopback();
    const config = file({
      sources: [
        {
          name: 'web',
          writeKey: { env: 'WEB_WRITE_KEY' },
          destination: {
            siteId: web.credentials.siteId,
            apiKey: { env: 'WEB_CIO_API_KEY' },
            baseUrl: web.url,
          },
        },
        {
          name: 'app',
          writeKey: 'wk_app_1',
          destination: { ...app.credentials, baseUrl: app.url, rateLimit: { requestsPerSecond: 10 } },
        },
      ],
      allowedOrigins: ['https://shop.example.com'],
    });
    const session = startCli(['serve', '--port', '0', '--config', config], {
      env: { WEB_WRITE_KEY: 'wk_web_1', WEB_CIO_API_KEY: web.credentials.apiKey },
    });
    const url = await listening(session);
    expect(logLines(session.stdout())[0]?.sources).toEqual(['web', 'app']);
    expect((await track(url, 'wk_web_1', 'On The Web')).status).toBe(200);
    expect((await track(url, 'wk_app_1', 'In The App')).status).toBe(200);
    session.terminate();
    expect((await session.done).status).toBe(0);
    expect(web.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['On The Web']);
    expect(app.workspace.person({ id: 'ada' })?.events.map((event) => event.name)).toEqual(['In The App']);
  });

  it.each([
    ['not JSON', '{ "sources": ', 'is not JSON'],
    [
      'a misspelt field',
      { sources: [{ writeKey: 'k', destination: { siteId: 's', apiKey: 'a' } }], allowedOrigin: [] },
      'allowedOrigin',
    ],
    ['no source', { sources: [] }, 'sources:'],
    [
      'a region that does not exist',
      { sources: [{ writeKey: 'k', destination: { siteId: 's', apiKey: 'a', region: 'asia' } }] },
      'sources[0].destination.region:',
    ],
    [
      'a destination option that does not exist',
      { sources: [{ writeKey: 'k', destination: { siteId: 's', apiKey: 'a', region: 'us', rateLimt: {} } }] },
      'Invalid option `sources[0].destination.rateLimt`: no such option; did you mean `rateLimit`?',
    ],
    [
      'a secret in a variable that is not set',
      {
        sources: [{ writeKey: { env: 'NOT_SET' }, destination: { siteId: 's', apiKey: 'a', region: 'us' } }],
      },
      'sources[0].writeKey names the variable NOT_SET, which is not set',
    ],
  ])('refuses %s, saying where, and exits 2', async (_, content, expected) => {
    const result = await runCli(['serve', '--config', file(content)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(expected);
  });

  it('cannot be used with --emulator', async () => {
    const result = await runCli(['serve', '--emulator', '--config', 'x.json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--emulator and --config cannot be used together');
  });
});
