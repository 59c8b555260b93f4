#!/usr/bin/env node
/**
 * The `customerio-destination` binary: the real process behind `CliIo`. Everything else is in
 * program.ts, which tests run in-process.
 */
import { performance } from 'node:perf_hooks';
import type { CliIo } from './io.js';
import { run } from './program.js';

const io: CliIo = {
  // A getter: touching process.stdin opens it, which a command that never reads it should not do.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signals: process,
  exit: (code) => process.exit(code),
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

// `... --dry-run | head` closes stdout early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await run(process.argv.slice(2), io);
// Exit explicitly once both streams have written everything: a replay may leave nothing running, but
// an open terminal on stdin would otherwise keep the process alive.
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(status);

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
