/** Running a command without a shell, npm included, and telling whether it succeeded. */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

export interface CommandResult {
  ok: boolean;
  /** What the command printed; empty unless `capture` was set. */
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** Keep the output instead of passing it through to this process's. */
  capture?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function run(command: string, args: readonly string[], options: RunOptions): CommandResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    stdio: options.capture ? 'pipe' : 'inherit',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return { ok: false, stdout: '', stderr: result.error.message };
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * Runs npm. Under `npm run`, that is this Node running the npm that started us (npm_execpath), which
 * needs no shell on any platform; otherwise the `npm` on the PATH.
 */
export function npm(args: readonly string[], options: RunOptions): CommandResult {
  const cli = process.env.npm_execpath;
  if (cli && /^npm-cli\.c?js$/.test(basename(cli))) return run(process.execPath, [cli, ...args], options);
  return run('npm', args, options);
}

/**
 * This process's environment without what `npm run` set for this repository (its package fields,
 * lifecycle and local prefix), so npm in another directory treats that directory as its project.
 */
export function environmentOutside(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$)/.test(name),
    ),
  );
}
