/**
 * The real binary, once: Ctrl-C as a signal from the operating system, not the injected source the
 * other tests use, proving main.ts wires the process to the command line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('customerio-destination (the process)', () => {
  it('on SIGINT stops reading standard input, reports, and exits 130', { timeout: 60_000 }, async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=customerio-destination-source',
        '--import',
        'tsx',
        'src/cli/main.ts',
        'replay',
        '-',
        '--emulator',
      ],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', () => {
        if (stderr.includes('Sending to the built-in Track API emulator')) resolve();
      });
    });
    // Standard input stays open: only the signal can end this replay.
    child.stdin.write('{"type":"identify","userId":"user-1"}\n');
    child.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(stderr).toContain('Stopping: no more lines are read');
    expect(stderr).toMatch(/Summary of standard input: interrupted after line [01];/);
  });
});
