import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SettledLines } from '../src/cli/settled-lines.js';
import { createTrackApiEmulator } from '../src/testing/index.js';
import {
  type CliOptions,
  type CliRun,
  eventually,
  ndjson,
  readNdjson,
  runCli,
  spawnCli,
  startCli,
} from './support/cli-harness.js';

/** While true, the emulator holds every request without answering it (until the client gives up). */
let holding = false;
/** While true, the emulator holds the next request, and only it. */
let holdingNext = false;
const held = () => {
  if (!holdingNext) return holding;
  holdingNext = false;
  return true;
};
const emulator = createTrackApiEmulator({
  faults: { schedule: [{ delayMs: 600_000 }], repeat: true, only: held },
});
let url: string;
let dir: string;
beforeAll(async () => {
  ({ url } = await emulator.listen());
  dir = await mkdtemp(join(tmpdir(), 'cio-cli-checkpoint-'));
});
afterEach(() => {
  holding = false;
  holdingNext = false;
  emulator.reset();
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const credentials = () => [
  '--site-id',
  emulator.credentials.siteId,
  '--api-key',
  emulator.credentials.apiKey,
  '--base-url',
  url,
];
const signUp = (n: number) => ({ type: 'identify', userId: `user-${n}`, traits: { plan: 'pro' } });
const invalid = (n: number) => ({ type: 'track', messageId: `no-event-${n}`, userId: `user-${n}` });

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function checkpointAt(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8'));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Polls every 20 ms, for up to a minute: for a child process, which takes a while to start. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 3000; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('the settled line (SettledLines)', () => {
  it('is the line below which every line has settled, whatever order they settle in', () => {
    fc.assert(
      fc.property(
        // Gaps between lines holding messages: the lines between are blank.
        fc
          .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 40 })
          .chain((gaps) =>
            fc.tuple(
              fc.constant(gaps),
              fc.shuffledSubarray([...gaps.keys()], { minLength: gaps.length, maxLength: gaps.length }),
            ),
          ),
        ([gaps, order]) => {
          const numbers = gaps.map((_, index) => gaps.slice(0, index + 1).reduce((a, b) => a + b, 0));
          // Every line is 10 bytes long, its newline included.
          const lines = new SettledLines(numbers.length);
          const tickets = numbers.map((line) => lines.add(line, (line - 1) * 10, line * 10));
          const settled = new Set<number>();
          for (const index of order) {
            lines.settle(tickets[index] as number);
            settled.add(index);
            const firstUnsettled = numbers.findIndex((_, i) => !settled.has(i));
            const expected =
              firstUnsettled === -1 ? (numbers.at(-1) as number) : (numbers[firstUnsettled] as number) - 1;
            expect(lines.mark).toEqual({ line: expected, byte: expected * 10 });
          }
          expect(lines.pending).toBe(0);
        },
      ),
    );
  });

  it('has room for at most `capacity` lines above the mark, however many have settled', async () => {
    const lines = new SettledLines(2, { line: 7, byte: 70 });
    expect(lines.mark).toEqual({ line: 7, byte: 70 });
    const first = lines.add(8, 70, 80);
    const second = lines.add(9, 80, 90);
    expect(lines.hasRoom()).toBe(false);
    // Line 9 settled, but line 8 has not: line 9 still counts against the room.
    lines.settle(second);
    expect(lines.hasRoom()).toBe(false);
    const room = lines.room();
    lines.settle(first);
    await room;
    expect(lines.hasRoom()).toBe(true);
    expect(lines.mark).toEqual({ line: 9, byte: 90 });
    // A blank line, or one settled as it was read, moves the mark once everything before it settled.
    lines.pass(11, 110);
    expect(lines.mark).toEqual({ line: 11, byte: 110 });
  });

  it('never passes a line whose outcome could not be recorded', () => {
    const lines = new SettledLines(3);
    const first = lines.add(1, 0, 10);
    const second = lines.add(2, 10, 20);
    lines.settle(second);
    lines.settle(first, false);
    expect(lines.mark).toEqual({ line: 0, byte: 0 });
    expect(lines.pending).toBe(0);
  });
});

