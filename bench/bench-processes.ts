/**
 * Child processes of the delivery benchmark, driven over IPC:
 * - the emulator (bench/emulator-server.ts), forked with this process's Node flags (tsx's loader and
 *   the source condition);
 * - the clients being measured (bench/delivery-worker.ts) and the servers under load
 *   (bench/collector-server.ts), compiled to plain JavaScript once per run and forked on plain Node, as
 *   users run the package: no loader thread in their CPU time or their memory.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectorServerReply, CollectorServerSettings } from './collector-server.js';
import type { Target, WorkerJob, WorkerReply, WorkerResult } from './delivery-jobs.js';
import type { EmulatorCommand, EmulatorReply, EmulatorReport } from './emulator-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function forkTypeScript(module: string, args: string[]): ChildProcess {
  return fork(fileURLToPath(new URL(module, import.meta.url)), args, {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

let compiled: Promise<string> | undefined;

/** The modules forked on plain Node, compiled together. */
const compiledEntries = ['delivery-worker.ts', 'collector-server.ts'];

/**
 * Compiles bench/delivery-worker.ts, bench/collector-server.ts and everything they import (tsc, no type
 * check) into a directory under node_modules/.cache, so packages resolve as from the repository;
 * removed when this process exits.
 * @returns the compiled bench/ directory
 */
function compiledBench(): Promise<string> {
  compiled ??= new Promise<string>((resolve, reject) => {
    const outDir = join(root, 'node_modules', '.cache', 'customerio-destination-bench', String(process.pid));
    mkdirSync(outDir, { recursive: true });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const config = {
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { outDir, noCheck: true, declaration: false, sourceMap: false },
      include: compiledEntries.map((entry) => join(root, 'bench', entry)),
    };
    const configPath = join(outDir, 'tsconfig.json');
    writeFileSync(configPath, JSON.stringify(config));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const child = spawn(process.execPath, [tsc, '-p', configPath], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(join(outDir, 'bench'));
      else reject(new Error(`Compiling bench/ for the child processes failed (tsc exited ${code})`));
    });
  });
  return compiled;
}

/** Rejects when the child exits before answering. */
function exited(child: ChildProcess, what: string): Promise<never> {
  return new Promise((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${what} exited (${signal ?? code}) before answering`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // A child exits on its own once its IPC channel closes.
    if (child.connected) child.disconnect();
    else child.kill();
  });
}

export interface EmulatorProcess {
  target: Target;
  reset(): Promise<void>;
  report(
    options?: Omit<Extract<EmulatorCommand, { type: 'report' }>, 'id' | 'type'>,
  ): Promise<EmulatorReport>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = forkTypeScript('./emulator-server.ts', []);
  const died = exited(child, 'The emulator process');
  died.catch(() => {});
  const pending = new Map<number, (reply: EmulatorReply) => void>();
  let nextId = 0;
  const listening = new Promise<Extract<EmulatorReply, { type: 'listening' }>>((resolve) => {
    child.on('message', (reply: EmulatorReply) => {
      if (reply.type === 'listening') resolve(reply);
      else pending.get(reply.id)?.(reply);
    });
  });
  const ready = await Promise.race([listening, died]);
  const ask = <T extends EmulatorReply>(command: EmulatorCommand): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => {
        pending.set(command.id, (reply) => {
          pending.delete(command.id);
          resolve(reply as T);
        });
        child.send(command);
      }),
      died,
    ]);
  return {
    target: { url: ready.url, ...ready.credentials },
    async reset() {
      await ask({ id: nextId++, type: 'reset' });
    },
    async report(reportOptions = {}) {
      const reply = await ask<Extract<EmulatorReply, { type: 'report' }>>({
        id: nextId++,
        type: 'report',
        ...reportOptions,
      });
      return reply.report;
    },
    stop: () => stop(child),
  };
}

export interface WorkerProcess {
  run<J extends WorkerJob>(job: J): Promise<WorkerResult<J>>;
  stop(): Promise<void>;
}

/** A process that runs delivery jobs one at a time, with `nodeFlags` such as `--cpu-prof` (and no others). */
export async function startWorker(nodeFlags: readonly string[] = []): Promise<WorkerProcess> {
  const child = fork(join(await compiledBench(), 'delivery-worker.js'), [], {
    execArgv: [...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const died = exited(child, 'A delivery worker');
  died.catch(() => {});
  const pending = new Map<number, (reply: WorkerReply) => void>();
  let nextId = 0;
  child.on('message', (reply: WorkerReply) => pending.get(reply.id)?.(reply));
  return {
    async run<J extends WorkerJob>(job: J) {
      const id = nextId++;
      const reply = await Promise.race([
        new Promise<WorkerReply>((resolve) => {
          pending.set(id, resolve);
          child.send({ id, job });
        }),
        died,
      ]);
      pending.delete(id);
      if ('error' in reply) throw new Error(`Delivery worker failed: ${reply.error}`);
      return reply.result as WorkerResult<J>;
    },
    stop: () => stop(child),
  };
}

export interface CollectorServerProcess {
  url: string;
  stats(): Promise<Extract<CollectorServerReply, { type: 'stats' }>>;
  stop(): Promise<void>;
}

/**
 * A server under load for the collector benchmark (bench/collector-server.ts), on plain Node with
 * `nodeFlags` (such as `--max-old-space-size=160`) and no others.
 */
export async function startCollectorServer(
  settings: CollectorServerSettings,
  nodeFlags: readonly string[] = [],
): Promise<CollectorServerProcess> {
  const child = fork(join(await compiledBench(), 'collector-server.js'), [JSON.stringify(settings)], {
    execArgv: [...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const died = exited(child, 'A collector benchmark server');
  died.catch(() => {});
  const replies: Array<(reply: CollectorServerReply) => void> = [];
  child.on('message', (reply: CollectorServerReply) => replies.shift()?.(reply));
  const next = () =>
    Promise.race([new Promise<CollectorServerReply>((resolve) => replies.push(resolve)), died]);
  const listening = (await next()) as Extract<CollectorServerReply, { type: 'listening' }>;
  return {
    url: listening.url,
    async stats() {
      const reply = next();
      child.send({ type: 'stats' });
      return (await reply) as Extract<CollectorServerReply, { type: 'stats' }>;
    },
    stop: () => stop(child),
  };
}
