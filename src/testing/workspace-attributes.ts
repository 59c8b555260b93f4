/**
 * Attribute updates as Customer.io applies them to people, objects and relationships. Values live
 * in Maps rather than plain objects, so a name such as `__proto__` is an ordinary attribute.
 */

/**
 * Customer.io documents `null` and `""` as "remove this attribute" for objects and relationships, and
 * v1 identify (whose values cannot be null) relies on `""` for people; one rule serves all three.
 */
export function isRemoval(value: unknown): boolean {
  return value === null || value === '';
}

/** Merges `updates` into `target`: a removal deletes the attribute, any other value replaces it. */
export function mergeAttributes(
  target: Map<string, unknown>,
  updates: Readonly<Record<string, unknown>> | undefined,
): void {
  if (!updates) return;
  for (const [name, value] of Object.entries(updates)) {
    if (value === undefined) continue;
    if (isRemoval(value)) target.delete(name);
    else target.set(name, structuredClone(value));
  }
}

/** Sets every attribute of `source` that `target` lacks: on a conflict, `target` wins. */
export function adoptMissingAttributes(
  target: Map<string, unknown>,
  source: ReadonlyMap<string, unknown>,
): void {
  for (const [name, value] of source) if (!target.has(name)) target.set(name, value);
}

/** A detached plain-object copy, safe to hand to callers. */
export function attributesRecord(attributes: ReadonlyMap<string, unknown>): Record<string, unknown> {
  return structuredClone(Object.fromEntries(attributes));
}

/**
 * A person's attributes with the time each one was last written. Customer.io silently drops an
 * update older than the value it holds, so every write, removals included, remembers its time.
 */
export class TimedAttributes {
  readonly values = new Map<string, unknown>();
  private readonly writtenAt = new Map<string, number>();

  /** Whether an update made at `time` (unix seconds) may still change `name`. */
  accepts(name: string, time: number): boolean {
    const last = this.writtenAt.get(name);
    return last === undefined || time >= last;
  }

  /** Writes (or, for a removal, deletes) `name` as of `time`, unless a newer write holds it. */
  write(name: string, value: unknown, time: number): boolean {
    if (!this.accepts(name, time)) return false;
    if (isRemoval(value)) this.values.delete(name);
    else this.values.set(name, structuredClone(value));
    this.writtenAt.set(name, time);
    return true;
  }

  /** Takes every attribute this person lacks from `other`, with its write time (a merge). */
  adoptMissing(other: TimedAttributes): void {
    for (const [name, value] of other.values) {
      if (this.values.has(name)) continue;
      this.values.set(name, value);
      const time = other.writtenAt.get(name);
      if (time !== undefined) this.writtenAt.set(name, Math.max(time, this.writtenAt.get(name) ?? time));
    }
  }
}
