/** What package.json promises about files, checked against a directory: a build, or an installed package. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  bin?: string | Record<string, string>;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Every file the exports map can resolve to, under any condition. */
export function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** The bin names and the files they run. */
export function binEntries(pkg: PackageJson): Array<[name: string, target: string]> {
  if (pkg.bin === undefined) return [];
  if (typeof pkg.bin === 'string') return [[pkg.name.replace(/^@[^/]+\//, ''), pkg.bin]];
  return Object.entries(pkg.bin);
}

/** Export and bin targets missing from `dir`; `only` keeps those under a prefix such as `./dist/`. */
export function missingTargets(dir: string, pkg: PackageJson, only = './'): string[] {
  const targets = [...exportTargets(pkg.exports), ...binEntries(pkg).map(([, target]) => target)];
  return [...new Set(targets)].filter((target) => target.startsWith(only) && !existsSync(join(dir, target)));
}

/** Sources named by the source maps under `dir` that are not there, and how many maps were read. */
export function brokenSourceMaps(dir: string): { maps: number; missing: string[] } {
  const mapFiles = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.map'),
  );
  const missing = mapFiles.flatMap((file) => {
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      sourceRoot?: string;
      sources: string[];
    };
    const base = resolve(dir, dirname(file), map.sourceRoot ?? '');
    return map.sources
      .filter((source) => !existsSync(resolve(base, source)))
      .map((source) => `${file}: ${source}`);
  });
  return { maps: mapFiles.length, missing };
}
