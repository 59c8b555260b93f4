import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isObject } from './document.js';
import { operationKeyFromLabel } from './openapi-operations.js';

/** An intended conflict: one operation, one rule, the locations it applies to, and why. */
export interface ConflictDeviation {
  operation: string;
  rule: string;
  locations: string[];
  reason: string;
}

/** A request-body example of ours that the vendor schema rejects on purpose. */
export interface ExampleDeviation {
  operation: string;
  example: string;
  reason: string;
}

/**
 * A request example of the vendor's document that our spec (and so the emulator) rejects on purpose.
 * `operation` is written as in the vendor document, `example` named as `documentRequestExamples` names it.
 */
export type VendorExampleDeviation = ExampleDeviation;

export interface Deviations {
  conflicts: ConflictDeviation[];
  examples: ExampleDeviation[];
  vendorExamples: VendorExampleDeviation[];
}

/** Short reasons ("intended", "see docs") explain nothing to the next reader. */
const MIN_REASON_LENGTH = 30;

export class DeviationsFormatError extends Error {
  override name = 'DeviationsFormatError';
}

function text(entry: Record<string, unknown>, key: string, where: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new DeviationsFormatError(`${where}: "${key}" must be a non-empty string`);
  return value.trim();
}

function checkKeys(entry: Record<string, unknown>, allowed: string[], where: string): void {
  const unknown = Object.keys(entry).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new DeviationsFormatError(`${where}: unknown key(s) ${unknown.join(', ')}`);
}

function checkCommon(entry: Record<string, unknown>, where: string): { operation: string; reason: string } {
  const operation = text(entry, 'operation', where);
  if (!operationKeyFromLabel(operation))
    throw new DeviationsFormatError(`${where}: operation must read "METHOD /path"`);
  const reason = text(entry, 'reason', where);
  if (reason.length < MIN_REASON_LENGTH)
    throw new DeviationsFormatError(`${where}: reason is too short to explain anything`);
  return { operation, reason };
}

function parseConflict(entry: unknown, where: string): ConflictDeviation {
  if (!isObject(entry)) throw new DeviationsFormatError(`${where}: expected a mapping`);
  checkKeys(entry, ['operation', 'rule', 'location', 'locations', 'reason'], where);
  const { operation, reason } = checkCommon(entry, where);
  const rule = text(entry, 'rule', where);
  const locations = 'locations' in entry ? entry.locations : [text(entry, 'location', where)];
  if ('location' in entry && 'locations' in entry)
    throw new DeviationsFormatError(`${where}: give "location" or "locations", not both`);
  if (
    !Array.isArray(locations) ||
    locations.length === 0 ||
    !locations.every((l) => typeof l === 'string' && l !== '')
  ) {
    throw new DeviationsFormatError(`${where}: "locations" must be a non-empty list of strings`);
  }
  return { operation, rule, locations, reason };
}

function parseExample(entry: unknown, where: string): ExampleDeviation {
  if (!isObject(entry)) throw new DeviationsFormatError(`${where}: expected a mapping`);
  checkKeys(entry, ['operation', 'example', 'reason'], where);
  return { ...checkCommon(entry, where), example: text(entry, 'example', where) };
}

export function parseDeviations(value: unknown, source: string): Deviations {
  if (value === null || value === undefined) return { conflicts: [], examples: [], vendorExamples: [] };
  if (!isObject(value)) {
    throw new DeviationsFormatError(
      `${source}: expected a mapping with "conflicts", "examples" and/or "vendorExamples"`,
    );
  }
  checkKeys(value, ['conflicts', 'examples', 'vendorExamples'], source);
  const list = (key: string): unknown[] => {
    const entries = value[key] ?? [];
    if (!Array.isArray(entries)) throw new DeviationsFormatError(`${source}: "${key}" must be a list`);
    return entries;
  };
  return {
    conflicts: list('conflicts').map((e, i) => parseConflict(e, `${source}: conflicts[${i}]`)),
    examples: list('examples').map((e, i) => parseExample(e, `${source}: examples[${i}]`)),
    vendorExamples: list('vendorExamples').map((e, i) => parseExample(e, `${source}: vendorExamples[${i}]`)),
  };
}

/** A missing file means no deviations, so the tool also works on a project that has none yet. */
export function loadDeviations(file: string): Deviations {
  if (!existsSync(file)) return { conflicts: [], examples: [], vendorExamples: [] };
  return parseDeviations(parseYaml(readFileSync(file, 'utf8')), file);
}
