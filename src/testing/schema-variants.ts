/**
 * Navigation in the spec document, and choosing the branch of a `oneOf` a value was meant for.
 * Validators report every branch of a failed union; an error about the branch the sender meant
 * (the `action` they wrote, the `type` they wrote) is the one worth answering with.
 */
import { trackApiDocument } from '../../generated/track-api.document.js';
import { withoutPrototypes } from './null-prototype.js';

type SchemaObject = Record<string, unknown>;

/**
 * The spec as the emulator reads it and compiles its validators from: with null prototypes, so a
 * keyword the spec leaves out (`type`, `const`, `$ref`...) is never read from a polluted Object.prototype.
 */
export const specDocument = withoutPrototypes(trackApiDocument);

/** Where each schema object sits in the document, so a validator's `parentSchema` can be traced back. */
const pointers = new WeakMap<object, string>();
indexPointers(specDocument, '');

function indexPointers(value: unknown, pointer: string): void {
  if (typeof value !== 'object' || value === null) return;
  if (!pointers.has(value)) pointers.set(value, pointer);
  for (const [key, child] of Object.entries(value)) indexPointers(child, `${pointer}/${escapeSegment(key)}`);
}

function escapeSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The JSON Pointer of a schema object taken from the document, if it is one. */
export function pointerOf(schema: unknown): string | undefined {
  return typeof schema === 'object' && schema !== null ? pointers.get(schema) : undefined;
}

export function nodeAt(pointer: string): unknown {
  let node: unknown = specDocument;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows local `$ref`s until the pointer names a schema with content of its own. */
export function resolvePointer(pointer: string): string {
  let current = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const ref = asObject(nodeAt(current))?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#')) return current;
    current = ref.slice(1);
  }
  return current;
}

export type VariantChoice =
  | { kind: 'branch'; pointer: string }
  /** The tag property (`type`, `action`) is missing or names no branch. */
  | { kind: 'bad_tag'; property: string; allowed: string[]; present: boolean }
  /** Nothing tells the branches apart; the caller compares how well each one fits. */
  | { kind: 'undecided'; branches: string[] };

/** Which branch of the `oneOf` at `pointer` the value was meant for. */
export function chooseVariant(pointer: string, value: unknown): VariantChoice {
  const at = resolvePointer(pointer);
  const node = asObject(nodeAt(at));
  const branchCount = Array.isArray(node?.oneOf) ? node.oneOf.length : 0;
  const branches = Array.from({ length: branchCount }, (_, index) => resolvePointer(`${at}/oneOf/${index}`));
  const record = asObject(value);

  const discriminator = asObject(node?.discriminator);
  const mapping = asObject(discriminator?.mapping);
  if (typeof discriminator?.propertyName === 'string' && mapping) {
    const property = discriminator.propertyName;
    const tag = record?.[property];
    const target = typeof tag === 'string' ? mapping[tag] : undefined;
    if (typeof target === 'string' && target.startsWith('#')) {
      return { kind: 'branch', pointer: resolvePointer(target.slice(1)) };
    }
    return { kind: 'bad_tag', property, allowed: Object.keys(mapping), present: tag !== undefined };
  }

  for (const property of constProperties(branches)) {
    const tags = branches.map((branch) => tagsOf(branch, property));
    if (tags.some((set) => set === undefined)) continue;
    // A tag must name one branch only: `action` is shared by people and objects, `type` is not.
    const all = tags.flatMap((set) => set ?? []);
    if (new Set(all).size !== all.length) continue;
    const tag = record?.[property];
    if (tag === undefined) {
      const optional = branches.filter((branch) => !isRequired(branch, property));
      if (optional.length === 1 && optional[0] !== undefined) return { kind: 'branch', pointer: optional[0] };
    } else {
      const index = tags.findIndex((set) => set?.includes(tag as string));
      const chosen = branches[index];
      if (chosen !== undefined) return { kind: 'branch', pointer: chosen };
    }
    return { kind: 'bad_tag', property, allowed: all, present: tag !== undefined };
  }
  return { kind: 'undecided', branches };
}

/** Property names that some branch fixes with `const`: the candidates for a tag. */
function constProperties(branches: readonly string[]): string[] {
  const names = new Set<string>();
  const visit = (pointer: string, depth: number) => {
    const node = asObject(nodeAt(pointer));
    for (const [name, schema] of Object.entries(asObject(node?.properties) ?? {})) {
      if (typeof asObject(schema)?.const === 'string') names.add(name);
    }
    if (depth < 4 && Array.isArray(node?.oneOf)) {
      node.oneOf.forEach((_, index) => {
        visit(resolvePointer(`${pointer}/oneOf/${index}`), depth + 1);
      });
    }
  };
  for (const branch of branches) visit(branch, 0);
  return [...names];
}

/** The values a branch allows for a tag property, when every one of its own branches fixes it. */
function tagsOf(pointer: string, property: string, depth = 0): string[] | undefined {
  const node = asObject(nodeAt(pointer));
  const fixed = asObject(asObject(node?.properties)?.[property])?.const;
  if (typeof fixed === 'string') return [fixed];
  if (depth > 4 || !Array.isArray(node?.oneOf)) return undefined;
  const nested = node.oneOf.map((_, index) =>
    tagsOf(resolvePointer(`${pointer}/oneOf/${index}`), property, depth + 1),
  );
  if (nested.some((set) => set === undefined)) return undefined;
  return [...new Set(nested.flatMap((set) => set ?? []))];
}

function isRequired(pointer: string, property: string): boolean {
  const node = asObject(nodeAt(pointer));
  if (Array.isArray(node?.required) && node.required.includes(property)) return true;
  if (!Array.isArray(node?.oneOf)) return false;
  return node.oneOf.every((_, index) => isRequired(resolvePointer(`${pointer}/oneOf/${index}`), property));
}

function asObject(value: unknown): SchemaObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as SchemaObject)
    : undefined;
}
