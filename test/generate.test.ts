import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** A throw-away copy of what generation reads and writes, so the checks can tamper with it. */
let copy: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'cio-generate-'));
  for (const dir of ['scripts', 'spec', 'generated'])
    await cp(join(repoRoot, dir), join(copy, dir), { recursive: true });
  await cp(join(repoRoot, 'package.json'), join(copy, 'package.json'));
  await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

function generate(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', ...args], { cwd: copy });
}

describe('npm run generate:check', { timeout: 30_000 }, () => {
  it('passes when generated/ matches spec/', async () => {
    const { stdout } = await generate('--check');
    expect(stdout).toContain('generated/track-api.ts matches spec/track-api.yaml');
  });

  it('fails, naming the stale file, when generated/ was edited by hand', async () => {
    await appendFile(join(copy, 'generated/track-api.ts'), '\nexport type HandEdited = true;\n');
    await expect(generate('--check')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('generated/track-api.ts does not match spec/track-api.yaml'),
    });
  });

  it('fails when the spec changed and generation was not run, and passes once it was', async () => {
    await appendFile(join(copy, 'spec/track-api.yaml'), '    Extra:\n      type: string\n');
    await expect(generate('--check')).rejects.toMatchObject({ code: 1 });
    await generate();
    await expect(generate('--check')).resolves.toBeDefined();
  });
});