describe('--checkpoint', () => {
  const cli = (argv: string[], options?: CliOptions): Promise<CliRun> => runCli(argv, options);

  it('holds, once the replay ends, the last line, its end in bytes, the input and the time', async () => {
    const text = ndjson(signUp(1), signUp(2), invalid(3));
    const input = await file('three.ndjson', `${text}\n`);
    const checkpoint = join(dir, 'three.checkpoint.json');
    const result = await cli(['replay', input, ...credentials(), '--checkpoint', checkpoint]);

    expect(result.status).toBe(1);
    // The blank fourth line is settled too: there is nothing left to resume.
    expect(await checkpointAt(checkpoint)).toEqual({
      format: 'customerio-destination replay checkpoint',
      version: 1,
      line: 4,
      byte: text.length + 1,
      input: { source: input, size: text.length + 1, head: sha256(`${text}\n`) },
      savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // Written through a file beside it, renamed into place: nothing else is left behind.
    expect((await readdir(dir)).filter((name) => name.startsWith('three.checkpoint'))).toEqual([
      'three.checkpoint.json',
    ]);
  });

  it('is rewritten at each tick with the line below which every line has settled, not the last line read', async () => {
    const checkpoint = join(dir, 'running.checkpoint.json');
    const failed = join(dir, 'running.failed.ndjson');
    const stdin = new PassThrough();
    const session = startCli(
      ['replay', '-', ...credentials(), '--checkpoint', checkpoint, '--failed', failed, '--grace', '0'],
      { stdin },
    );
    const progressShows = async (text: string) =>
      eventually(() => {
        session.tick();
        return session.stderr().includes(text);
      }, `progress shows ${text}`);

    stdin.write(ndjson(signUp(1)));
    await progressShows(
      'progress: 1 messages, 1 delivered, 0 problems, 0 msg/s, ETA unknown, settled to line 1',
    );
    // From now on the emulator answers nothing: lines 2 and 3 stay in flight, line 4 is refused at once.
    holding = true;
    stdin.write(ndjson(signUp(2), signUp(3), invalid(4)));
    await progressShows(
      'progress: 4 messages, 1 delivered, 1 problems, 0 msg/s, ETA unknown, settled to line 1',
    );
    // Each tick writes the checkpoint anew.
    await rm(checkpoint);
    session.tick();
    await expect
      .poll(() =>
        checkpointAt(checkpoint).then(
          (saved) => saved.line,
          () => undefined,
        ),
      )
      .toBe(1);

    session.terminate();
    const result = await session.done;
    expect(result.status).toBe(143);
    // Lines 2 and 3 failed when the grace ran out and are in the failed file: settled too.
    expect(await checkpointAt(checkpoint)).toMatchObject({ line: 4 });
    const failedLines = (await readNdjson(failed)).map((record) => record.line as number);
    expect(failedLines.sort()).toEqual([2, 3, 4]);
    expect(result.stderr).toContain(
      `Resume point: line 4 (every line up to it has settled); go on with:\n  customerio-destination replay - --site-id emulator-site-id --api-key '<API key>' --base-url ${url} --failed ${failed} --grace 0 --checkpoint ${checkpoint} --resume\n`,
    );
  });

  it('is saved before a second Ctrl-C quits at once', async () => {
    const checkpoint = join(dir, 'quit.checkpoint.json');
    const stdin = new PassThrough();
    const session = startCli(['replay', '-', ...credentials(), '--checkpoint', checkpoint], { stdin });
    stdin.write(ndjson(signUp(1)));
    await eventually(() => {
      session.tick();
      return session.stderr().includes('settled to line 1');
    }, 'line 1 settled');
    holding = true;
    stdin.write(ndjson(signUp(2)));
    await eventually(() => {
      session.tick();
      return session.stderr().includes('progress: 2 messages,');
    }, 'line 2 was read');
    session.interrupt();
    session.interrupt();
    const result = await session.done;

    expect(session.exits).toEqual([130]);
    expect(result.status).toBe(130);
    expect(await checkpointAt(checkpoint)).toMatchObject({ line: 1 });
  });
});

describe('--resume', () => {
  const cli = (argv: string[], options?: CliOptions): Promise<CliRun> => runCli(argv, options);

  it('goes on after the checkpoint, appends to the failed file, and moves the checkpoint on', async () => {
    const input = await file('growing.ndjson', ndjson(signUp(1), invalid(2), signUp(3)));
    const checkpoint = join(dir, 'growing.checkpoint.json');
    const failed = join(dir, 'growing.failed.ndjson');
    const args = [...credentials(), '--checkpoint', checkpoint, '--failed', failed];
    const first = await cli(['replay', input, ...args]);
    expect(first.status).toBe(1);
    expect(await checkpointAt(checkpoint)).toMatchObject({ line: 3 });

    await appendFile(input, ndjson(signUp(4), invalid(5)));
    emulator.reset();
    const second = await cli(['replay', input, ...args, '--resume']);

    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Summary of ${input}, resumed after line 3\n`);
    expect(second.stderr).toMatch(/^ {2}messages +2$/m);
    expect(second.stderr).toMatch(/^ {2}delivered +1$/m);
    expect(second.stderr).toContain(`failed file  ${failed} (1 record added)`);
    expect(emulator.workspace.people().map((person) => person.id)).toEqual(['user-4']);
    expect((await readNdjson(failed)).map((record) => record.line)).toEqual([2, 5]);
    expect(await checkpointAt(checkpoint)).toMatchObject({ line: 5 });
  });

  it.each([
    ['without --checkpoint', () => ['--resume'], () => '--resume needs --checkpoint FILE'],
    [
      'with a checkpoint file that does not exist',
      () => ['--checkpoint', join(dir, 'none.json'), '--resume'],
      () => `--resume: cannot read the checkpoint "${join(dir, 'none.json')}" (ENOENT)`,
    ],
  ])('exits 2 %s, sending nothing', async (_what, extra, message) => {
    const input = await file('any.ndjson', ndjson(signUp(1)));
    const result = await cli(['replay', input, ...credentials(), ...extra()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message());
    expect(emulator.requests).toEqual([]);
  });

  it.each([
    ['not JSON', '{"line": 3'],
    ['not a checkpoint', '{"line": 3}'],
    [
      'a line that is not a whole number',
      JSON.stringify({
        format: 'customerio-destination replay checkpoint',
        version: 1,
        line: -1,
        byte: 0,
        input: { source: 'x', size: 0, head: sha256('') },
        savedAt: '2025-01-01T00:00:00.000Z',
      }),
    ],
  ])('exits 2 for a checkpoint file that is %s, leaving it alone', async (_what, text) => {
    const input = await file('any.ndjson', ndjson(signUp(1)));
    const checkpoint = await file('bad.checkpoint.json', text);
    const result = await cli(['replay', input, ...credentials(), '--checkpoint', checkpoint, '--resume']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--resume: ${JSON.stringify(checkpoint)} is not a replay checkpoint (`);
    expect(await readFile(checkpoint, 'utf8')).toBe(text);
    expect(emulator.requests).toEqual([]);
  });

  it('refuses a checkpoint written for another input, leaving it alone and sending nothing', async () => {
    const checkpoint = join(dir, 'other.checkpoint.json');
    const original = await file('original.ndjson', ndjson(signUp(1), signUp(2), signUp(3)));
    expect((await cli(['replay', original, ...credentials(), '--checkpoint', checkpoint])).status).toBe(0);
    const saved = await readFile(checkpoint, 'utf8');
    emulator.reset();

    // Same length, other content.
    const other = await file('other.ndjson', ndjson(signUp(7), signUp(8), signUp(9)));
    const result = await cli(['replay', other, ...credentials(), '--checkpoint', checkpoint, '--resume']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `--resume: ${JSON.stringify(other)} is not the input the checkpoint ${JSON.stringify(checkpoint)} was written for`,
    );
    // Shorter than the checkpoint's line.
    const shorter = await file('shorter.ndjson', ndjson(signUp(1)));
    const short = await cli(['replay', shorter, ...credentials(), '--checkpoint', checkpoint, '--resume']);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain(`--resume: ${JSON.stringify(shorter)} is not the input the checkpoint`);

    expect(await readFile(checkpoint, 'utf8')).toBe(saved);
    expect(emulator.requests).toEqual([]);
  });
});

describe('killed with SIGKILL, then resumed', () => {
  const total = 12_000;
  const people = 500;
  /** Every 20th line identifies a person; the others are events carrying their line number. */
  const lineAt = (n: number) =>
    n % 20 === 0
      ? {
          type: 'identify',
          messageId: `identify-${n}`,
          userId: `user-${(n / 20) % people}`,
          traits: { seen: true },
        }
      : {
          type: 'track',
          messageId: `event-${n}`,
          userId: `user-${n % people}`,
          event: 'Item Viewed',
          // Big enough that a batch holds a few hundred of them, so the replay takes a while.
          properties: { n, note: 'x'.repeat(1500) },
        };

  function replay(input: string, extra: string[]) {
    const env = {
      CUSTOMERIO_SITE_ID: emulator.credentials.siteId,
      CUSTOMERIO_API_KEY: emulator.credentials.apiKey,
    };
    return spawnCli(['replay', input, '--base-url', url, ...extra], { env, stdin: 'ignore' });
  }

  it('delivers every line, repeats at most what was in flight, and the workspace holds each event once', {
    timeout: 180_000,
  }, async () => {
    const lines = Array.from({ length: total }, (_, index) => lineAt(index + 1));
    const input = await file('kill.ndjson', ndjson(...lines));
    const checkpoint = join(dir, 'kill.checkpoint.json');
    const failed = join(dir, 'kill.failed.ndjson');
    const args = ['--checkpoint', checkpoint, '--failed', failed];

    // Once a third of the events got through, the emulator holds the next request: its lines never
    // settle, so the checkpoint stops below them, while later lines are delivered until the replay
    // has read as far ahead of the checkpoint as it may.
    const first = replay(input, [...args, '--rate', '5']);
    let scanned = 0;
    let passed = 0;
    await until(() => {
      const requests = emulator.requests;
      for (; scanned < requests.length; scanned += 1) {
        passed += (requests[scanned]?.body as { batch?: unknown[] } | undefined)?.batch?.length ?? 0;
      }
      if (passed < total / 3) return false;
      holdingNext = true;
      return true;
    }, 'a third of the events got through');
    // Two checkpoints in a row with the same line: everything that could settle has.
    let seen: { line: number; savedAt: string } | undefined;
    let unchanged = 0;
    await until(async () => {
      const now = (await checkpointAt(checkpoint).catch(() => undefined)) as typeof seen;
      if (!now || now.savedAt === seen?.savedAt) return false;
      unchanged = now.line === seen?.line ? unchanged + 1 : 0;
      seen = now;
      return unchanged >= 2;
    }, 'the checkpoint stopped moving');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const { line: resumeAfter } = (await checkpointAt(checkpoint)) as { line: number };
    expect(resumeAfter).toBeGreaterThan(0);
    expect(resumeAfter).toBeLessThan(total);
    const eventLine = (event: { data: Record<string, unknown> }) => event.data.n as number;
    const deliveredBeforeKill = emulator.workspace.people().flatMap((person) => person.events.map(eventLine));
    // Lines past the checkpoint that the killed run delivered: sent again, at most a window's worth.
    const overlap = deliveredBeforeKill.filter((n) => n > resumeAfter).length;
    expect(overlap).toBeGreaterThan(0);
    expect(overlap).toBeLessThanOrEqual(3000);

    const second = replay(input, [...args, '--resume', '--rate', '100']);
    expect(await second.exited).toBe(0);
    const output = second.stderr();
    expect(output).toContain(`Summary of ${input}, resumed after line ${resumeAfter}\n`);
    expect(output).toMatch(new RegExp(`^ {2}messages +${total - resumeAfter}$`, 'm'));

    const events = emulator.workspace.people().flatMap((person) => person.events.map(eventLine));
    const expected = lines.flatMap((line, index) => (line.type === 'track' ? [index + 1] : []));
    expect(events.length).toBe(expected.length);
    expect(events.sort((a, b) => a - b)).toEqual(expected);
    expect(
      emulator.workspace
        .people()
        .filter((person) => person.attributes.seen === true)
        .map((person) => person.id)
        .sort(),
    ).toEqual(Array.from({ length: people }, (_, n) => `user-${n}`).sort());
    // Customer.io, like the emulator, ignores an event whose dedupe id it already holds: the events
    // sent twice are in the requests, not in the workspace.
    const sentIds = emulator.requests.flatMap(
      (request) =>
        (request.status === 200 ? (request.body as { batch?: Array<{ id?: string }> }).batch : undefined)
          ?.map((item) => item.id)
          .filter((id) => id !== undefined) ?? [],
    );
    expect(sentIds.length - new Set(sentIds).size).toBe(overlap);
    expect(await readFile(failed, 'utf8')).toBe('');
    expect(await checkpointAt(checkpoint)).toMatchObject({
      line: total,
      byte: (await readFile(input)).length,
    });
  });
});
