/**
 * Writes generated/ from spec/track-api.yaml: the TypeScript types (openapi-typescript), and the
 * document itself as a module, which the emulator validates requests against at run time.
 * With --check, writes nothing and fails when a committed file differs from what the spec gives,
 * so a spec change can never land without its generated files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse as parseYaml } from 'yaml';

const specPath = 'spec/track-api.yaml';
const repoRoot = new URL('../', import.meta.url);
const header = (tool: string) =>
  `// Generated from ${specPath} by ${tool}. Do not edit: run \`npm run generate\`.\n`;

async function renderTypes(spec: string): Promise<string> {
  const ast = await openapiTS(spec);
  return header('openapi-typescript') + astToString(ast);
}

function renderDocument(spec: string): string {
  const document = JSON.stringify(parseYaml(spec), null, 2);
  return `${header('scripts/generate.ts')}export const trackApiDocument: Record<string, unknown> = ${document};\n`;
}

const outputs: ReadonlyArray<{ path: string; render: (spec: string) => string | Promise<string> }> = [
  { path: 'generated/track-api.ts', render: renderTypes },
  { path: 'generated/track-api.document.ts', render: renderDocument },
];

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const spec = await readFile(new URL(specPath, repoRoot), 'utf8');
  let stale = 0;
  for (const output of outputs) {
    const target = fileURLToPath(new URL(output.path, repoRoot));
    const expected = await output.render(spec);
    if (!check) {
      await writeFile(target, expected);
      console.log(`generate: wrote ${output.path} from ${specPath}`);
      continue;
    }
    const actual = await readFile(target, 'utf8').catch(() => '');
    if (actual === expected) {
      console.log(`generate:check: ${output.path} matches ${specPath}`);
    } else {
      console.error(
        `generate:check: ${output.path} does not match ${specPath}. Run \`npm run generate\` and commit.`,
      );
      stale += 1;
    }
  }
  if (stale > 0) process.exitCode = 1;
}

await main();
