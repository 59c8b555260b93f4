import { isObject, type JsonObject } from './document.js';
import { isLocalRef, resolveRef } from './local-refs.js';
import {
  anyNode,
  deepEqual,
  type JsonType,
  neverNode,
  type PlainNode,
  type SchemaNode,
  type SchemaSide,
  typeAllows,
} from './schema-node.js';

/** Keywords whose meaning the comparator does not model; their presence is reported, never ignored. */
const UNCOMPARED_KEYWORDS = [
  'not',
  'if',
  'patternProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'contains',
  'prefixItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
];

const JSON_TYPES = new Set<string>(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/** Guards against `allOf` products that would grow without bound. */
const MAX_UNION_LEAVES = 512;

/** Normalises a list of raw schemas that must all hold (the members of an implicit `allOf`). */
export function normalizeAll(raws: readonly unknown[], side: SchemaSide): SchemaNode {
  if (raws.length === 1) return normalize(raws[0], side);
  return normalize({ allOf: raws }, side);
}

export function normalize(raw: unknown, side: SchemaSide, refStack: readonly string[] = []): SchemaNode {
  if (raw === undefined || raw === true) return anyNode();
  if (raw === false) return neverNode();
  if (!isObject(raw)) {
    const node = anyNode();
    node.uncompared.push(`a malformed schema (${JSON.stringify(raw)})`);
    return node;
  }
  const parts: SchemaNode[] = [];
  if (typeof raw.$ref === 'string') parts.push(normalizeRef(raw.$ref, side, refStack));
  parts.push(ownKeywords(raw));
  for (const member of arrayOf(raw.allOf)) parts.push(normalize(member, side, refStack));
  for (const op of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(raw[op])) {
      const branches = raw[op].map((b: unknown) => normalize(b, side, refStack));
      parts.push(simplifyUnion(op, branches, []));
    }
  }
  return parts.reduce((acc, part) => mergeNodes(acc, part));
}

function normalizeRef(ref: string, side: SchemaSide, refStack: readonly string[]): SchemaNode {
  if (!isLocalRef(ref)) {
    const node = anyNode([ref]);
    node.uncompared.push(`the external reference ${ref}`);
    return node;
  }
  // A reference that contains itself through allOf/oneOf/anyOf has no finite expansion; properties are
  // expanded lazily, so only this direct form can loop here.
  if (refStack.includes(ref)) {
    const node = anyNode([ref]);
    node.uncompared.push(`the recursive reference ${ref}`);
    return node;
  }
  const target = normalize(resolveRef(side.doc, ref), side, [...refStack, ref]);
  return { ...target, refs: unique([ref, ...target.refs]) } as SchemaNode;
}

function ownKeywords(raw: JsonObject): PlainNode {
  const node = anyNode();
  const { type } = raw;
  const typeList = Array.isArray(type) ? type : typeof type === 'string' ? [type] : undefined;
  if (typeList) node.types = typeList.filter((t): t is JsonType => JSON_TYPES.has(String(t)));
  // OpenAPI 3.0 spelling of a nullable type.
  if (raw.nullable === true && node.types && !node.types.includes('null')) node.types.push('null');
  if (Array.isArray(raw.enum)) node.enum = [...raw.enum];
  if ('const' in raw) node.enum = [raw.const];
  if (isObject(raw.properties)) {
    for (const [name, schema] of Object.entries(raw.properties)) node.properties.set(name, [schema]);
  }
  if (Array.isArray(raw.required)) for (const r of raw.required) node.required.add(String(r));
  if ('additionalProperties' in raw) node.additional = [raw.additionalProperties];
  if (isObject(raw.items) || typeof raw.items === 'boolean') node.items = [raw.items];
  else if (Array.isArray(raw.items)) node.uncompared.push('items given as a tuple');
  node.minProperties = num(raw.minProperties);
  node.maxProperties = num(raw.maxProperties);
  node.minItems = num(raw.minItems);
  node.maxItems = num(raw.maxItems);
  if (raw.uniqueItems === true) node.uniqueItems = true;
  node.minLength = num(raw.minLength);
  node.maxLength = num(raw.maxLength);
  if (typeof raw.pattern === 'string') node.patterns.push(raw.pattern);
  if (typeof raw.format === 'string') node.formats.push(raw.format);
  node.minimum = num(raw.minimum);
  node.maximum = num(raw.maximum);
  // OpenAPI 3.0 makes exclusiveMinimum/Maximum booleans that qualify minimum/maximum.
  if (raw.exclusiveMinimum === true) [node.exclusiveMinimum, node.minimum] = [node.minimum, undefined];
  else node.exclusiveMinimum = num(raw.exclusiveMinimum);
  if (raw.exclusiveMaximum === true) [node.exclusiveMaximum, node.maximum] = [node.maximum, undefined];
  else node.exclusiveMaximum = num(raw.exclusiveMaximum);
  if (typeof raw.multipleOf === 'number') node.multipleOf.push(raw.multipleOf);
  for (const keyword of UNCOMPARED_KEYWORDS) if (keyword in raw) node.uncompared.push(`"${keyword}"`);
  return node;
}

