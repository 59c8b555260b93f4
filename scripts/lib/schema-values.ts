import { isObject } from './document.js';
import {
  deepEqual,
  jsonTypeOf,
  type PlainNode,
  type SchemaNode,
  type SchemaSide,
  typeAllows,
} from './schema-node.js';
import { normalizeAll } from './schema-normalize.js';

/** `unknown` when the schema uses something this checker does not evaluate (e.g. `not`, an odd regex). */
export type Verdict = 'accept' | 'reject' | 'unknown';

/**
 * Decides whether one concrete value (an enum member of ours) satisfies a schema. `format` is an
 * annotation in JSON Schema 2020-12, so it is not asserted here.
 */
export function valueVerdict(value: unknown, node: SchemaNode, side: SchemaSide, depth = 0): Verdict {
  if (depth > 32) return 'unknown';
  if (node.kind === 'never') return 'reject';
  if (node.kind === 'plain') return plainVerdict(value, node, side, depth);
  const verdicts = node.branches.map((b) => valueVerdict(value, b, side, depth + 1));
  const accepts = verdicts.filter((v) => v === 'accept').length;
  const unknowns = verdicts.filter((v) => v === 'unknown').length;
  if (node.op === 'anyOf') return accepts > 0 ? 'accept' : unknowns > 0 ? 'unknown' : 'reject';
  if (accepts > 1) return 'reject';
  if (unknowns > 0) return 'unknown';
  return accepts === 1 ? 'accept' : 'reject';
}

function plainVerdict(value: unknown, node: PlainNode, side: SchemaSide, depth: number): Verdict {
  if (!typeAllows(node.types, jsonTypeOf(value))) return 'reject';
  if (node.enum && !node.enum.some((e) => deepEqual(e, value))) return 'reject';
  const checks: Verdict[] = [];
  if (typeof value === 'string') checks.push(stringVerdict(value, node));
  if (typeof value === 'number') checks.push(numberVerdict(value, node));
  if (Array.isArray(value)) checks.push(arrayVerdict(value, node, side, depth));
  else if (isObject(value)) checks.push(objectVerdict(value, node, side, depth));
  if (node.uncompared.length > 0) checks.push('unknown');
  if (checks.includes('reject')) return 'reject';
  return checks.includes('unknown') ? 'unknown' : 'accept';
}

function stringVerdict(value: string, node: PlainNode): Verdict {
  const length = [...value].length;
  if (node.minLength !== undefined && length < node.minLength) return 'reject';
  if (node.maxLength !== undefined && length > node.maxLength) return 'reject';
  for (const pattern of node.patterns) {
    try {
      if (!new RegExp(pattern, 'u').test(value)) return 'reject';
    } catch {
      return 'unknown';
    }
  }
  return 'accept';
}

function numberVerdict(value: number, node: PlainNode): Verdict {
  if (node.minimum !== undefined && value < node.minimum) return 'reject';
  if (node.maximum !== undefined && value > node.maximum) return 'reject';
  if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) return 'reject';
  if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum) return 'reject';
  if (node.multipleOf.some((m) => !isMultiple(value, m))) return 'reject';
  return 'accept';
}

function arrayVerdict(value: unknown[], node: PlainNode, side: SchemaSide, depth: number): Verdict {
  if (node.minItems !== undefined && value.length < node.minItems) return 'reject';
  if (node.maxItems !== undefined && value.length > node.maxItems) return 'reject';
  if (node.uniqueItems && value.some((v, i) => value.findIndex((w) => deepEqual(v, w)) !== i))
    return 'reject';
  if (!node.items) return 'accept';
  const items = normalizeAll(node.items, side);
  return combine(value.map((v) => valueVerdict(v, items, side, depth + 1)));
}

function objectVerdict(
  value: Record<string, unknown>,
  node: PlainNode,
  side: SchemaSide,
  depth: number,
): Verdict {
  const keys = Object.keys(value);
  if ([...node.required].some((r) => !(r in value))) return 'reject';
  if (node.minProperties !== undefined && keys.length < node.minProperties) return 'reject';
  if (node.maxProperties !== undefined && keys.length > node.maxProperties) return 'reject';
  return combine(
    keys.map((key) => {
      const raws = node.properties.get(key) ?? node.additional;
      return raws ? valueVerdict(value[key], normalizeAll(raws, side), side, depth + 1) : 'accept';
    }),
  );
}

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('reject')) return 'reject';
  return verdicts.includes('unknown') ? 'unknown' : 'accept';
}

export function isMultiple(value: number, divisor: number): boolean {
  if (divisor === 0) return false;
  const ratio = value / divisor;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}
