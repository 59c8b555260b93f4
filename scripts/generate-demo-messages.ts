/**
 * Writes examples/demo/messages.ndjson, the sample `npm run demo` replays, from a seeded generator
 * (scripts/lib/demo-messages.ts). With --check, writes nothing and fails when the committed file is
 * not what the generator makes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { demoMessageLines } from './lib/demo-messages.js';

const target = new URL('../examples/demo/messages.ndjson', import.meta.url);
const path = 'examples/demo/messages.ndjson';

const expected = `${demoMessageLines().join('\n')}\n`;
if (process.argv.includes('--check')) {
  const actual = await readFile(target, 'utf8').catch(() => '');
  if (actual === expected) {
    console.log(`demo:generate --check: ${path} is up to date`);
  } else {
    console.error(
      `demo:generate --check: ${path} is not what the generator makes. Run \`npm run demo:generate\`.`,
    );
    process.exitCode = 1;
  }
} else {
  await writeFile(target, expected);
  console.log(`demo:generate: wrote ${expected.split('\n').length - 1} lines to ${path}`);
}
