import { isObject, type JsonObject } from './document.js';
import { conflict, type Finding, note } from './findings.js';
import type { Operation } from './openapi-operations.js';
import { type CompareContext, compareSchemas } from './schema-compare.js';
import { normalize } from './schema-normalize.js';

function mediaTypes(body: JsonObject | undefined): Map<string, unknown> {
  const content = isObject(body?.content) ? body.content : {};
  return new Map(
    Object.entries(content).map(([type, media]) => [
      type.toLowerCase(),
      isObject(media) ? media.schema : undefined,
    ]),
  );
}

function vendorMediaType(theirs: Map<string, unknown>, type: string): string | undefined {
  const [major] = type.split('/');
  return [type, `${major}/*`, '*/*'].find((candidate) => theirs.has(candidate));
}

export function compareRequestBodies(ours: Operation, vendor: Operation, ctx: CompareContext): Finding[] {
  if (!ours.requestBody) {
    if (vendor.requestBody?.required === true)
      return [conflict('request-body-missing', 'requestBody', 'vendor requires a body; ours sends none')];
    return vendor.requestBody
      ? [note('request-body-unused', 'requestBody', 'vendor describes a body; ours sends none')]
      : [];
  }
  if (!vendor.requestBody)
    return [conflict('request-body-undescribed', 'requestBody', 'ours sends a body; vendor describes none')];
  const out: Finding[] = [];
  if (vendor.requestBody.required === true && ours.requestBody.required !== true) {
    out.push(
      conflict('request-body-required', 'requestBody', 'vendor requires a body; ours makes it optional'),
    );
  }
  const mine = mediaTypes(ours.requestBody);
  const theirs = mediaTypes(vendor.requestBody);
  for (const [type, schema] of mine) {
    const at = type === 'application/json' ? 'requestBody' : `requestBody[${type}]`;
    const match = vendorMediaType(theirs, type);
    if (match === undefined) {
      out.push(
        conflict(
          'media-type',
          at,
          `ours sends ${type}; vendor accepts ${[...theirs.keys()].join(', ') || 'none'}`,
        ),
      );
      continue;
    }
    out.push(
      ...compareSchemas(normalize(schema, ctx.ours), normalize(theirs.get(match), ctx.vendor), at, ctx),
    );
  }
  for (const type of theirs.keys()) {
    if (!mine.has(type))
      out.push(note('media-type', 'requestBody', `vendor also accepts ${type}; ours never sends it`));
  }
  return out;
}
