import type { ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonObject } from './document.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default`
// is the plugin. Accept either shape so this works however the module is loaded.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** Crockford base32, 26 characters; the first is at most 7 so the 128-bit value does not overflow. */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;

/**
 * Format names used by Customer.io's document that no standard defines. Each is spelled out so a new
 * one shows up as an unknown format instead of being accepted by a catch-all.
 */
export const NON_STANDARD_FORMATS: Record<
  string,
  { type: 'string' | 'number'; validate: (value: never) => boolean }
> = {
  ulid: { type: 'string', validate: (value: string) => ULID.test(value) },
  ULID: { type: 'string', validate: (value: string) => ULID.test(value) },
  // Seconds since the epoch; the type keyword beside it already asks for an integer.
  'unix timestamp': { type: 'number', validate: () => true },
  'Unix timestamp': { type: 'number', validate: () => true },
  // A regular expression written where a format name belongs; it describes v1 path identifiers.
  'cio_[a-zA-Z0-9]*': { type: 'string', validate: () => true },
  // A string that holds JSON, and base64 content; neither constrains what this library sends.
  json: { type: 'string', validate: () => true },
  base64: { type: 'string', validate: () => true },
};

/**
 * A draft 2020-12 validator for OpenAPI 3.1 documents. `strict: false` lets OpenAPI's own keywords
 * (`discriminator`, `example`, `x-*`) pass as annotations; the discriminator option stays off because
 * Customer.io puts `discriminator` on `anyOf`, which ajv's implementation refuses.
 */
export function createOpenApiAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const [name, definition] of Object.entries(NON_STANDARD_FORMATS)) {
    ajv.addFormat(name, definition as { type: 'string'; validate: (value: string) => boolean });
  }
  return ajv;
}

export { formatsUsed } from '../../src/testing/request-validation.js';

/**
 * Registers a whole OpenAPI document under `id`, so schemas inside it compile by JSON Pointer with
 * their local `#/components/...` references intact.
 */
export function addOpenApiDocument(ajv: Ajv2020, id: string, doc: JsonObject): void {
  ajv.addSchema(doc, id);
}

export function compileAt(ajv: Ajv2020, id: string, pointer: string): ValidateFunction {
  return ajv.compile({ $ref: `${id}${pointer}` });
}
