/**
 * Ctrl-C and SIGTERM, sent through the injected signal source. The first Ctrl-C stops the reading and
 * settles what was accepted; the second quits at once. SIGTERM stops the reading too, but gives what
 * is in flight only `--grace` seconds before it fails and is recorded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { eventually, ndjson, startCli } from './support/cli-harness.js';

// The first request waits a while, so Ctrl-C comes while messages are still being delivered.
const emulator = createTrackApiEmulator({ faults: { schedule: [{ delayMs: 300 }] } });
// Never answers: whatever it is sent stays in flight until the client gives up.
const silent = createTrackApiEmulator({ faults: { schedule: [{ delayMs: 600_000 }], repeat: true } });
let url: string;
let silentUrl: string;
let dir: string;
beforeAll(async () => {
  ({ url } = await emulator.listen());
  ({ url: silentUrl } = await silent.listen());
  dir = await mkdtemp(join(tmpdir(), 'cio-cli-interrupt-'));
});
afterAll(async () => {
  await Promise.all([emulator.close(), silent.close()]);
  await rm(dir, { recursive: true, force: true });
});

const argv = (to = emulator, at = () => url) => [
  'replay',
  '-',
  '--site-id',
  to.credentials.siteId,
  '--api-key',
  to.credentials.apiKey,
  '--base-url',
  at(),
];
const signUp = (n: number) => ({ type: 'identify', userId: `user-${n}`, traits: { plan: 'pro' } });

/** Fires the progress timer until its line shows that `count` messages were read. */
async function untilRead(session: ReturnType<typeof startCli>, count: number) {
  await eventually(() => {
    session.tick();
    return session.stderr().includes(`progress: ${count} messages,`);
  }, `${count} messages were read`);
}

describe('Ctrl-C', () => {
  it('the first stops reading, delivers what was accepted, reports, and exits 130', async () => {
    emulator.reset();
    // Standard input stays open: the replay must stop reading without waiting for its end.
    const stdin = new PassThrough();
    const session = startCli(argv(), { stdin });
    stdin.write(ndjson(signUp(1), signUp(2), signUp(3)));
    await untilRead(session, 3);
    session.interrupt();
    const result = await session.done;

    expect(result.status).toBe(130);
    expect(session.exits).toEqual([]);
    expect(result.stderr).toContain(
      'Stopping: no more lines are read; finishing what was accepted. (press Ctrl-C again to quit at once)',
    );
    expect(result.stderr).toContain(
      'Summary of standard input: interrupted after line 3; later lines were not read\n  messages   3\n  delivered  3\n',
    );
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['user-1', 'user-2', 'user-3']);
    expect(stdin.destroyed).toBe(true);
  });

  it('the second quits at once, through io.exit, without waiting for deliveries', async () => {
    emulator.reset();
    const stdin = new PassThrough();
    const session = startCli(argv(), { stdin });
    stdin.write(ndjson(signUp(1)));
    await untilRead(session, 1);
    session.interrupt();
    session.interrupt();
    const result = await session.done;

    expect(result.status).toBe(130);
    expect(session.exits).toEqual([130]);
    expect(result.stderr).toContain('Quitting at once.');
    expect(result.stderr).not.toContain('Summary');
  });
});

describe('SIGTERM', () => {
  it('stops reading, delivers what was accepted, reports the resume point, and exits 143', async () => {
    emulator.reset();
    const stdin = new PassThrough();
    const session = startCli(argv(), { stdin });
    stdin.write(ndjson(signUp(1), signUp(2), signUp(3)));
    await untilRead(session, 3);
    session.terminate();
    const result = await session.done;

    expect(result.status).toBe(143);
    expect(session.exits).toEqual([]);
    expect(result.stderr).toContain(
      'Terminated (SIGTERM). Stopping: no more lines are read; finishing what was accepted. ' +
        'What has not settled 10 s from now (--grace) fails and is recorded.',
    );
    expect(result.stderr).toContain(
      'Summary of standard input: interrupted after line 3; later lines were not read\n  messages   3\n  delivered  3\n',
    );
    expect(result.stderr).toContain(
      'Resume point: line 3 (every line up to it has settled); with --checkpoint FILE, --resume goes on after it.',
    );
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['user-1', 'user-2', 'user-3']);
    expect(stdin.destroyed).toBe(true);
  });

  it('fails what has not settled within --grace, records it in the failed file, and exits 143', async () => {
    const failed = join(dir, 'abandoned.ndjson');
    const stdin = new PassThrough();
    const session = startCli([...argv(silent, () => silentUrl), '--grace', '0', '--failed', failed], {
      stdin,
    });
    stdin.write(ndjson(signUp(1), signUp(2)));
    await untilRead(session, 2);
    session.terminate();
    const result = await session.done;

    expect(result.status).toBe(143);
    expect(result.stderr).toMatch(/^ {2}failed +2$/m);
    const records = (await readFile(failed, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toEqual([
      { line: 1, message: signUp(1), error: expect.objectContaining({ code: 'abandoned' }) },
      { line: 2, message: signUp(2), error: expect.objectContaining({ code: 'abandoned' }) },
    ]);
    expect(silent.workspace.people()).toEqual([]);
  });

  it('after a first Ctrl-C, limits the wait to --grace', async () => {
    const stdin = new PassThrough();
    const session = startCli([...argv(silent, () => silentUrl), '--grace', '0'], { stdin });
    stdin.write(ndjson(signUp(1)));
    await untilRead(session, 1);
    session.interrupt();
    session.terminate();
    const result = await session.done;

    // Ctrl-C stopped the reading: its status stands.
    expect(result.status).toBe(130);
    expect(session.exits).toEqual([]);
    expect(result.stderr).toMatch(/^ {2}failed +1$/m);
  });
});
