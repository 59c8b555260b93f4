import { conflict, type Finding, note } from './findings.js';
import { compareObjects } from './schema-compare-object.js';
import {
  compareLowerLimit,
  compareNumberConstraints,
  compareStringConstraints,
  compareUpperLimit,
} from './schema-compare-scalars.js';
import { compareAgainstVendorUnion, compareOurUnion } from './schema-compare-union.js';
import {
  ALL_TYPES,
  deepEqual,
  isUnconstrained,
  type JsonType,
  jsonTypeOf,
  type PlainNode,
  type SchemaNode,
  type SchemaSide,
  typeAllows,
} from './schema-node.js';
import { normalizeAll } from './schema-normalize.js';
import { valueVerdict } from './schema-values.js';

export interface CompareContext {
  ours: SchemaSide;
  vendor: SchemaSide;
  /** Pairs of (our refs | vendor refs) being compared further up; seeing one again means recursion. */
  stack: readonly string[];
  depth: number;
}

const MAX_DEPTH = 64;

export function newContext(ours: SchemaSide, vendor: SchemaSide): CompareContext {
  return { ours, vendor, stack: [], depth: 0 };
}

/**
 * Finds what `ours` accepts that `vendor` rejects (conflicts) and where `ours` is narrower or the
 * answer is not decidable here (notes). Every value ours accepts must be accepted by vendor.
 */
export function compareSchemas(
  ours: SchemaNode,
  vendor: SchemaNode,
  at: string,
  ctx: CompareContext,
): Finding[] {
  if (ours.kind === 'never') return [];
  if (ours.kind === 'union') return compareOurUnion(ours, vendor, at, ctx);
  if (vendor.kind === 'plain' && isUnconstrained(vendor)) return [];
  if (ctx.depth > MAX_DEPTH)
    return [note('undecided', at, `comparison stopped at nesting depth ${MAX_DEPTH}`)];
  let next: CompareContext = { ...ctx, depth: ctx.depth + 1 };
  if (ours.refs.length > 0 && vendor.refs.length > 0) {
    const key = `${ours.refs.join(',')}|${vendor.refs.join(',')}`;
    // Assuming the pair consistent on re-entry is the standard co-inductive reading of recursive types.
    if (ctx.stack.includes(key)) {
      return [note('recursive', at, `recursive schemas (${key}) compared at their first occurrence only`)];
    }
    next = { ...next, stack: [...ctx.stack, key] };
  }
  if (vendor.kind === 'never') return [conflict('vendor-rejects', at, 'vendor schema accepts no value here')];
  if (vendor.kind === 'union') return compareAgainstVendorUnion(ours, vendor, at, next);
  return comparePlain(ours, vendor, at, next);
}

export function formatTypes(types: readonly JsonType[] | undefined): string {
  return types ? types.join(' | ') : 'any type';
}

function formatValues(values: readonly unknown[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function comparePlain(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const out: Finding[] = v.uncompared.map((what) =>
    note('undecided', at, `vendor schema uses ${what}, which is not compared`),
  );
  if (o.enum) return [...out, ...compareEnum(o, v, at, ctx)];
  if (v.enum) {
    if (!enumCoversTypes(v.enum, o.types)) {
      out.push(
        conflict(
          'enum',
          at,
          `vendor accepts only ${formatValues(v.enum)}; ours allows any ${formatTypes(o.types)}`,
        ),
      );
    }
    return out;
  }
  const ourTypes = o.types ?? ALL_TYPES;
  const wider = ourTypes.filter((t) => !typeAllows(v.types, t));
  if (wider.length > 0) {
    out.push(
      conflict(
        'type-wider',
        at,
        `ours allows ${formatTypes(o.types)}; vendor allows only ${formatTypes(v.types)}`,
      ),
    );
  } else if (o.types && v.types) {
    const narrower = v.types.filter((t) => !typeAllows(o.types, t));
    if (narrower.length > 0) {
      out.push(note('type-narrower', at, `vendor also accepts ${formatTypes(narrower)}; ours does not`));
    }
  }
  // A `number` of ours meeting a vendor `integer` is already a conflict; its integers still get compared.
  const sent = new Set<JsonType>(
    ourTypes.flatMap((t) =>
      typeAllows(v.types, t)
        ? [t]
        : t === 'number' && typeAllows(v.types, 'integer')
          ? ['integer' as const]
          : [],
    ),
  );
  if (sent.has('string')) out.push(...compareStringConstraints(o, v, at));
  if (sent.has('number') || sent.has('integer')) {
    out.push(...compareNumberConstraints(o, v, at, !sent.has('number')));
  }
  if (sent.has('object')) out.push(...compareObjects(o, v, at, ctx));
  if (sent.has('array')) out.push(...compareArrays(o, v, at, ctx));
  return out;
}

/** A free boolean (or null) against an enum listing every boolean (or null) value is no widening. */
function enumCoversTypes(values: readonly unknown[], types: readonly JsonType[] | undefined): boolean {
  if (!types) return false;
  const finite: Record<string, unknown[]> = { boolean: [true, false], null: [null] };
  return types.every((t) => finite[t]?.every((value) => values.includes(value)) ?? false);
}

function compareEnum(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const out: Finding[] = [];
  const sendable = (o.enum ?? []).filter((value) => typeAllows(o.types, jsonTypeOf(value)));
  for (const value of sendable) {
    const verdict = valueVerdict(value, v, ctx.vendor);
    const shown = JSON.stringify(value);
    if (verdict === 'reject') {
      const vendorSays = v.enum
        ? `accepts only ${formatValues(v.enum)}`
        : `rejects it (${formatTypes(v.types)})`;
      out.push(conflict('enum', at, `ours may send ${shown}; vendor ${vendorSays}`));
    } else if (verdict === 'unknown') {
      out.push(note('undecided', at, `could not decide whether vendor accepts ${shown}`));
    }
  }
  const extra = v.enum?.filter((value) => !sendable.some((mine) => deepEqual(mine, value))) ?? [];
  if (extra.length > 0)
    out.push(note('enum-narrower', at, `vendor also accepts ${formatValues(extra)}; ours never sends them`));
  return out;
}

function compareArrays(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const out = [
    ...compareUpperLimit('max-items', 'maxItems', o.maxItems, v.maxItems, at),
    ...compareLowerLimit('min-items', 'minItems', o.minItems, v.minItems, at),
  ];
  if (v.uniqueItems && !o.uniqueItems)
    out.push(conflict('unique-items', at, 'vendor requires unique items; ours does not'));
  if (v.items) {
    out.push(
      ...compareSchemas(
        normalizeAll(o.items ?? [], ctx.ours),
        normalizeAll(v.items, ctx.vendor),
        `${at}[]`,
        ctx,
      ),
    );
  }
  return out;
}
