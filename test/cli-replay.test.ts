/**
 * `replay` against an emulator on loopback: credentials from flags and environment, what reaches the
 * workspace, the failed file (and replaying it), exit statuses, and an API key that never shows.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { type CliOptions, type CliRun, ndjson, readNdjson, runCli } from './support/cli-harness.js';

const siteId = 'cli-site';
const apiKey = 'SeCrEtKeY0123456789x';
const wrongKey = 'WrOnGkEy0123456789xY';
const emulator = createTrackApiEmulator({ siteId, apiKey });
let url: string;
let dir: string;
/** Every output of every run in this file, searched for the keys at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  ({ url } = await emulator.listen());
  dir = await mkdtemp(join(tmpdir(), 'cio-cli-replay-'));
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
  for (const output of outputs) {
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain(wrongKey);
  }
});

async function cli(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  const result = await runCli(argv, options);
  outputs.push(result.stdout, result.stderr);
  return result;
}

const flags = (key = apiKey) => ['--site-id', siteId, '--api-key', key, '--base-url', url];
const order = (n: number) => ({
  type: 'track',
  messageId: `order-${n}`,
  userId: `user-${n}`,
  event: 'Order Completed',
  properties: { total: n * 10 },
});
const signUp = (n: number) => ({
  type: 'identify',
  messageId: `identify-${n}`,
  userId: `user-${n}`,
  traits: { email: `user-${n}@example.com`, plan: 'pro' },
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('replay to Customer.io (an emulator at --base-url)', () => {
  it('delivers every message, and the workspace holds them', async () => {
    const input = ndjson(signUp(1), order(1), signUp(2), order(2));
    const result = await cli(['replay', '-', ...flags()], { stdin: input });

    expect(result.status).toBe(0);
    expect(
      emulator.workspace.people().map((person) => [person.id, person.email, person.attributes.plan]),
    ).toEqual([
      ['user-1', 'user-1@example.com', 'pro'],
      ['user-2', 'user-2@example.com', 'pro'],
    ]);
    expect(emulator.workspace.person({ id: 'user-2' })?.events).toMatchObject([
      { type: 'event', name: 'Order Completed', data: { total: 20 } },
    ]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ {2}delivered +4$/m);
    expect(result.stderr).toMatch(/^ {2}requests +[1-9]\d*$/m);
  });

  it('takes the credentials and base URL from the environment', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey, CUSTOMERIO_BASE_URL: url };
    const result = await cli(['replay', '-'], { stdin: ndjson(signUp(1)), env });

    expect(result.status).toBe(0);
    expect(emulator.workspace.person({ id: 'user-1' })).toBeDefined();
  });

  it('prefers flags to the environment', async () => {
    const env = { CUSTOMERIO_SITE_ID: 'other-site', CUSTOMERIO_API_KEY: wrongKey, CUSTOMERIO_BASE_URL: url };
    const good = await cli(['replay', '-', '--site-id', siteId, '--api-key', apiKey], {
      stdin: ndjson(signUp(1)),
      env,
    });
    expect(good.status).toBe(0);

    const right = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey, CUSTOMERIO_BASE_URL: url };
    const bad = await cli(['replay', '-', '--api-key', wrongKey], { stdin: ndjson(signUp(2)), env: right });
    expect(bad.status).toBe(2);
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['user-1']);
  });

  it('exits 2 without credentials, naming the flags and variables, and sends nothing', async () => {
    const result = await cli(['replay', '-'], { stdin: ndjson(signUp(1)) });

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'customerio-destination: missing the Site ID (--site-id or CUSTOMERIO_SITE_ID) and the API key ' +
        '(--api-key or CUSTOMERIO_API_KEY); or use --emulator to try it against the built-in emulator\n',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('exits 2 for a malformed key, saying where it came from without showing it', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: 'short', CUSTOMERIO_REGION: 'eu' };
    const result = await cli(['replay', '-'], { stdin: ndjson(signUp(1)), env });

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'customerio-destination: Invalid option `apiKey`: expected 20 or 64 characters, got 5 (from CUSTOMERIO_API_KEY)\n',
    );
  });

  it('exits 2 for a region that is neither us nor eu', async () => {
    const env = { CUSTOMERIO_SITE_ID: siteId, CUSTOMERIO_API_KEY: apiKey, CUSTOMERIO_REGION: 'mars' };
    const result = await cli(['replay', '-'], { stdin: ndjson(signUp(1)), env });
    expect(result).toMatchObject({
      status: 2,
      stderr: 'customerio-destination: CUSTOMERIO_REGION must be "us" or "eu"\n',
    });
  });
});

describe('credentials Customer.io refuses (401) before anything was delivered', () => {
  it('stop the replay: no more lines are read, what was in flight is recorded, and it exits 2', async () => {
    const lines = Array.from({ length: 8000 }, (_, index) => order(index + 1));
    const input = await file('refused.ndjson', ndjson(...lines));
    const failed = join(dir, 'refused.failed.ndjson');
    const result = await cli(['replay', input, ...flags(wrongKey), '--failed', failed]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'customerio-destination: Customer.io refused the credentials (401) before any message was delivered, ' +
        'so no more lines were read. The Site ID (from --site-id) or the API key (from --api-key) is wrong, ' +
        'or the workspace is in the other region; `customerio-destination verify` checks them.\n',
    );
    const read = Number(/^ {2}messages +(\d+)$/m.exec(result.stderr)?.[1]);
    // At most the messages in flight at once: the replay's window.
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(3000);
    expect(result.stderr).toMatch(new RegExp(`^ {2}failed +${read}$`, 'm'));
    expect(result.stderr).toMatch(/^ {2}delivered +0$/m);
    expect(result.stderr).toMatch(
      /: stopped after line \d+ \(credentials refused\); later lines were not read$/m,
    );
    const written = await readNdjson(failed);
    expect(written).toHaveLength(read);
    expect(written.every((record) => (record as { error: { status?: number } }).error.status === 401)).toBe(
      true,
    );
  });
});

describe('--failed', () => {
  it('records invalid and rejected messages with their line, the message and the error; replaying the file later delivers the rest', async () => {
    const notJson = '{"type":"identify","userId":';
    const invalid = { type: 'track', messageId: 'no-event', userId: 'user-9' };
    const input = await file('batch.ndjson', ndjson(signUp(1), notJson, order(1), '', invalid));
    const failed = join(dir, 'failed.ndjson');
    // The wrong key: Customer.io refuses every request, so every valid message fails.
    const first = await cli(['replay', input, ...flags(wrongKey), '--failed', failed]);

    expect(first.status).toBe(2);
    expect(first.stderr).toMatch(/^ {2}failed +2$/m);
    expect(first.stderr).toMatch(/^ {2}invalid +2$/m);
    expect(first.stderr).toContain(`failed file  ${failed} (4 records)`);
    const written = await readNdjson(failed);
    expect(written).toHaveLength(4);
    expect(written).toEqual(
      expect.arrayContaining([
        {
          line: 2,
          raw: notJson,
          error: expect.objectContaining({
            code: 'invalid_message',
            index: 2,
            problems: [expect.objectContaining({ rule: 'json' })],
          }),
        },
        {
          line: 5,
          message: invalid,
          error: expect.objectContaining({ code: 'invalid_message', messageId: 'no-event' }),
        },
        { line: 1, message: signUp(1), error: expect.objectContaining({ status: 401 }) },
        { line: 3, message: order(1), error: expect.objectContaining({ status: 401 }) },
      ]),
    );
    expect(JSON.stringify(written)).not.toContain(wrongKey);

    // Later, with the right key: the failed file is replayed as it is.
    const again = join(dir, 'failed-again.ndjson');
    const second = await cli(['replay', failed, ...flags(), '--failed', again]);

    expect(second.stderr).toMatch(/^ {2}delivered +2$/m);
    expect(second.status).toBe(1);
    expect(emulator.workspace.person({ id: 'user-1' })?.events.map((event) => event.name)).toEqual([
      'Order Completed',
    ]);
    // Only what still cannot be sent is left, each still carrying its message or text.
    expect((await readNdjson(again)).map((record) => Object.keys(record as object).sort())).toEqual([
      ['error', 'line', 'raw'],
      ['error', 'line', 'message'],
    ]);
    expect(await readNdjson(again)).toMatchObject([{ raw: notJson }, { message: invalid }]);
  });

  it('is created empty when nothing fails, so an old one is never mistaken for this run', async () => {
    const failed = await file('stale.ndjson', '{"line":1,"message":{},"error":{}}\n');
    const result = await cli(['replay', '-', ...flags(), '--failed', failed], { stdin: ndjson(signUp(1)) });

    expect(result.status).toBe(0);
    expect(await readFile(failed, 'utf8')).toBe('');
  });

  it('exits 2, leaving the file alone, when asked to write failures into the file being replayed', async () => {
    const text = ndjson({ line: 1, message: signUp(1), error: {} });
    const failed = await file('replay-me.ndjson', text);
    const result = await cli(['replay', failed, ...flags(), '--failed', failed]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is the file being replayed; write failures to another file');
    expect(await readFile(failed, 'utf8')).toBe(text);
    expect(emulator.requests).toEqual([]);
  });

  it('exits 2 when the failed file cannot be written, before anything is sent', async () => {
    const failed = join(dir, 'missing-dir', 'failed.ndjson');
    const result = await cli(['replay', '-', ...flags(), '--failed', failed], { stdin: ndjson(signUp(1)) });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot write the failed file');
    expect(emulator.requests).toEqual([]);
  });
});

describe('--emulator', () => {
  it('sends to a built-in emulator without credentials, and --show-workspace prints what it holds', async () => {
    const input = ndjson(signUp(1), order(1), {
      type: 'group',
      userId: 'user-1',
      groupId: 'acme',
      traits: {},
    });
    const result = await cli(['replay', '-', '--emulator', '--show-workspace'], { stdin: input });

    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^Sending to the built-in Track API emulator at http:\/\/127\.0\.0\.1:\d+;/,
    );
    expect(result.stdout).toContain("The emulator's workspace now holds:\n  people         1\n");
    expect(result.stdout).toContain('  objects        1 (type 1 1)\n');
    expect(result.stdout).toContain(
      'user-1 <user-1@example.com>  2 attributes, 1 event (track 1: Order Completed), 0 devices',
    );
    expect(emulator.requests).toEqual([]);
  });
});
