/**
 * What Customer.io's reporting webhooks document (`journeys-webhooks.openapi.json`, kept beside the
 * repository) lists: every object type, metric and required data field. Absent on machines without the
 * reference copy; tests that need it are skipped there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vendorWebhooksPath = path.resolve(
  repoRoot,
  '../shared/reference/customerio/journeys-webhooks.openapi.json',
);
export const haveVendorWebhooks = existsSync(vendorWebhooksPath);

type Schema = Record<string, unknown>;

export interface VendorMetric {
  objectType: string;
  metric: string;
  /** The schema's title, such as "Email clicked". */
  title: string;
  /** Data fields the metric's own part of the schema requires (the shared oneOf parts excluded). */
  requiredData: string[];
  /** The `metric` enum as the document writes it. */
  metricEnum: string[];
}

/** Every metric of every object type, in the document's order. */
export function vendorMetrics(): VendorMetric[] {
  const document = JSON.parse(readFileSync(vendorWebhooksPath, 'utf8')) as {
    components: { schemas: Record<string, Schema> };
    webhooks: Record<string, unknown>;
  };
  const schemas = document.components.schemas;
  const resolve = (ref: unknown): Schema => {
    const name = String((ref as { $ref: string }).$ref).replace('#/components/schemas/', '');
    return schemas[name] as Schema;
  };
  const body = JSON.stringify(document.webhooks);
  const eventSchemas = [...body.matchAll(/#\/components\/schemas\/(\w+_event)"/g)].map(
    (match) => match[1] as string,
  );

  const result: VendorMetric[] = [];
  for (const eventSchema of eventSchemas) {
    const objectType = eventSchema.replace(/_event$/, '');
    for (const option of (schemas[eventSchema] as { oneOf: unknown[] }).oneOf) {
      const schema = resolve(option);
      const title = String(schema.title);
      const allOf = (schema.allOf as Schema[] | undefined) ?? [];
      const parts = [schema, ...allOf.map((part) => ('$ref' in part ? resolve(part) : part))];
      const metricEnum = parts.flatMap(
        (part) =>
          ((part.properties as Schema | undefined)?.metric as { enum?: string[] } | undefined)?.enum ?? [],
      );
      // A title "<Channel> <metric>" names the metric, and settles the one enum that repeats another's
      // ("Push drafted" says `attempted`); the longer customer title names it in its enum only.
      const words = title.split(' ');
      const metric = words.length === 2 ? (words[1] as string).toLowerCase() : (metricEnum[0] ?? '');
      result.push({ objectType, metric, title, requiredData: requiredData(parts), metricEnum });
    }
  }
  return result;
}

function requiredData(parts: Schema[]): string[] {
  const required: string[] = [];
  for (const part of parts) {
    const data = (part.properties as Schema | undefined)?.data as Schema | undefined;
    for (const piece of [data, ...((data?.allOf as Schema[] | undefined) ?? [])]) {
      required.push(...(((piece as Schema | undefined)?.required as string[] | undefined) ?? []));
    }
  }
  return [...new Set(required)];
}
