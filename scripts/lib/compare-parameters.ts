import { conflict, type Finding, note } from './findings.js';
import type { Operation, Parameter } from './openapi-operations.js';
import { formatTypes } from './schema-compare.js';
import { type JsonType, type SchemaNode, type SchemaSide, typeAllows, unionLeaves } from './schema-node.js';
import { normalize } from './schema-normalize.js';

function typesOf(node: SchemaNode): JsonType[] | undefined {
  const leaves = unionLeaves(node);
  if (leaves.some((l) => l.node.types === undefined)) return undefined;
  return [...new Set(leaves.flatMap((l) => l.node.types ?? []))];
}

function enumOf(node: SchemaNode): unknown[] | undefined {
  const leaves = unionLeaves(node);
  if (leaves.length === 0 || leaves.some((l) => l.node.enum === undefined)) return undefined;
  return leaves.flatMap((l) => l.node.enum ?? []);
}

/** Parameters are compared on name, place, required, type and enum, as serialised values. */
function compareParameter(
  mine: Parameter,
  theirs: Parameter,
  at: string,
  sides: [SchemaSide, SchemaSide],
): Finding[] {
  const out: Finding[] = [];
  if (theirs.required && !mine.required)
    out.push(conflict('parameter-required', at, 'vendor requires it; ours makes it optional'));
  const mySchema = normalize(mine.schema, sides[0]);
  const theirSchema = normalize(theirs.schema, sides[1]);
  const myTypes = typesOf(mySchema);
  const theirTypes = typesOf(theirSchema);
  const wider = myTypes?.filter((t) => !typeAllows(theirTypes, t)) ?? [];
  if (theirTypes && (!myTypes || wider.length > 0)) {
    out.push(
      conflict(
        'parameter-type',
        at,
        `ours allows ${formatTypes(myTypes)}; vendor allows only ${formatTypes(theirTypes)}`,
      ),
    );
  }
  const myEnum = enumOf(mySchema);
  const theirEnum = enumOf(theirSchema);
  if (theirEnum) {
    const extra = myEnum ? myEnum.filter((v) => !theirEnum.includes(v)) : undefined;
    if (!extra)
      out.push(
        conflict('parameter-enum', at, `vendor accepts only ${JSON.stringify(theirEnum)}; ours any value`),
      );
    else if (extra.length > 0)
      out.push(
        conflict('parameter-enum', at, `ours may send ${JSON.stringify(extra)}; vendor does not list them`),
      );
  }
  return out;
}

/** Path parameters pair up by position, since each document names them its own way. */
export function compareParameters(
  ours: Operation,
  vendor: Operation,
  sides: [SchemaSide, SchemaSide],
): Finding[] {
  const pairKey = (op: Operation, p: Parameter) =>
    p.in === 'path'
      ? `path#${op.pathParameterNames.indexOf(p.name)}`
      : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const theirs = new Map(vendor.parameters.map((p) => [pairKey(vendor, p), p]));
  const out: Finding[] = [];
  const paired = new Set<string>();
  for (const mine of ours.parameters) {
    const key = pairKey(ours, mine);
    const at = `parameters.${mine.in}.${mine.name}`;
    const match = theirs.get(key);
    if (!match) {
      out.push(conflict('parameter-undescribed', at, 'ours sends a parameter the vendor does not describe'));
      continue;
    }
    paired.add(key);
    out.push(...compareParameter(mine, match, at, sides));
  }
  for (const [key, p] of theirs) {
    if (paired.has(key)) continue;
    const at = `parameters.${p.in}.${p.name}`;
    if (p.required)
      out.push(conflict('parameter-missing', at, 'vendor requires this parameter; ours does not send it'));
    else out.push(note('parameter-unused', at, 'vendor parameter never sent by ours'));
  }
  return out;
}
