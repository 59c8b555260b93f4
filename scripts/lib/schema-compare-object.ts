import { childLocation, conflict, type Finding, note } from './findings.js';
import { type CompareContext, compareSchemas } from './schema-compare.js';
import { compareLowerLimit, compareUpperLimit } from './schema-compare-scalars.js';
import { anyNode, type PlainNode, type SchemaNode, type SchemaSide } from './schema-node.js';
import { normalizeAll } from './schema-normalize.js';

/*
 * Properties our schema does not list are read as follows.
 * - `additionalProperties` written (a schema or `true`): any unlisted name may be sent with that schema,
 *   including names the vendor lists, so those are compared too.
 * - `additionalProperties` absent: JSON Schema still accepts unlisted names, but a spec describing what we
 *   send lists what it sends. So the vendor's named fields we omit are "never sent" (a note), while the
 *   vendor's limits on unknown names (`additionalProperties`, `maxProperties`) still apply: our schema
 *   does not exclude extra names, and the vendor document rejects them.
 */

/** The schema a property would be sent with, or `undefined` if ours never sends that name. */
export function propertySchema(node: PlainNode, name: string, side: SchemaSide): SchemaNode | undefined {
  const raws = node.properties.get(name) ?? node.additional;
  if (!raws) return undefined;
  const schema = normalizeAll(raws, side);
  return schema.kind === 'never' ? undefined : schema;
}

/** What the vendor accepts for a property name; an implicitly open object accepts anything. */
function vendorPropertySchema(node: PlainNode, name: string, side: SchemaSide): SchemaNode | undefined {
  const raws = node.properties.get(name) ?? node.additional;
  return raws ? normalizeAll(raws, side) : undefined;
}

export function compareObjects(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const out: Finding[] = [];
  for (const name of v.required) {
    if (o.required.has(name)) continue;
    const sent = propertySchema(o, name, ctx.ours) !== undefined;
    out.push(
      conflict(
        'required',
        childLocation(at, name),
        `vendor requires "${name}"; ours ${sent ? 'makes it optional' : 'never sends it'}`,
      ),
    );
  }
  for (const name of o.required) {
    if (!v.required.has(name))
      out.push(note('required-stricter', childLocation(at, name), 'ours requires it; vendor does not'));
  }
  for (const [name, raws] of o.properties) {
    const mine = normalizeAll(raws, ctx.ours);
    if (mine.kind === 'never') continue;
    const where = childLocation(at, name);
    const theirs = vendorPropertySchema(v, name, ctx.vendor);
    if (!theirs) out.push(note('vendor-undescribed', where, 'vendor does not describe this property'));
    else if (theirs.kind === 'never')
      out.push(conflict('property-forbidden', where, 'vendor does not allow this property'));
    else out.push(...compareSchemas(mine, theirs, where, ctx));
  }
  out.push(...compareUnlisted(o, v, at, ctx));
  // Required names already set a floor on the property count; only a vendor floor above it matters.
  const floor = Math.max(o.minProperties ?? 0, o.required.size);
  if (v.minProperties !== undefined && floor < v.minProperties) {
    out.push(...compareLowerLimit('min-properties', 'minProperties', floor, v.minProperties, at));
  }
  if (v.maxProperties !== undefined) out.push(...compareMaxProperties(o, v, at, ctx));
  return out;
}

function compareUnlisted(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const out: Finding[] = [];
  const explicit = o.additional ? normalizeAll(o.additional, ctx.ours) : undefined;
  const closed = explicit?.kind === 'never';
  const others = childLocation(at, '*');
  if (!closed && v.additional) {
    const theirs = normalizeAll(v.additional, ctx.vendor);
    if (theirs.kind === 'never') {
      const why = explicit
        ? 'ours allows properties it does not list'
        : 'ours does not exclude unlisted properties';
      out.push(
        conflict(
          'additional-properties',
          others,
          `vendor allows no properties beyond those it lists; ${why}`,
        ),
      );
    } else {
      out.push(...compareSchemas(explicit ?? anyNode(), theirs, others, ctx));
    }
  }
  for (const [name, raws] of v.properties) {
    if (o.properties.has(name)) continue;
    const where = childLocation(at, name);
    if (explicit && !closed) {
      const findings = compareSchemas(explicit, normalizeAll(raws, ctx.vendor), where, ctx);
      out.push(
        ...findings.map((f) => ({ ...f, message: `${f.message} (sent through ours additionalProperties)` })),
      );
    } else {
      out.push(note('vendor-field-unused', where, 'vendor field never sent by ours'));
    }
  }
  return out;
}

function compareMaxProperties(o: PlainNode, v: PlainNode, at: string, ctx: CompareContext): Finding[] {
  const closed = o.additional !== undefined && normalizeAll(o.additional, ctx.ours).kind === 'never';
  if (o.maxProperties === undefined && closed) {
    // A closed object can never carry more names than it lists.
    const listed = [...o.properties.keys()].filter((name) => propertySchema(o, name, ctx.ours)).length;
    if (listed <= (v.maxProperties ?? Number.POSITIVE_INFINITY)) return [];
    return [
      conflict('max-properties', at, `vendor maxProperties is ${v.maxProperties}; ours may send ${listed}`),
    ];
  }
  return compareUpperLimit('max-properties', 'maxProperties', o.maxProperties, v.maxProperties, at);
}
