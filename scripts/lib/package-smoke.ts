/**
 * The package as a consumer gets it: packed, installed into a throwaway project (its dependencies from
 * the registry), its files all there, every entry point loaded with `import` and with `require()`,
 * compiled against by a strict TypeScript consumer, and its bin run. The entry points are tried
 * twice: first without msw, an optional peer (installed then, for the entry point that needs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binEntries, brokenSourceMaps, missingTargets, type PackageJson } from './package-files.js';
import { environmentOutside, npm, run } from './run-command.js';

/** An export each entry point must have, and the optional peer it needs, if any. */
interface EntryCheck {
  name: string;
  peer?: string;
}

/** Every entry point; one missing here fails the check. */
const knownExports: Readonly<Record<string, EntryCheck>> = {
  '.': { name: 'createDestination' },
  './testing': { name: 'createTrackApiEmulator' },
  './testing/msw': { name: 'mswHandlers', peer: 'msw' },
  './webhooks': { name: 'createWebhookHandler' },
  './collector': { name: 'createCollector' },
};

/** A check's outcome: `failure` is undefined when it passed. */
export interface Outcome {
  name: string;
  failure?: string;
  detail?: string;
}

// Shared by the ESM and the CommonJS probe, which differ only in how they load a module. The
// emulator answers through `fetch` and the loopback server, with or without msw, and through msw's
// `setupServer` when msw is installed.
const probeBody = `
async function main([entries, withMsw]) {
  for (const [specifier, name] of entries) {
    const module = await load(specifier);
    if (module[name] === undefined) throw new Error(specifier + ' has no export ' + name);
  }
  const { createTrackApiEmulator } = await load('customerio-destination/testing');
  const { detectRegion } = await load('customerio-destination');
  const emulator = createTrackApiEmulator({ region: 'eu' });
  const viaFetch = await detectRegion({ ...emulator.clientOptions(), fetch: emulator.fetch });
  await emulator.listen();
  let viaServer;
  try {
    viaServer = await detectRegion(emulator.clientOptions());
  } finally {
    await emulator.close();
  }
  let viaMsw = 'eu';
  if (withMsw) {
    const { mswHandlers } = await load('customerio-destination/testing/msw');
    const { setupServer } = await load('msw/node');
    const server = setupServer(...mswHandlers(emulator));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      viaMsw = await detectRegion({ ...emulator.credentials });
    } finally {
      server.close();
    }
  }
  if ([viaFetch, viaServer, viaMsw].some((region) => region !== 'eu')) {
    throw new Error('emulator answered ' + [viaFetch, viaServer, viaMsw]);
  }
}
main(process.argv.slice(2).map((arg) => JSON.parse(arg))).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const probes = {
  'probe-import.mjs': `const load = (specifier) => import(specifier);\n${probeBody}`,
  'probe-require.cjs': `const load = async (specifier) => require(specifier);\n${probeBody}`,
};

/**
 * A consumer of every entry point given, as its author would write it, with the types a test using the
 * emulator and a webhook endpoint touch. With msw, it also serves the emulator through `setupServer`.
 */
function consumerSource(
  pkgName: string,
  entries: ReadonlyArray<[entry: string, name: string]>,
  withMsw: boolean,
) {
  const specifier = (entry: string) => `${pkgName}${entry.slice(1)}`;
  return `${entries.map(([entry, name], index) => `import { ${name} as entry${index} } from '${specifier(entry)}';`).join('\n')}
import { createDestination, type DeliveryResult, isCustomerIoError } from '${pkgName}';
import { createTrackApiEmulator, type TrackApiEmulator } from '${pkgName}/testing';
import { createWebhookHandler, forwardTo } from '${pkgName}/webhooks';
import { type Collector, createCollector, toNodeListener } from '${pkgName}/collector';
${withMsw ? `import { setupServer } from 'msw/node';\nimport { mswHandlers } from '${pkgName}/testing/msw';\n` : ''}
export const entryPoints: unknown[] = [${entries.map((_, index) => `entry${index}`).join(', ')}];

