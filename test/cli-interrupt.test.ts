/**
 * Ctrl-C, pressed through the injected signal source: the first stops the reading and settles what
 * was accepted; the second quits at once.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackApiEmulator } from '../src/testing/index.js';
import { eventually, ndjson, startCli } from './support/cli-harness.js';

// The first request waits a while, so Ctrl-C comes while messages are still being delivered.
const emulator = createTrackApiEmulator({ faults: { schedule: [{ delayMs: 300 }] } });
let url: string;
beforeAll(async () => {
  ({ url } = await emulator.listen());
});
afterAll(() => emulator.close());

const argv = () => [
  'replay',
  '-',
  '--site-id',
  emulator.credentials.siteId,
  '--api-key',
  emulator.credentials.apiKey,
  '--base-url',
  url,
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
