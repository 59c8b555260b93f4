/**
 * Refusing option names nobody declared. JavaScript callers, and TypeScript callers who spread an
 * object, get no compiler error for `rateLimt`; without this check the option would be ignored in
 * silence and its default used instead.
 */
import { ConfigError, maxQuotedLength, quote } from './errors.js';

/**
 * Every key of an options interface, as an object with one property per option. Declared with
 * `satisfies OptionKeys<Options>`, so an option added to the interface and not to the list (or the
 * other way round) fails typecheck.
 */
export type OptionKeys<Options> = Readonly<Record<keyof Options, true>>;

/**
 * Checks that `options` is an object whose own keys are all keys of `known`. Throws ConfigError
 * otherwise: for anything but an object, and for the first unknown key, suggesting the closest known
 * key when one is close enough to be a typo.
 * @param known an object whose own keys are the valid option names (its values do not matter)
 * @param path where `options` sits, such as `rateLimit` or `faults.schedule[0]`; empty at the top level
 */
export function checkOptionKeys(options: unknown, known: object, path = ''): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(path || 'options', 'expected an object');
  }
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const suggestion = closestKey(key, Object.keys(known));
    throw new ConfigError(
      optionPath(path, key),
      suggestion === undefined
        ? 'no such option'
        : `no such option; did you mean \`${optionPath(path, suggestion)}\`?`,
    );
  }
}

/** `path.key`, or `path["odd key"]` for a key that is not a short identifier (quoted, so cut to size). */
export function optionPath(path: string, key: string): string {
  const plain = key.length <= maxQuotedLength && /^[A-Za-z_$][\w$]*$/.test(key);
  if (!plain) return `${path}[${quote(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The candidate a typo most likely meant, letter case ignored: the nearest by Damerau-Levenshtein
 * distance (optimal string alignment) within a third of the candidate's length (at least 1), or a
 * candidate the key begins at least half of (`timeout` for `timeoutMs`, `ttl` for `ttlMs`).
 */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const typed = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const name = candidate.toLowerCase();
    const allowed = Math.max(1, Math.floor(name.length / 3));
    const prefix = name.startsWith(typed) && typed.length * 2 >= name.length;
    // Also what keeps a huge key cheap: only names of about the candidate's length are compared.
    if (!prefix && Math.abs(name.length - typed.length) > allowed) continue;
    const distance = prefix ? name.length - typed.length : editDistance(typed, name);
    if ((prefix || distance <= allowed) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Edits (insertion, deletion, substitution, or swap of two neighbouring characters) that turn `a`
 * into `b`: the optimal string alignment form of Damerau-Levenshtein distance.
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: two back are needed for a swap.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (beforePrevious[j - 2] as number) + 1);
      }
      current.push(distance);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
