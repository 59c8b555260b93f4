/**
 * Checks the package as it would be published: builds dist/ from scratch, lints the packed package
 * (publint, warnings count as errors), checks that its types resolve for ESM consumers (attw), then
 * installs the tarball into a throwaway project, loads every entry point with `import` and with
 * `require()`, compiles a strict TypeScript consumer of them (first without msw, the optional peer,
 * then with it), and runs the bin. Prints PASS or FAIL for each step; exits 1 when any failed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingTargets, readPackageJson } from './lib/package-files.js';
import { type Outcome, smokeTest } from './lib/package-smoke.js';
import { npm } from './lib/run-command.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const failed: string[] = [];

function report({ name, failure, detail }: Outcome): boolean {
  if (failure === undefined) {
    console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
    return true;
  }
  console.log(`FAIL ${name}\n${failure.replace(/^/gm, '  ')}`);
  failed.push(name);
  return false;
}

function announce(title: string): void {
  console.log(`\n== ${title}`);
}

/** Builds dist/ from scratch; false when tsc failed, since nothing after it can be trusted then. */
function build(): boolean {
  announce('npm run build');
  // From scratch, so no file of a removed source is left in dist/ to be published.
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const built = npm(['run', 'build'], { cwd: root }).ok;
  if (!report({ name: 'build', failure: built ? undefined : 'tsc failed' })) return false;
  const missing = missingTargets(root, readPackageJson(root), './dist/');
  report({
    name: 'build output matches the exports map',
    failure: missing.length > 0 ? `not built: ${missing.join(', ')}` : undefined,
  });
  return true;
}

function main(): void {
  if (!build()) {
    console.log('\nSKIP publint, attw and the smoke test: the build failed');
  } else {
    announce('publint --strict');
    const publint = npm(['exec', '--no', '--', 'publint', 'run', '--strict', '--pack', 'npm'], { cwd: root });
    report({ name: 'publint', failure: publint.ok ? undefined : 'publint reported errors or warnings' });

    announce('attw --pack . --profile esm-only');
    const attw = npm(['exec', '--no', '--', 'attw', '--pack', '.', '--profile', 'esm-only'], { cwd: root });
    report({ name: 'attw', failure: attw.ok ? undefined : 'attw found problems' });

    announce('smoke test: npm pack, npm install, import, require(), bin');
    smokeTest(root, readPackageJson(root), report);
  }
  console.log(failed.length === 0 ? '\nPASS check:package' : `\nFAIL check:package: ${failed.join('; ')}`);
  if (failed.length > 0) process.exitCode = 1;
}

main();
