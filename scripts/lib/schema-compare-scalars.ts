import { conflict, type Finding, note } from './findings.js';
import type { PlainNode } from './schema-node.js';
import { isMultiple } from './schema-values.js';

/** Upper limits (maxLength, maxItems, maxProperties): ours must not exceed the vendor's. */
export function compareUpperLimit(
  rule: string,
  keyword: string,
  ours: number | undefined,
  vendor: number | undefined,
  at: string,
): Finding[] {
  if (vendor === undefined) {
    return ours === undefined ? [] : [note('stricter', at, `ours sets ${keyword} ${ours}; vendor sets none`)];
  }
  if (ours === undefined || ours > vendor) {
    const what = ours === undefined ? 'sets none' : `allows ${ours}`;
    return [conflict(rule, at, `vendor ${keyword} is ${vendor}; ours ${what}`)];
  }
  return ours < vendor ? [note('stricter', at, `ours ${keyword} ${ours} is below vendor's ${vendor}`)] : [];
}

/** Lower limits (minLength, minItems, minProperties); an absent limit is 0. */
export function compareLowerLimit(
  rule: string,
  keyword: string,
  ours: number | undefined,
  vendor: number | undefined,
  at: string,
): Finding[] {
  const o = ours ?? 0;
  const v = vendor ?? 0;
  if (o < v) return [conflict(rule, at, `vendor ${keyword} is ${v}; ours allows ${o}`)];
  if (o === v) return [];
  const vendorSays = vendor === undefined ? 'vendor sets none' : `vendor's is ${v}`;
  return [note('stricter', at, `ours sets ${keyword} ${o}; ${vendorSays}`)];
}

export function compareStringConstraints(o: PlainNode, v: PlainNode, at: string): Finding[] {
  const out = [
    ...compareUpperLimit('max-length', 'maxLength', o.maxLength, v.maxLength, at),
    ...compareLowerLimit('min-length', 'minLength', o.minLength, v.minLength, at),
  ];
  for (const pattern of v.patterns) {
    if (o.patterns.includes(pattern)) continue;
    // Whether one regular expression's language contains another's is not decided here.
    out.push(
      o.patterns.length === 0
        ? conflict('pattern', at, `vendor requires pattern ${pattern}; ours has none`)
        : note('undecided', at, `vendor pattern ${pattern} differs from ours (${o.patterns.join(', ')})`),
    );
  }
  for (const format of v.formats) {
    // JSON Schema 2020-12 treats format as an annotation unless a validator opts in.
    if (!o.formats.includes(format))
      out.push(note('format', at, `vendor declares format "${format}"; ours does not`));
  }
  return out;
}

interface Bound {
  value: number;
  exclusive: boolean;
}

function tighterLower(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.exclusive ? a : b;
}

function tighterUpper(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return a.exclusive ? a : b;
}

function bound(value: number | undefined, exclusive: boolean): Bound | undefined {
  return value === undefined ? undefined : { value, exclusive };
}

/** For integers, `> 0` and `>= 1` are the same limit; comparing them as different would be a false alarm. */
function asInclusiveInteger(b: Bound | undefined, direction: 1 | -1): Bound | undefined {
  if (!b) return b;
  if (direction === 1)
    return { value: b.exclusive ? Math.floor(b.value) + 1 : Math.ceil(b.value), exclusive: false };
  return { value: b.exclusive ? Math.ceil(b.value) - 1 : Math.floor(b.value), exclusive: false };
}

/** `weaker(a, b)`: whether limit `a` lets through values that `b` stops. */
function lowerWeaker(a: Bound | undefined, b: Bound | undefined): boolean {
  if (!b) return false;
  if (!a) return true;
  return a.value < b.value || (a.value === b.value && !a.exclusive && b.exclusive);
}

function upperWeaker(a: Bound | undefined, b: Bound | undefined): boolean {
  if (!b) return false;
  if (!a) return true;
  return a.value > b.value || (a.value === b.value && !a.exclusive && b.exclusive);
}

function describe(b: Bound | undefined, sign: '>' | '<'): string {
  return b ? `${sign}${b.exclusive ? '' : '='} ${b.value}` : 'no limit';
}

export function compareNumberConstraints(
  o: PlainNode,
  v: PlainNode,
  at: string,
  integersOnly: boolean,
): Finding[] {
  const out: Finding[] = [];
  const adjustLower = (b: Bound | undefined) => (integersOnly ? asInclusiveInteger(b, 1) : b);
  const adjustUpper = (b: Bound | undefined) => (integersOnly ? asInclusiveInteger(b, -1) : b);
  const oLow = adjustLower(tighterLower(bound(o.minimum, false), bound(o.exclusiveMinimum, true)));
  const vLow = adjustLower(tighterLower(bound(v.minimum, false), bound(v.exclusiveMinimum, true)));
  const oHigh = adjustUpper(tighterUpper(bound(o.maximum, false), bound(o.exclusiveMaximum, true)));
  const vHigh = adjustUpper(tighterUpper(bound(v.maximum, false), bound(v.exclusiveMaximum, true)));
  if (lowerWeaker(oLow, vLow)) {
    out.push(
      conflict('minimum', at, `vendor requires ${describe(vLow, '>')}; ours allows ${describe(oLow, '>')}`),
    );
  } else if (lowerWeaker(vLow, oLow)) {
    out.push(note('stricter', at, `ours requires ${describe(oLow, '>')}; vendor ${describe(vLow, '>')}`));
  }
  if (upperWeaker(oHigh, vHigh)) {
    out.push(
      conflict('maximum', at, `vendor requires ${describe(vHigh, '<')}; ours allows ${describe(oHigh, '<')}`),
    );
  } else if (upperWeaker(vHigh, oHigh)) {
    out.push(note('stricter', at, `ours requires ${describe(oHigh, '<')}; vendor ${describe(vHigh, '<')}`));
  }
  for (const divisor of v.multipleOf) {
    const covered =
      o.multipleOf.some((k) => isMultiple(k, divisor)) || (integersOnly && isMultiple(1, divisor));
    if (!covered)
      out.push(conflict('multiple-of', at, `vendor requires a multiple of ${divisor}; ours does not`));
  }
  return out;
}
