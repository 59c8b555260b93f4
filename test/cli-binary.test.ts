/**
 * The real binary: Ctrl-C and SIGTERM as signals from the operating system, not the injected source
 * the other tests use, proving main.ts wires the process to the command line.
 */
import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/cli-harness.js';

/** Starts `replay - --emulator` and resolves once it is ready to read standard input. */
async function startReplay() {
  const replay = spawnCli(['replay', '-', '--emulator']);
  await new Promise<void>((resolve) => {
    replay.child.stderr?.on('data', () => {
      if (replay.stderr().includes('Sending to the built-in Track API emulator')) resolve();
    });
  });
  return replay;
}

describe('customerio-destination (the process)', () => {
  it('on SIGINT stops reading standard input, reports, and exits 130', { timeout: 60_000 }, async () => {
    const { child, exited, stderr } = await startReplay();
    // Standard input stays open: only the signal can end this replay.
    child.stdin?.write('{"type":"identify","userId":"user-1"}\n');
    child.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(stderr()).toContain('Stopping: no more lines are read');
    expect(stderr()).toMatch(/Summary of standard input: interrupted after line [01];/);
  });

  it('on SIGTERM stops reading standard input, reports the resume point, and exits 143', {
    timeout: 60_000,
  }, async () => {
    const { child, exited, stderr } = await startReplay();
    child.stdin?.write('{"type":"identify","userId":"user-1"}\n');
    child.kill('SIGTERM');

    expect(await exited).toBe(143);
    expect(stderr()).toContain('Terminated (SIGTERM). Stopping: no more lines are read');
    expect(stderr()).toMatch(/Summary of standard input: interrupted after line [01];/);
    expect(stderr()).toMatch(/^Resume point: line [01] /m);
  });
});
