/**
 * The demo: the committed sample is what its generator makes, and `npm run demo` replays it through
 * the real binary to the emulator, reporting the invalid lines yet exiting 0.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoMessageLines } from '../scripts/lib/demo-messages.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

describe('the demo', () => {
  it('replays the sample its generator makes (npm run demo:generate)', async () => {
    const committed = await readFile(new URL('../examples/demo/messages.ndjson', import.meta.url), 'utf8');
    expect(committed).toBe(`${demoMessageLines().join('\n')}\n`);
  });

  it('holds every kind of message, and some that cannot be sent', () => {
    const parsed = demoMessageLines().flatMap((line) => {
      try {
        return [JSON.parse(line) as { type?: string; event?: string }];
      } catch {
        return [];
      }
    });
    const types = new Set(parsed.map((message) => message.type));
    for (const type of ['identify', 'track', 'page', 'screen', 'group', 'alias'])
      expect(types).toContain(type);
    const events = new Set(parsed.map((message) => message.event));
    for (const event of [
      'Order Completed',
      'Application Installed',
      'Report Delivery Event',
      'User Deleted',
    ]) {
      expect(events).toContain(event);
    }
    expect(parsed.length).toBeGreaterThan(950);
  });

  it('npm run demo: sends it all to the emulator, reports the invalid lines, shows the workspace, exits 0', {
    timeout: 60_000,
  }, async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const [tool, ...args] = (pkg.scripts.demo as string).split(' ');
    expect(tool).toBe('tsx');
    // The script's own arguments, through node with tsx as a loader: the binary as users run it.
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot });

    expect(stderr).toMatch(/^Summary of examples\/demo\/messages\.ndjson$/m);
    expect(stderr).toMatch(/^ {2}failed +0$/m);
    expect(stderr).toMatch(/^ {2}invalid +9$/m);
    expect(stderr).toMatch(/^ {2}delivered +\d{3}$/m);
    expect(stderr).toMatch(/^line \d+ is not JSON \(/m);
    expect(stdout).toContain("The emulator's workspace now holds:");
    expect(stdout).toMatch(/^ {2}people +\d+$/m);
    const failed = await readFile(new URL('../examples/demo/failed.ndjson', import.meta.url), 'utf8');
    expect(failed.trimEnd().split('\n')).toHaveLength(9);
  });
});
