/**
 * The command line run in-process: `run(argv, io)` with streams that record what is written, a fixed
 * clock, timers the test fires itself, and a Ctrl-C (or SIGTERM) the test sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Standard input: text, or a stream the test writes to. */
  stdin?: string | Readable;
  env?: Record<string, string | undefined>;
  /** Pretend stderr is a terminal. */
  tty?: boolean;
}

export interface CliSession {
  /** Resolves with what the run wrote and its exit status. */
  readonly done: Promise<CliRun>;
  /** What was written so far. */
  stdout(): string;
  stderr(): string;
  /** Presses Ctrl-C. */
  interrupt(): void;
  /** Sends SIGTERM, as a process supervisor does. */
  terminate(): void;
  /** Calls every periodic timer the run started and has not stopped, once. */
  tick(): void;
  /** The statuses `io.exit` was called with. */
  readonly exits: number[];
}

/** Starts the command line and lets the test act while it runs. */
export function startCli(argv: readonly string[], options: CliOptions = {}): CliSession {
  const stdout = collector();
  const stderr = collector(options.tty);
  const signals = new EventEmitter();
  const timers = new Set<() => void>();
  const exits: number[] = [];
  const stdin =
    typeof options.stdin === 'string'
      ? Readable.from([Buffer.from(options.stdin)])
      : (options.stdin ?? Readable.from([]));
  const io: CliIo = {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    signals,
    exit: (code) => exits.push(code),
    // A clock that never moves: elapsed times and rates in the output are the same on every run.
    now: () => 0,
    every(_ms, tick) {
      timers.add(tick);
      return () => timers.delete(tick);
    },
  };
  const done = run(argv, io).then(async (status) => {
    // Let the streams hand over what was written last.
    await new Promise((resolve) => setImmediate(resolve));
    return { status, stdout: stdout.text(), stderr: stderr.text() };
  });
  return {
    done,
    stdout: stdout.text,
    stderr: stderr.text,
    interrupt: () => signals.emit('SIGINT'),
    terminate: () => signals.emit('SIGTERM'),
    tick() {
      for (const tick of [...timers]) tick();
    },
    exits,
  };
}

/** Runs the command line to its end. */
export function runCli(argv: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(argv, options).done;
}

function collector(tty = false) {
  const stream = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 120 } : {});
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

/** Polls until the condition holds; for states the test cannot await directly. */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** NDJSON text from messages: one line each, and a final newline. */
export function ndjson(...lines: unknown[]): string {
  return lines
    .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
    .join('\n')
    .concat('\n');
}

/** Each line of an NDJSON file, parsed (a failed file, say); none for an empty file. */
export async function readNdjson(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the exit status, or the signal's name when a signal ended it. */
  exited: Promise<number | string>;
  /** What it wrote on stderr so far. */
  stderr(): string;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The real binary (from the sources, through tsx) in a process of its own. */
export function spawnCli(
  argv: readonly string[],
  options: { env?: Record<string, string | undefined>; stdin?: 'pipe' | 'ignore' } = {},
): CliProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=customerio-destination-source', '--import', 'tsx', 'src/cli/main.ts', ...argv],
    {
      cwd: repoRoot,
      stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return { child, exited, stderr: () => stderr };
}
