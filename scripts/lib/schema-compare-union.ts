import { conflict, type Finding, hasConflict, note } from './findings.js';
import { type CompareContext, compareSchemas, formatTypes } from './schema-compare.js';
import { propertySchema } from './schema-compare-object.js';
import { branchLabels, constProperties } from './schema-labels.js';
import {
  ALL_TYPES,
  type JsonType,
  jsonTypeOf,
  type PlainNode,
  type SchemaNode,
  typeAllows,
  type UnionLeaf,
  type UnionNode,
  unionLeaves,
} from './schema-node.js';
import { normalizeAll } from './schema-normalize.js';
import { valueVerdict } from './schema-values.js';

interface Trial {
  leaf: UnionLeaf;
  label: string;
  findings: Finding[];
}

/**
 * Each branch of our union is checked on its own. Nested unions of ours are flattened: that can only
 * widen what ours is taken to accept, so no conflict is hidden by it.
 */
export function compareOurUnion(
  ours: UnionNode,
  vendor: SchemaNode,
  at: string,
  ctx: CompareContext,
): Finding[] {
  const leaves = unionLeaves(ours).map((l) => l.node);
  const labels = branchLabels(leaves, ctx.ours);
  return leaves.flatMap((leaf, i) => compareSchemas(leaf, vendor, `${at}${labels[i]}`, ctx));
}

/** One of our branches against a vendor union: some vendor branch must accept all of it. */
export function compareAgainstVendorUnion(
  o: PlainNode,
  v: UnionNode,
  at: string,
  ctx: CompareContext,
): Finding[] {
  const leaves = unionLeaves(v);
  const labels = branchLabels(
    leaves.map((l) => l.node),
    ctx.vendor,
  );
  const out: Finding[] = [];
  const unmatchedTypes: JsonType[] = [];
  const unmatchedValues: unknown[] = [];
  for (const variant of splitByType(o)) {
    const trials: Trial[] = leaves
      .map((leaf, i) => ({ leaf, label: labels[i] ?? '', findings: [] as Finding[] }))
      .filter((t) => typeFits(variant, t.leaf.node));
    if (trials.length === 0) {
      unmatchedTypes.push(...(variant.types ?? []));
      unmatchedValues.push(...(variant.enum ?? []));
      continue;
    }
    for (const trial of trials) trial.findings = compareSchemas(variant, trial.leaf.node, at, ctx);
    const accepted = trials.filter((t) => !hasConflict(t.findings));
    const chosen = bestMatch(variant, accepted, ctx);
    if (chosen)
      out.push(...chosen.findings, ...oneOfExclusivity(variant, chosen, accepted, v, trials, at, ctx));
    else out.push(...explainNoMatch(variant, trials, labels, at, ctx));
  }
  if (unmatchedTypes.length > 0) {
    const vendorTypes = [...new Set(leaves.flatMap((l) => l.node.types ?? ALL_TYPES))];
    const ours = o.enum
      ? `may send ${unmatchedValues.map((v) => JSON.stringify(v)).join(', ')}`
      : `allows ${formatTypes(unmatchedTypes)}`;
    out.unshift(conflict('type-wider', at, `ours ${ours}; vendor allows only ${formatTypes(vendorTypes)}`));
  }
  return out;
}

/**
 * Among vendor branches that accept ours, the one ours evidently targets: same constants first, then
 * the most shared property names, then the fewest differences. Its notes are the ones worth reading.
 */
function bestMatch(o: PlainNode, accepted: Trial[], ctx: CompareContext): Trial | undefined {
  const score = (t: Trial) =>
    (agrees(o, t.leaf.node, ctx) ? 1e6 : 0) +
    [...o.properties.keys()].filter(
      (name) => t.leaf.node.properties.has(name) && propertySchema(o, name, ctx.ours),
    ).length *
      1e3 -
    t.findings.length;
  return accepted.reduce<Trial | undefined>(
    (best, t) => (best === undefined || score(t) > score(best) ? t : best),
    undefined,
  );
}

/** Splits a multi-type schema so that e.g. `string | number` can be matched to two vendor branches. */
function splitByType(o: PlainNode): PlainNode[] {
  if (o.enum) {
    const byType = new Map<JsonType, unknown[]>();
    for (const value of o.enum.filter((v) => typeAllows(o.types, jsonTypeOf(v)))) {
      const t = jsonTypeOf(value);
      byType.set(t, [...(byType.get(t) ?? []), value]);
    }
    return [...byType].map(([t, values]) => ({ ...o, types: [t], enum: values }));
  }
  const types = o.types ?? ALL_TYPES;
  return types.length === 1 ? [o] : types.map((t) => ({ ...o, types: [t] }));
}

function typeFits(variant: PlainNode, leaf: PlainNode): boolean {
  return (variant.types ?? ALL_TYPES).some(
    (t) => typeAllows(leaf.types, t) || (t === 'number' && typeAllows(leaf.types, 'integer')),
  );
}

