import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an OpenAPI (or any JSON/YAML) document. JSON is parsed natively because the
 * vendor document is large and YAML parsing it would be needlessly slow.
 */
export function loadDocument(file: string): JsonObject {
  const text = readFileSync(file, 'utf8');
  const value: unknown =
    /\.json$/i.test(file) || text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  if (!isObject(value)) throw new Error(`${file}: expected a document object at the top level`);
  return value;
}