export function mergeNodes(a: SchemaNode, b: SchemaNode): SchemaNode {
  const refs = unique([...a.refs, ...b.refs]);
  if (a.kind === 'never' || b.kind === 'never') return neverNode(refs);
  // allOf distributes over a union: allOf[oneOf[A,B], C] accepts exactly what oneOf[A∧C, B∧C] accepts,
  // and the same holds for anyOf, so the union structure is kept and only its leaves are merged.
  if (a.kind === 'union') return mapLeaves(a, (leaf) => mergeNodes(leaf, b), refs);
  if (b.kind === 'union') return mapLeaves(b, (leaf) => mergeNodes(a, leaf), refs);
  return mergePlain(a, b, refs);
}

function mapLeaves(node: SchemaNode, f: (leaf: PlainNode) => SchemaNode, refs: string[]): SchemaNode {
  if (node.kind === 'never') return node;
  if (node.kind === 'plain') return f(node);
  return simplifyUnion(
    node.op,
    node.branches.map((b) => mapLeaves(b, f, [])),
    refs,
  );
}

function simplifyUnion(op: 'oneOf' | 'anyOf', branches: SchemaNode[], refs: string[]): SchemaNode {
  // A branch that accepts nothing never counts towards oneOf's "exactly one", so dropping it is exact.
  const live = branches.filter((b) => b.kind !== 'never');
  const [only] = live;
  if (live.length === 0) return neverNode(refs);
  if (live.length === 1 && only) return { ...only, refs: unique([...refs, ...only.refs]) } as SchemaNode;
  const node: SchemaNode = { kind: 'union', op, branches: live, refs };
  if (countLeaves(node) > MAX_UNION_LEAVES) {
    const tooBig = anyNode(refs);
    tooBig.uncompared.push(`a combination of more than ${MAX_UNION_LEAVES} union branches`);
    return tooBig;
  }
  return node;
}

function countLeaves(node: SchemaNode): number {
  if (node.kind !== 'union') return 1;
  return node.branches.reduce((n, b) => n + countLeaves(b), 0);
}

function mergePlain(a: PlainNode, b: PlainNode, refs: string[]): SchemaNode {
  const node = anyNode(refs);
  node.types = intersectTypes(a.types, b.types);
  if (node.types?.length === 0) return neverNode(refs);
  if (a.enum && b.enum) node.enum = a.enum.filter((v) => b.enum?.some((w) => deepEqual(v, w)));
  else node.enum = a.enum ?? b.enum;
  if (node.enum?.length === 0) return neverNode(refs);
  // Each allOf member's additionalProperties also governs names the other members declare, so a name
  // declared on one side picks up the other side's additionalProperties.
  for (const name of new Set([...a.properties.keys(), ...b.properties.keys()])) {
    const fromA = a.properties.get(name) ?? a.additional ?? [];
    const fromB = b.properties.get(name) ?? b.additional ?? [];
    node.properties.set(name, [...fromA, ...fromB]);
  }
  node.required = new Set([...a.required, ...b.required]);
  if (a.additional || b.additional) node.additional = [...(a.additional ?? []), ...(b.additional ?? [])];
  if (a.items || b.items) node.items = [...(a.items ?? []), ...(b.items ?? [])];
  node.minProperties = pick(Math.max, a.minProperties, b.minProperties);
  node.maxProperties = pick(Math.min, a.maxProperties, b.maxProperties);
  node.minItems = pick(Math.max, a.minItems, b.minItems);
  node.maxItems = pick(Math.min, a.maxItems, b.maxItems);
  node.uniqueItems = a.uniqueItems || b.uniqueItems || undefined;
  node.minLength = pick(Math.max, a.minLength, b.minLength);
  node.maxLength = pick(Math.min, a.maxLength, b.maxLength);
  node.minimum = pick(Math.max, a.minimum, b.minimum);
  node.maximum = pick(Math.min, a.maximum, b.maximum);
  node.exclusiveMinimum = pick(Math.max, a.exclusiveMinimum, b.exclusiveMinimum);
  node.exclusiveMaximum = pick(Math.min, a.exclusiveMaximum, b.exclusiveMaximum);
  node.patterns = unique([...a.patterns, ...b.patterns]);
  node.formats = unique([...a.formats, ...b.formats]);
  node.multipleOf = unique([...a.multipleOf, ...b.multipleOf]);
  node.uncompared = unique([...a.uncompared, ...b.uncompared]);
  return node;
}

function intersectTypes(a?: JsonType[], b?: JsonType[]): JsonType[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const all: JsonType[] = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];
  const both = all.filter((t) => typeAllows(a, t) && typeAllows(b, t));
  // `number` ∩ `integer` is `integer`; listing both would be redundant.
  return both.includes('number') ? both.filter((t) => t !== 'integer') : both;
}

function pick(f: (x: number, y: number) => number, x?: number, y?: number): number | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  return f(x, y);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