const emulator: TrackApiEmulator = createTrackApiEmulator({ region: 'eu', faults: { seed: 1, probability: 0.1 } });
export const answer: Promise<Response> = emulator.handle(new Request(\`\${emulator.baseUrls[0]}/api/v1/accounts/region\`));
const destination = createDestination({ ...emulator.clientOptions(), fetch: emulator.fetch, rateLimit: { requestsPerSecond: 5 } });
export const result: Promise<DeliveryResult> = destination.track({ userId: 'user-1', event: 'Signed Up' });
export const handler: (request: Request) => Promise<Response> = createWebhookHandler({
  signingKey: 'signing-key',
  onEvents: forwardTo(destination),
});
export const guard: (value: unknown) => boolean = isCustomerIoError;
export const collector: Collector = createCollector({
  sources: [{ writeKey: 'write-key', destination: { ...emulator.clientOptions(), fetch: emulator.fetch } }],
});
export const listener = toNodeListener(collector);
${withMsw ? 'export const server = setupServer(...mswHandlers(emulator));\n' : ''}`;
}

/** The version of a development dependency installed here, so the throwaway project gets the same one. */
function installedVersion(root: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function smokeTest(root: string, pkg: PackageJson, report: (outcome: Outcome) => boolean): boolean {
  const temp = mkdtempSync(join(tmpdir(), `${pkg.name}-check-`));
  try {
    // A consumer compiling against the webhooks entry point has Node's types, as any Node project does.
    const typesNode = `@types/node@${installedVersion(root, '@types/node')}`;
    const installed = packAndInstall(root, temp, pkg, typesNode, report);
    if (!installed) return false;
    const project = join(temp, 'project');
    let ok = report(checkFiles(installed, pkg));
    const entries = Object.keys(pkg.exports).filter((entry) => entry !== './package.json');
    const unknown = entries.filter((entry) => !knownExports[entry]);
    if (unknown.length > 0) {
      return report({
        name: 'smoke: entry points',
        failure: `no known export listed in scripts/lib/package-smoke.ts for ${unknown.join(', ')}`,
      });
    }
    const checks = entries.map((entry) => [entry, knownExports[entry] as EntryCheck] as const);
    const withoutPeers = checks.filter(([, check]) => check.peer === undefined);
    if (existsSync(join(project, 'node_modules', 'msw'))) {
      return report({ name: 'smoke: msw left out', failure: 'msw was installed along with the package' });
    }
    ok = tryEntryPoints(root, project, pkg, withoutPeers, false, report) && ok;

    const msw = `msw@${installedVersion(root, 'msw')}`;
    const install = npm(['install', msw, '--no-audit', '--no-fund'], {
      cwd: project,
      capture: true,
      env: environmentOutside(),
    });
    if (
      report({ name: `smoke: npm install ${msw}`, failure: install.ok ? undefined : install.stderr.trim() })
    ) {
      ok = tryEntryPoints(root, project, pkg, checks, true, report) && ok;
    } else ok = false;

    for (const [name] of binEntries(pkg)) {
      const result = npm(['exec', '--no', '--', name, '--version'], {
        cwd: project,
        capture: true,
        env: environmentOutside(),
      });
      const printed = result.stdout.trim();
      ok =
        report({
          name: `smoke: npx ${name} --version`,
          failure: !result.ok
            ? result.stderr.trim()
            : printed.includes(pkg.version)
              ? undefined
              : `printed ${JSON.stringify(printed)}, not ${pkg.version}`,
          detail: printed,
        }) && ok;
    }
    return ok;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Loads the entry points with `import` and `require()`, and compiles a strict consumer of them. */
function tryEntryPoints(
  root: string,
  project: string,
  pkg: PackageJson,
  checks: ReadonlyArray<readonly [entry: string, check: EntryCheck]>,
  withMsw: boolean,
  report: (outcome: Outcome) => boolean,
): boolean {
  const names = checks.map(([entry]) => entry).join(' ');
  const setting = withMsw ? 'with msw' : 'without msw';
  const specifiers = checks.map(([entry, check]) => [`${pkg.name}${entry.slice(1)}`, check.name]);
  let ok = true;
  for (const [file, loader] of [
    ['probe-import.mjs', 'import'],
    ['probe-require.cjs', 'require()'],
  ] as const) {
    writeFileSync(join(project, file), probes[file]);
    const result = run(process.execPath, [file, JSON.stringify(specifiers), String(withMsw)], {
      cwd: project,
      capture: true,
    });
    ok =
      report({
        name: `smoke: ${loader} of ${names}, ${setting}`,
        failure: result.ok ? undefined : result.stderr.trim(),
        detail: `Node ${process.versions.node}`,
      }) && ok;
  }

  // Every declaration file is checked (no skipLibCheck), as a strict consumer's build would.
  const consumer = withMsw ? 'consumer-with-msw.ts' : 'consumer-without-msw.ts';
  const entries = checks.map(([entry, check]) => [entry, check.name] as [string, string]);
  writeFileSync(join(project, consumer), consumerSource(pkg.name, entries, withMsw));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const compiled = run(process.execPath, [tsc, '--strict', '--module', 'nodenext', '--noEmit', consumer], {
    cwd: project,
    capture: true,
  });
  return (
    report({
      name: `smoke: tsc --strict --module nodenext of a consumer of ${names}, ${setting}`,
      failure: compiled.ok ? undefined : `${compiled.stdout}${compiled.stderr}`.trim(),
    }) && ok
  );
}

/** Packs the package and installs the tarball; returns the installed package's directory. */
function packAndInstall(
  root: string,
  temp: string,
  pkg: PackageJson,
  alongside: string,
  report: (outcome: Outcome) => boolean,
): string | undefined {
  const packed = npm(['pack', '--json', '--pack-destination', temp], { cwd: root, capture: true });
  const tarball = packed.ok
    ? (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename
    : undefined;
  if (
    !report({ name: 'smoke: npm pack', failure: tarball ? undefined : packed.stderr.trim(), detail: tarball })
  ) {
    return undefined;
  }
  const project = join(temp, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'package-check', private: true, type: 'module' }, null, 2),
  );
  const install = npm(['install', join(temp, tarball as string), alongside, '--no-audit', '--no-fund'], {
    cwd: project,
    capture: true,
    env: environmentOutside(),
  });
  const name = 'smoke: npm install of the tarball';
  if (!report({ name, failure: install.ok ? undefined : install.stderr.trim() })) return undefined;
  return join(project, 'node_modules', pkg.name);
}

function checkFiles(installed: string, pkg: PackageJson): Outcome {
  const missing = missingTargets(installed, pkg);
  const maps = brokenSourceMaps(join(installed, 'dist'));
  const problems = [
    ...missing.map((target) => `missing ${target}`),
    ...maps.missing.map((source) => `source map points at a file not shipped: ${source}`),
  ];
  return {
    name: 'smoke: export targets, bin and source maps shipped',
    failure:
      problems.length === 0
        ? undefined
        : [
            ...problems.slice(0, 10),
            ...(problems.length > 10 ? [`and ${problems.length - 10} more`] : []),
          ].join('\n'),
    detail: `${maps.maps} source maps`,
  };
}
