/**
 * `replay`: Segment messages from an NDJSON file (or standard input) to Customer.io, the emulator, or
 * (dry run) stdout. Every line ends up counted in the summary, and with `--failed`, every line that
 * was not delivered ends up in the failed file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { defaultDeliveryOptions } from '../delivery/options.js';
import type { CredentialFlags } from './credentials.js';
import { type FailedFile, openFailedFile, unwrapFailedRecord } from './failed-file.js';
import { watchInterrupts } from './interrupts.js';
import { type CliIo, exitCodes, UsageError } from './io.js';
import { dryRunSink, type MessageSink, sendingSink } from './message-sink.js';
import { type NdjsonReader, type NdjsonRecord, ndjsonReader } from './ndjson-reader.js';
import { Outcomes } from './outcomes.js';
import { type Progress, startProgress } from './progress.js';
import { openTarget, type ReplayTarget } from './replay-target.js';
import { formatSummary } from './summary.js';
import { formatWorkspace } from './workspace-report.js';

export interface ReplayFlags extends CredentialFlags {
  rate?: number;
  dryRun?: boolean;
  emulator?: boolean;
  showWorkspace?: boolean;
  failed?: string;
  allowInvalid?: boolean;
}

/** Messages unsettled at once: the destination's default queue size. */
const window = defaultDeliveryOptions.maxQueueSize;

export async function replay(file: string, flags: ReplayFlags, io: CliIo): Promise<number> {
  if (flags.dryRun && flags.emulator) throw new UsageError('--dry-run sends nothing; leave out --emulator');
  if (flags.showWorkspace && !flags.emulator) throw new UsageError('--show-workspace needs --emulator');
  const input = await openInput(file, io);
  const reader = ndjsonReader(input.stream);
  const interrupts = watchInterrupts(
    io,
    'Stopping: no more lines are read; finishing what was accepted.',
    () => reader.stop(),
  );
  let failedFile: FailedFile | undefined;
  let target: ReplayTarget | undefined;
  let progress: Progress | undefined;
  const log = (line: string) => (progress ? progress.log(line) : io.stderr.write(`${line}\n`));
  try {
    if (!flags.dryRun) {
      target = await openTarget(
        { ...flags, emulator: flags.emulator ?? false, rate: flags.rate, maxQueueSize: window, log },
        io,
      );
    }
    // Opened (and so emptied) only once the configuration is known to be sound.
    if (flags.failed !== undefined) {
      await checkNotInput(flags.failed, input);
      failedFile = openFailedFile(flags.failed);
    }
    const outcomes = new Outcomes(log, failedFile);
    const sink = target ? sendingSink(target.destination, outcomes, window) : dryRunSink(io.stdout, outcomes);
    const started = io.now();
    progress = startProgress(
      io,
      () => {
        const { tally } = outcomes;
        return {
          messages: tally.messages,
          settled: outcomes.finished,
          done: tally.delivered + tally.mapped,
          problems: tally.failed + tally.invalid,
          bytesRead: reader.bytesRead,
          totalBytes: input.size,
          elapsedMs: io.now() - started,
        };
      },
      { doneLabel: flags.dryRun ? 'mapped' : 'delivered' },
    );

    const work = pump(reader, sink, outcomes).then(() => target?.close());
    const finished = await Promise.race([work.then(() => true), interrupts.forced.then(() => false)]);
    if (!finished) return exitCodes.interrupted;
    progress.stop();
    progress = undefined;

    const summary = formatSummary({
      source: input.source,
      tally: outcomes.tally,
      stats: target?.destination.stats(),
      elapsedMs: io.now() - started,
      failedFile,
      interruptedAfterLine: interrupts.interrupted ? reader.lastLine : undefined,
    });
    io.stderr.write(`${summary}\n`);
    if (flags.showWorkspace && target?.emulator)
      io.stdout.write(`${formatWorkspace(target.emulator.workspace)}\n`);

    if (interrupts.interrupted) return exitCodes.interrupted;
    const { failed, invalid } = outcomes.tally;
    return failed > 0 || (invalid > 0 && !flags.allowInvalid) ? exitCodes.failed : exitCodes.ok;
  } finally {
    progress?.stop();
    interrupts.dispose();
    failedFile?.close();
    input.stream.destroy();
    // Only reached without closing on an error or a second Ctrl-C: the emulator must not outlive the run.
    await target?.emulator?.close();
  }
}

/** Reads every line into the sink, then waits for what the sink holds to settle. */
async function pump(reader: NdjsonReader, sink: MessageSink, outcomes: Outcomes): Promise<void> {
  for await (const record of reader.records()) {
    outcomes.tally.messages += 1;
    const message = messageOf(record);
    if ('unparsable' in message) outcomes.unparsable(record.line, message.raw, message.unparsable);
    else await sink.accept(record.line, message.value);
  }
  await sink.finish();
}

/** The message a line holds; a failed file's record stands for the message (or text) it kept. */
function messageOf(record: NdjsonRecord): { value: unknown } | { raw: string; unparsable: string } {
  if (record.kind === 'unparsable') return { raw: record.raw, unparsable: record.reason };
  const kept = unwrapFailedRecord(record.value);
  if (kept === undefined) return { value: record.value };
  if ('message' in kept) return { value: kept.message };
  // The text of a line that was not JSON, kept by an earlier run: someone may have fixed it since.
  try {
    return { value: JSON.parse(kept.raw) };
  } catch (error) {
    return { raw: kept.raw, unparsable: `is not JSON (${error instanceof Error ? error.message : error})` };
  }
}

interface Input {
  stream: Readable;
  /** The file's identity on its device, to tell it from the failed file. */
  identity: string | undefined;
  /** Bytes, when the input is a regular file. */
  size: number | undefined;
  /** How the summary names it. */
  source: string;
}

async function openInput(file: string, io: CliIo): Promise<Input> {
  if (file === '-') {
    if (io.stdin.isTTY) io.stderr.write('Reading messages from the terminal; end with Ctrl-D.\n');
    return { stream: io.stdin, identity: undefined, size: undefined, source: 'standard input' };
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    throw new UsageError(`cannot read ${JSON.stringify(file)} (${(error as { code?: string }).code})`);
  }
  if (info.isDirectory()) throw new UsageError(`${JSON.stringify(file)} is a directory`);
  // A pipe given as a path (`<(zcat events.gz)`) has no size: progress then shows no ETA.
  return {
    stream: createReadStream(file),
    identity: `${info.dev}:${info.ino}`,
    size: info.isFile() ? info.size : undefined,
    source: file,
  };
}

/** Replaying a failed file into itself would empty it before a line was read. */
async function checkNotInput(failed: string, input: Input): Promise<void> {
  const info = await stat(failed).catch(() => undefined);
  if (info && input.identity === `${info.dev}:${info.ino}`) {
    throw new UsageError(
      `--failed ${JSON.stringify(failed)} is the file being replayed; write failures to another file`,
    );
  }
}
