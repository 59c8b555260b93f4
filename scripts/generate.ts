/**
 * Writes generated/ from spec/track-api.yaml: the TypeScript types (openapi-typescript), the document
 * itself as a module, which the emulator validates requests against at run time, and the list of
 * operations with whether each takes credentials, which the client reads without the whole document.
 * With --check, writes nothing and fails when a committed file differs from what the spec gives,
 * so a spec change can never land without its generated files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type SchemaObject, transformSchemaObject } from 'openapi-typescript';
import { parse as parseYaml } from 'yaml';

const specPath = 'spec/track-api.yaml';
const repoRoot = new URL('../', import.meta.url);
const header = (tool: string) =>
  `// Generated from ${specPath} by ${tool}. Do not edit: run \`npm run generate\`.\n`;

async function renderTypes(spec: string): Promise<string> {
  const widened = new WeakSet<object>();
  const ast = await openapiTS(spec, {
    // A TypeScript index signature must admit the types of the properties listed beside it, or no
    // object holding one of them compiles: a v1 identify with `cio_relationships` (an object) among its
    // flat attributes. Where additionalProperties are typed, the index type also admits each listed
    // object that requires some property; one that requires none would let any object through under
    // any name, which the client's generic signatures then no longer catch.
    transform(schema, options) {
      const { properties, additionalProperties } = schema as {
        properties?: Record<string, SchemaObject | { $ref: string } | boolean>;
        additionalProperties?: unknown;
      };
      if (widened.has(schema) || !properties || !isRecord(additionalProperties)) return undefined;
      if (!('type' in additionalProperties || '$ref' in additionalProperties)) return undefined;
      const structured = Object.values(properties).filter((property) => {
        if (typeof property !== 'object') return false;
        const resolved = '$ref' in property ? options.ctx.resolve<SchemaObject>(property.$ref) : property;
        const { type, required } = (isRecord(resolved) ? resolved : {}) as {
          type?: unknown;
          required?: unknown;
        };
        return type === 'object' && Array.isArray(required) && required.length > 0;
      });
      if (structured.length === 0) return undefined;
      const wider = { ...schema, additionalProperties: { anyOf: [additionalProperties, ...structured] } };
      widened.add(wider);
      return transformSchemaObject(wider as SchemaObject, options);
    },
  });
  return header('openapi-typescript') + astToString(ast);
}

function renderDocument(spec: string): string {
  const document = JSON.stringify(parseYaml(spec), null, 2);
  return `${header('scripts/generate.ts')}export const trackApiDocument: Record<string, unknown> = ${document};\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface SpecOperation {
  operationId?: string;
  security?: unknown[];
}

/** `METHOD /path/template` of every operation, with its operationId and whether it needs credentials. */
function renderOperations(spec: string): string {
  const document = parseYaml(spec) as {
    security?: unknown[];
    paths?: Record<string, Record<string, SpecOperation | undefined>>;
  };
  const entries = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const security = operation.security ?? document.security ?? [];
      const value = { operationId: operation.operationId, authenticated: security.length > 0 };
      return [`  ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: ${JSON.stringify(value)},`];
    }),
  );
  return `${header('scripts/generate.ts')}/** Every operation of the spec, by \`METHOD /path/template\`: its operationId, and whether it takes credentials. */
export const trackApiOperations = {
${entries.join('\n')}
} as const;
`;
}

const outputs: ReadonlyArray<{ path: string; render: (spec: string) => string | Promise<string> }> = [
  { path: 'generated/track-api.ts', render: renderTypes },
  { path: 'generated/track-api.document.ts', render: renderDocument },
  { path: 'generated/track-api.operations.ts', render: renderOperations },
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
