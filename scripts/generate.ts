/**
 * Writes generated/track-api.ts from spec/track-api.yaml with openapi-typescript.
 * With --check, writes nothing and fails when the committed file differs from what the spec gives,
 * so a spec change can never land without its types.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const specPath = 'spec/track-api.yaml';
const outputPath = 'generated/track-api.ts';
const repoRoot = new URL('../', import.meta.url);

export async function renderTypes(): Promise<string> {
  const ast = await openapiTS(new URL(specPath, repoRoot));
  const header = `// Generated from ${specPath} by openapi-typescript. Do not edit: run \`npm run generate\`.\n`;
  return header + astToString(ast);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const target = fileURLToPath(new URL(outputPath, repoRoot));
  const expected = await renderTypes();
  if (!check) {
    await writeFile(target, expected);
    console.log(`generate: wrote ${outputPath} from ${specPath}`);
    return;
  }
  const actual = await readFile(target, 'utf8').catch(() => '');
  if (actual !== expected) {
    console.error(
      `generate:check: ${outputPath} does not match ${specPath}. Run \`npm run generate\` and commit.`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`generate:check: ${outputPath} matches ${specPath}`);
}

await main();