/** Pinned values of ours that a vendor branch pins differently (e.g. `action=event` vs `action=page`). */
function constVerdicts(o: PlainNode, leaf: PlainNode, ctx: CompareContext): { agree: number; clash: number } {
  let agree = 0;
  let clash = 0;
  for (const [name, value] of constProperties(o, ctx.ours)) {
    const raws = leaf.properties.get(name);
    if (!raws) continue;
    const theirs = normalizeAll(raws, ctx.vendor);
    if (theirs.kind !== 'plain' || !theirs.enum) continue;
    if (valueVerdict(value, theirs, ctx.vendor) === 'reject') clash++;
    else agree++;
  }
  return { agree, clash };
}

function agrees(o: PlainNode, leaf: PlainNode, ctx: CompareContext): boolean {
  const { agree, clash } = constVerdicts(o, leaf, ctx);
  return agree > 0 && clash === 0;
}

/**
 * When no vendor branch accepts ours, the branch that was evidently meant (same discriminating constants,
 * else the same required properties) explains why, at its precise location. With none or several such
 * branches the union itself is the location of the conflict.
 */
function explainNoMatch(
  o: PlainNode,
  trials: Trial[],
  labels: string[],
  at: string,
  ctx: CompareContext,
): Finding[] {
  const noClash = trials.filter((t) => constVerdicts(o, t.leaf.node, ctx).clash === 0);
  const agreeing = noClash.filter((t) => agrees(o, t.leaf.node, ctx));
  const candidates =
    agreeing.length > 0
      ? agreeing
      : noClash.filter((t) => [...t.leaf.node.required].every((r) => o.required.has(r)));
  const [only] = candidates;
  if (candidates.length === 1 && only) return only.findings;
  const shown = labels.length > 12 ? [...labels.slice(0, 12), '…'] : labels;
  let message = `no vendor branch accepts this; vendor branches: ${shown.join(' | ')}`;
  if (candidates.length > 1) {
    const reasons = candidates.map((t) => {
      const first = t.findings.find((f) => f.severity === 'conflict');
      return `${t.label}: ${first ? `${first.location}: ${first.message}` : 'rejected'}`;
    });
    message += `; closest: ${reasons.join('; ')}`;
  }
  return [conflict('union-unmatched', at, message)];
}

/**
 * oneOf accepts a value only if exactly one branch does. Values of ours that also satisfy a sibling
 * branch would be rejected; this is reported as a note because it is the vendor document that makes
 * its branches overlap, and deciding partial overlap exactly is out of reach here.
 */
function oneOfExclusivity(
  o: PlainNode,
  chosen: Trial,
  accepted: Trial[],
  v: UnionNode,
  trials: Trial[],
  at: string,
  ctx: CompareContext,
): Finding[] {
  const ambiguous = new Set<string>();
  const overlapping = new Set<string>();
  const path = chosen.leaf.path;
  let node: SchemaNode | undefined = v;
  for (let depth = 0; depth < path.length && node?.kind === 'union'; depth++) {
    const index = path[depth];
    if (node.op === 'oneOf') {
      node.branches.forEach((_, j) => {
        if (j === index) return;
        const prefix = [...path.slice(0, depth), j];
        const within = (t: Trial) => prefix.every((p, k) => t.leaf.path[k] === p);
        for (const t of accepted.filter(within)) ambiguous.add(t.label);
        for (const t of trials.filter(within)) {
          if (!accepted.includes(t) && !provablyDisjoint(o, t.leaf.node, ctx)) overlapping.add(t.label);
        }
      });
    }
    node = index === undefined ? undefined : node.branches[index];
  }
  const out: Finding[] = [];
  if (ambiguous.size > 0) {
    const others = [...ambiguous].join(', ');
    out.push(
      note(
        'oneof-ambiguous',
        at,
        `vendor oneOf: these values satisfy ${chosen.label} and also ${others}, so oneOf rejects them`,
      ),
    );
  }
  if (overlapping.size > 0) {
    const others = [...overlapping].join(', ');
    out.push(
      note('oneof-overlap', at, `vendor oneOf: ours does not rule out values that also satisfy ${others}`),
    );
  }
  return out;
}

/** True only when no value of ours can satisfy `leaf`; false means "could not show it". */
function provablyDisjoint(o: PlainNode, leaf: PlainNode, ctx: CompareContext): boolean {
  if (!typeFits(o, leaf)) return true;
  if (o.enum) return o.enum.every((value) => valueVerdict(value, leaf, ctx.vendor) === 'reject');
  if (!(o.types ?? ALL_TYPES).every((t) => t === 'object')) return false;
  for (const [name, value] of constProperties(o, ctx.ours)) {
    const raws = leaf.properties.get(name) ?? leaf.additional;
    // Sending the property clashes with the vendor's value; leaving it out is a way around that only if
    // neither side requires it.
    if (
      (o.required.has(name) || leaf.required.has(name)) &&
      raws &&
      valueVerdict(value, normalizeAll(raws, ctx.vendor), ctx.vendor) === 'reject'
    ) {
      return true;
    }
  }
  if ([...leaf.required].some((name) => propertySchema(o, name, ctx.ours) === undefined)) return true;
  return [...o.required].some((name) => {
    const raws = leaf.properties.get(name) ?? leaf.additional;
    return raws !== undefined && normalizeAll(raws, ctx.vendor).kind === 'never';
  });
}
