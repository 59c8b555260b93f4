import { isObject, type JsonObject } from './document.js';
import { conflict, type Finding, note } from './findings.js';
import type { Operation } from './openapi-operations.js';

/** One string per way of authenticating: the scheme's shape, not its local name, so names may differ. */
function securityAlternatives(doc: JsonObject, requirements: Array<Record<string, unknown>>): Set<string> {
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const describe = (name: string): string => {
    const s = schemes[name];
    if (!isObject(s)) return `unknown:${name}`;
    if (s.type === 'http') return `http ${String(s.scheme).toLowerCase()}`;
    if (s.type === 'apiKey') return `apiKey ${String(s.in)} ${String(s.name)}`;
    return String(s.type);
  };
  if (requirements.length === 0) return new Set(['none']);
  return new Set(requirements.map((r) => Object.keys(r).map(describe).sort().join(' + ') || 'none'));
}

export function compareSecurity(
  ours: Operation,
  oursDoc: JsonObject,
  vendor: Operation,
  vendorDoc: JsonObject,
): Finding[] {
  const mine = securityAlternatives(oursDoc, ours.security);
  const theirs = securityAlternatives(vendorDoc, vendor.security);
  const out: Finding[] = [];
  for (const alt of mine) {
    if (!theirs.has(alt)) {
      out.push(
        conflict(
          'security',
          'security',
          `ours authenticates with ${alt}; vendor accepts ${[...theirs].join(' or ')}`,
        ),
      );
    }
  }
  for (const alt of theirs) {
    if (!mine.has(alt))
      out.push(note('security', 'security', `vendor also accepts ${alt}; ours never uses it`));
  }
  return out;
}
