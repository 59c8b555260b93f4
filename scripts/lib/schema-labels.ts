import type { PlainNode, SchemaSide } from './schema-node.js';
import { normalizeAll } from './schema-normalize.js';

/**
 * Properties pinned to one value (`const` or a one-member `enum`), in declaration order. These are what
 * tells union branches apart in practice (`type` + `action` in Customer.io's v2 operations).
 */
export function constProperties(node: PlainNode, side: SchemaSide): Map<string, unknown> {
  const consts = new Map<string, unknown>();
  for (const [name, raws] of node.properties) {
    const child = normalizeAll(raws, side);
    if (child.kind === 'plain' && child.enum?.length === 1) consts.set(name, child.enum[0]);
  }
  return consts;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A readable, order-independent name for one union branch: `{type=person,action=identify}` from its
 * constants, else `{email}` from its required properties, else `{id?}` from its listed ones, else `{string}`
 * from its type. Readers of
 * the deviations file rely on these labels staying put when branches are reordered.
 */
export function branchLabel(node: PlainNode, side: SchemaSide): string {
  const consts = constProperties(node, side);
  if (consts.size > 0) {
    return `{${[...consts].map(([name, value]) => `${name}=${formatValue(value)}`).join(',')}}`;
  }
  if (node.enum && node.enum.length > 0) return `{${node.enum.map(formatValue).join('|')}}`;
  if (node.required.size > 0) return `{${[...node.required].sort().join(',')}}`;
  // `?` marks names that are only listed, not required, so `{id?}` is not mistaken for `{id}`.
  if (node.properties.size > 0)
    return `{${[...node.properties.keys()]
      .sort()
      .map((n) => `${n}?`)
      .join(',')}}`;
  if (node.types && node.types.length > 0) return `{${node.types.join('|')}}`;
  return '{any}';
}

/** Labels for sibling branches; a label shared by several branches gets a `#n` suffix to stay unique. */
export function branchLabels(nodes: readonly PlainNode[], side: SchemaSide): string[] {
  const labels = nodes.map((n) => branchLabel(n, side));
  return labels.map((label, i) =>
    labels.indexOf(label) === labels.lastIndexOf(label)
      ? label
      : `${label.slice(0, -1)}#${labels.slice(0, i + 1).filter((l) => l === label).length}}`,
  );
}
