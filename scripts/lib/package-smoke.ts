/**
 * The package as a consumer gets it: packed, installed into a throwaway project (its dependencies from
 * the registry; msw, an optional peer, left out), its files all there, every entry point loaded with
 * `import` and with `require()`, and its bin run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binEntries, brokenSourceMaps, missingTargets, type PackageJson } from './package-files.js';
import { environmentOutside, npm, run } from './run-command.js';

/** One export each entry point must have; an entry point missing here fails the check. */
const knownExports: Readonly<Record<string, string>> = {
  '.': 'createDestination',
  './testing': 'createTrackApiEmulator',
  './webhooks': 'createWebhookHandler',
};

/** A check's outcome: `failure` is undefined when it passed. */
export interface Outcome {
  name: string;
  failure?: string;
  detail?: string;
}

// Shared by the ESM and the CommonJS probe, which differ only in how they load a module. The
// emulator part proves the testing entry works without msw: `handlers` says msw is needed, while
// `fetch` and the loopback server answer.
const probeBody = `
async function main([entries, mswMissing]) {
  for (const [specifier, name] of entries) {
    const module = await load(specifier);
    if (module[name] === undefined) throw new Error(specifier + ' has no export ' + name);
  }
  const { createTrackApiEmulator } = await load('customerio-destination/testing');
  const { detectRegion } = await load('customerio-destination');
  const emulator = createTrackApiEmulator({ region: 'eu' });
  if (mswMissing) {
    let code;
    try {
      emulator.handlers;
    } catch (error) {
      code = error.code;
    }
    if (code !== 'emulator_msw_missing') throw new Error('emulator.handlers without msw threw ' + code);
  }
  const viaFetch = await detectRegion({ ...emulator.clientOptions(), fetch: emulator.fetch });
  await emulator.listen();
  let viaServer;
  try {
    viaServer = await detectRegion(emulator.clientOptions());
  } finally {
    await emulator.close();
  }
  if (viaFetch !== 'eu' || viaServer !== 'eu') throw new Error('emulator answered ' + [viaFetch, viaServer]);
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

export function smokeTest(root: string, pkg: PackageJson, report: (outcome: Outcome) => boolean): boolean {
  const temp = mkdtempSync(join(tmpdir(), `${pkg.name}-check-`));
  try {
    const installed = packAndInstall(root, temp, pkg, report);
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
    const specifiers = entries.map((entry) => [`${pkg.name}${entry.slice(1)}`, knownExports[entry]]);
    const mswMissing = !existsSync(join(project, 'node_modules', 'msw'));
    for (const [file, loader] of [
      ['probe-import.mjs', 'import'],
      ['probe-require.cjs', 'require()'],
    ] as const) {
      writeFileSync(join(project, file), probes[file]);
      const result = run(process.execPath, [file, JSON.stringify(specifiers), String(mswMissing)], {
        cwd: project,
        capture: true,
      });
      ok =
        report({
          name: `smoke: ${loader} of ${entries.join(' ')}`,
          failure: result.ok ? undefined : result.stderr.trim(),
          detail: `Node ${process.versions.node}${mswMissing ? ', emulator without msw' : ''}`,
        }) && ok;
    }
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

/** Packs the package and installs the tarball; returns the installed package's directory. */
function packAndInstall(
  root: string,
  temp: string,
  pkg: PackageJson,
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
  const install = npm(['install', join(temp, tarball as string), '--no-audit', '--no-fund'], {
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
