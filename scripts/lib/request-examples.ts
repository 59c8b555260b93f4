import { isObject, type JsonObject } from './document.js';
import { followRefs } from './local-refs.js';
import type { Operation } from './openapi-operations.js';

export interface DocumentRequestExample {
  /**
   * Where the document gives it: `example`, `examples.<name>` (the media type's), `schema` or
   * `schema "<title>"` (the body schema's own, or one of its union branches'), `x-codeSamples "<label>"`.
   */
  name: string;
  value: unknown;
}

/**
 * Every whole request body an operation's document shows: the media type's `example` and `examples`,
 * the `example` of the body schema and of each branch of its unions (followed through `$ref`s; the
 * examples of single properties are not bodies), and JSON code samples (`x-codeSamples`, lang `json`).
 * A body shown in several places counts once, under its first name.
 */
export function documentRequestExamples(doc: JsonObject, op: Operation): DocumentRequestExample[] {
  const content = isObject(op.requestBody?.content) ? op.requestBody.content : {};
  const media = content['application/json'];
  const found: DocumentRequestExample[] = [];
  if (isObject(media)) {
    if ('example' in media) found.push({ name: 'example', value: media.example });
    if (isObject(media.examples)) {
      for (const [name, raw] of Object.entries(media.examples)) {
        const { value } = followRefs(doc, raw, '');
        if (isObject(value) && 'value' in value) found.push({ name: `examples.${name}`, value: value.value });
      }
    }
    schemaExamples(doc, media.schema, found, new Set());
  }
  found.push(...codeSampleExamples(doc, op));
  const seen = new Set<string>();
  return found.filter(({ value }) => {
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function schemaExamples(
  doc: JsonObject,
  schema: unknown,
  found: DocumentRequestExample[],
  visiting: Set<unknown>,
): void {
  const { value } = followRefs(doc, schema, '');
  if (!isObject(value) || visiting.has(value)) return;
  visiting.add(value);
  if ('example' in value) {
    const name = typeof value.title === 'string' ? `schema ${JSON.stringify(value.title)}` : 'schema';
    found.push({ name, value: value.example });
  }
  for (const keyword of ['oneOf', 'anyOf']) {
    const branches = value[keyword];
    if (Array.isArray(branches)) for (const branch of branches) schemaExamples(doc, branch, found, visiting);
  }
  visiting.delete(value);
}

function codeSampleExamples(doc: JsonObject, op: Operation): DocumentRequestExample[] {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const { value: item } = followRefs(doc, paths[op.path], '');
  const operation = isObject(item) ? item[op.method] : undefined;
  const samples = isObject(operation) ? operation['x-codeSamples'] : undefined;
  if (!Array.isArray(samples)) return [];
  return samples.flatMap((sample) => {
    if (!isObject(sample) || sample.lang !== 'json' || typeof sample.source !== 'string') return [];
    const label = typeof sample.label === 'string' ? sample.label : 'json';
    try {
      return [
        { name: `x-codeSamples ${JSON.stringify(label)}`, value: JSON.parse(sample.source) as unknown },
      ];
    } catch {
      return [];
    }
  });
}
