import { isObject, type JsonObject } from './document.js';
import { encodePointerSegment, followRefs } from './local-refs.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

export interface Operation {
  /** `POST /api/v2/batch`, as written in its own document. */
  label: string;
  /** Method plus path with parameter names blanked, so `{identifier}` and `{customer_id}` match. */
  key: string;
  method: string;
  path: string;
  pathParameterNames: string[];
  parameters: Parameter[];
  requestBody?: JsonObject;
  /** JSON Pointer (as a `#/...` fragment) of the request body object, after following `$ref`s. */
  requestBodyPointer?: string;
  security: Array<Record<string, unknown>>;
}

export function normalizePathTemplate(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${normalizePathTemplate(path)}`;
}

/** Parses a `METHOD /path` string as written in the deviations file. */
export function operationKeyFromLabel(label: string): string | undefined {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(label);
  return match?.[1] && match[2] ? operationKey(match[1], match[2]) : undefined;
}

function resolveParameters(doc: JsonObject, list: unknown): Parameter[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const { value } = followRefs(doc, entry, '');
    if (!isObject(value) || typeof value.name !== 'string' || typeof value.in !== 'string') return [];
    return [{ name: value.name, in: value.in, required: value.required === true, schema: value.schema }];
  });
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(pathLevel: Parameter[], opLevel: Parameter[]): Parameter[] {
  const id = (p: Parameter) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const merged = new Map(pathLevel.map((p) => [id(p), p]));
  for (const p of opLevel) merged.set(id(p), p);
  return [...merged.values()];
}

export function listOperations(doc: JsonObject): Operation[] {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const globalSecurity = Array.isArray(doc.security) ? doc.security : [];
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const { value: item } = followRefs(doc, rawItem, '');
    if (!isObject(item)) continue;
    const pathLevel = resolveParameters(doc, item.parameters);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const bodyPointer = `#/paths/${encodePointerSegment(path)}/${method}/requestBody`;
      const body = op.requestBody === undefined ? undefined : followRefs(doc, op.requestBody, bodyPointer);
      const security = Array.isArray(op.security) ? op.security : globalSecurity;
      operations.push({
        label: `${method.toUpperCase()} ${path}`,
        key: operationKey(method, path),
        method,
        path,
        pathParameterNames: [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? ''),
        parameters: mergeParameters(pathLevel, resolveParameters(doc, op.parameters)),
        ...(body && isObject(body.value)
          ? { requestBody: body.value, requestBodyPointer: body.pointer }
          : {}),
        security: security.filter(isObject),
      });
    }
  }
  return operations;
}

export interface RequestBodyExample {
  name: string;
  value: unknown;
}

/** Named examples of an operation's JSON request body, `$ref`s to `components/examples` followed. */
export function requestBodyExamples(doc: JsonObject, op: Operation): RequestBodyExample[] {
  const content = isObject(op.requestBody?.content) ? op.requestBody.content : {};
  const media = content['application/json'];
  if (!isObject(media) || !isObject(media.examples)) return [];
  return Object.entries(media.examples).flatMap(([name, raw]) => {
    const { value } = followRefs(doc, raw, '');
    return isObject(value) && 'value' in value ? [{ name, value: value.value }] : [];
  });
}
