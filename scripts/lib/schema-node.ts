import type { JsonObject } from './document.js';

export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';

/** Every JSON type once; `integer` is left out because `number` already covers it. */
export const ALL_TYPES: readonly JsonType[] = ['null', 'boolean', 'object', 'array', 'number', 'string'];

/** One document a schema belongs to; `$ref`s inside a raw schema resolve against `doc`. */
export interface SchemaSide {
  doc: JsonObject;
  name: 'ours' | 'vendor';
}

/**
 * A schema after `$ref` resolution and `allOf` flattening, one level deep. Child schemas stay raw
 * (lists of raw schemas that all apply) so recursive references are only expanded on demand.
 */
export interface PlainNode {
  kind: 'plain';
  /** `$ref`s followed to build this node; used to stop comparing recursive schemas forever. */
  refs: string[];
  /** `undefined` means any type. */
  types?: JsonType[];
  enum?: unknown[];
  properties: Map<string, unknown[]>;
  required: Set<string>;
  /** `undefined` means the keyword was never written (implicitly open object). */
  additional?: unknown[];
  minProperties?: number;
  maxProperties?: number;
  items?: unknown[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  patterns: string[];
  formats: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf: number[];
  /** Keywords present that the comparator does not reason about. */
  uncompared: string[];
}

export interface UnionNode {
  kind: 'union';
  op: 'oneOf' | 'anyOf';
  branches: SchemaNode[];
  refs: string[];
}

/** A schema no value satisfies (`false`, contradictory types, an empty enum). */
export interface NeverNode {
  kind: 'never';
  refs: string[];
}

export type SchemaNode = PlainNode | UnionNode | NeverNode;

export function anyNode(refs: string[] = []): PlainNode {
  return {
    kind: 'plain',
    refs,
    properties: new Map(),
    required: new Set(),
    patterns: [],
    formats: [],
    multipleOf: [],
    uncompared: [],
  };
}

export function neverNode(refs: string[] = []): NeverNode {
  return { kind: 'never', refs };
}

/** True when the node constrains nothing at all, so every value is accepted. */
export function isUnconstrained(node: PlainNode): boolean {
  return (
    node.types === undefined &&
    node.enum === undefined &&
    node.properties.size === 0 &&
    node.required.size === 0 &&
    node.additional === undefined &&
    node.items === undefined &&
    node.patterns.length === 0 &&
    node.multipleOf.length === 0 &&
    node.uncompared.length === 0 &&
    [
      node.minProperties,
      node.maxProperties,
      node.minItems,
      node.maxItems,
      node.uniqueItems,
      node.minLength,
      node.maxLength,
      node.minimum,
      node.maximum,
      node.exclusiveMinimum,
      node.exclusiveMaximum,
    ].every((v) => v === undefined)
  );
}

/** Whether a value of JSON type `type` passes a `type` keyword listing `allowed`. */
export function typeAllows(allowed: readonly JsonType[] | undefined, type: JsonType): boolean {
  if (allowed === undefined || allowed.includes(type)) return true;
  return type === 'integer' && allowed.includes('number');
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as JsonObject)[k], (b as JsonObject)[k]));
}

/** Leaves of a union tree together with the branch indexes that lead to them. */
export interface UnionLeaf {
  node: PlainNode;
  path: number[];
}

export function unionLeaves(node: SchemaNode, path: number[] = []): UnionLeaf[] {
  if (node.kind === 'never') return [];
  if (node.kind === 'plain') return [{ node, path }];
  return node.branches.flatMap((branch, i) => unionLeaves(branch, [...path, i]));
}
