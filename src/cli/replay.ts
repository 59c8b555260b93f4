/**
 * `replay`: Segment messages from an NDJSON file (or standard input) to Customer.io, the emulator, or
 * (dry run) stdout. Every line ends up counted in the summary, and with `--failed`, every line that
 * was not delivered ends up in the failed file. With `--checkpoint`, the line up to which every line
 * has settled is kept in a file while the replay runs, and `--resume` goes on after it: a replay that
 * was stopped, or killed, goes on without losing a line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { defaultDeliveryOptions } from '../delivery/options.js';
import { quote } from '../errors.js';
import { CheckpointFile, codeOf, mismatchMessage, readCheckpoint, resumePointOf } from './checkpoint.js';
import type { CredentialFlags } from './credentials.js';
import { type FailedFile, openFailedFile, unwrapFailedRecord } from './failed-file.js';
import { watchInterrupts } from './interrupts.js';
import { type CliIo, complain, exitCodes, UsageError } from './io.js';
import { dryRunSink, type MessageSink, sendingSink } from './message-sink.js';
import {
  type NdjsonReader,
  type NdjsonRecord,
  ndjsonReader,
  ResumeMismatchError,
  type ResumePoint,
} from './ndjson-reader.js';
import { Outcomes } from './outcomes.js';
import { type Progress, startProgress } from './progress.js';
import { openTarget, type ReplayTarget } from './replay-target.js';
import { resumeCommand } from './resume-command.js';
import { SettledLines } from './settled-lines.js';
import { formatSummary } from './summary.js';
import { formatWorkspace } from './workspace-report.js';

export interface ReplayFlags extends CredentialFlags {
  rate?: number;
  dryRun?: boolean;
  emulator?: boolean;
  showWorkspace?: boolean;
  failed?: string;
  allowInvalid?: boolean;
  checkpoint?: string;
  resume?: boolean;
  /** Seconds SIGTERM leaves what is in flight. */
  grace?: number;
}

/** Messages read ahead of the settled line at most: the destination's default queue size. */
const window = defaultDeliveryOptions.maxQueueSize;

/**
 * Seconds SIGTERM leaves what is in flight, unless `--grace` says: the client's timeout of one request,
 * so that a request already sent gets its answer; and well within the 30 s Kubernetes waits before it
 * kills (Docker waits 10 s: give `--grace 5` there).
 */
export const defaultGraceSeconds = 10;

/** How often the checkpoint is written while the replay runs, in milliseconds. */
const checkpointIntervalMs = 1000;

export async function replay(file: string, flags: ReplayFlags, io: CliIo): Promise<number> {
  if (flags.dryRun && flags.emulator) throw new UsageError('--dry-run sends nothing; leave out --emulator');
  if (flags.showWorkspace && !flags.emulator) throw new UsageError('--show-workspace needs --emulator');
  if (flags.resume && flags.checkpoint === undefined)
    throw new UsageError('--resume needs --checkpoint FILE');
  if (flags.dryRun && flags.checkpoint !== undefined) {
    throw new UsageError('--dry-run sends nothing; leave out --checkpoint');
  }
  const checkpoint =
    flags.resume && flags.checkpoint !== undefined ? await readCheckpoint(flags.checkpoint) : undefined;
  const input = await openInput(file, io);
  let resumePoint: ResumePoint | undefined;
  try {
    resumePoint = checkpoint && resumePointOf(checkpoint, input.size);
  } catch (error) {
    input.stream.destroy();
    throw explainMismatch(error, input, flags);
  }
  const reader = ndjsonReader(input.stream, resumePoint);
  const lines = new SettledLines(window, checkpoint && { line: checkpoint.line, byte: checkpoint.byte });
  const grace = flags.grace ?? defaultGraceSeconds;
  let checkpointFile: CheckpointFile | undefined;
  const interrupts = watchInterrupts(io, {
    stopping: 'Stopping: no more lines are read; finishing what was accepted.',
    grace: flags.dryRun
      ? undefined
      : `What has not settled ${grace} s from now (--grace) fails and is recorded.`,
    onStop: () => reader.stop(),
    beforeExit: () => checkpointFile?.saveNow(),
  });
  let failedFile: FailedFile | undefined;
  let target: ReplayTarget | undefined;
  let progress: Progress | undefined;
  let stopSaving: (() => void) | undefined;
  let refused = false;
  const log = (line: string) => (progress ? progress.log(line) : io.stderr.write(`${line}\n`));
  try {
    if (!flags.dryRun) {
      target = await openTarget(
        { ...flags, emulator: flags.emulator ?? false, rate: flags.rate, maxQueueSize: window, log },
        io,
      );
      const { destination } = target;
      // Whatever has not settled when the grace period ends fails, and is recorded like any failure.
      // The replay awaits the same close through target.close().
      interrupts.terminated
        .then(() => destination.close({ timeoutMs: Math.round(grace * 1000) }))
        .catch(() => {});
    }
    // Opened (and so emptied, unless resuming) only once the configuration is known to be sound.
    if (flags.failed !== undefined) {
      await checkNotInput('--failed', flags.failed, input);
      failedFile = openFailedFile(flags.failed, flags.resume);
    }
    if (flags.checkpoint !== undefined) {
      await checkNotInput('--checkpoint', flags.checkpoint, input);
      if (flags.failed !== undefined && resolve(flags.failed) === resolve(flags.checkpoint)) {
        throw new UsageError('--checkpoint and --failed name the same file; give each its own');
      }
      // Nothing is written before a resumed input was found to be the checkpoint's.
      checkpointFile = new CheckpointFile(flags.checkpoint, input, () =>
        reader.resumed ? { mark: lines.mark, head: reader.head } : undefined,
      );
      if (!flags.resume) {
        await checkpointFile.save().catch((error) => {
          throw new UsageError(
            `cannot write the checkpoint ${quote(checkpointFile?.path ?? '')} (${codeOf(error)})`,
          );
        });
      }
    }
    const outcomes = new Outcomes(log, failedFile, () => {
      if (refused) return;
      refused = true;
      log(
        'Stopping: Customer.io refused the credentials before any message was delivered; no more lines are read.',
      );
      reader.stop();
    });
    const sink = target
      ? sendingSink(target.destination, outcomes, lines)
      : dryRunSink(io.stdout, outcomes, lines);
    const started = io.now();
    const startBytes = checkpoint?.byte ?? 0;
    const sending = target !== undefined;
    progress = startProgress(
      io,
      () => {
        const { tally } = outcomes;
        return {
          messages: tally.messages,
          settled: outcomes.finished,
          done: tally.delivered + tally.mapped,
          problems: tally.failed + tally.invalid,
          bytesRead: Math.max(reader.bytesRead, startBytes),
          startBytes,
          totalBytes: input.size,
          elapsedMs: io.now() - started,
          settledLine: sending ? lines.mark.line : undefined,
        };
      },
      { doneLabel: flags.dryRun ? 'mapped' : 'delivered' },
    );
    if (checkpointFile) stopSaving = saveEvery(checkpointFile, io, log);

    const work = pump(reader, lines, sink, outcomes).then(async (readToEnd) => {
      await target?.close();
      return readToEnd;
    });
    let ended: boolean | undefined;
    try {
      ended = await Promise.race([work, interrupts.forced.then(() => undefined)]);
    } catch (error) {
      throw explainMismatch(error, input, flags);
    }
    if (ended === undefined) return exitCodes.interrupted;
    stopSaving?.();
    await checkpointFile?.save().catch((error) => {
      throw new Error(`cannot write the checkpoint ${quote(checkpointFile?.path ?? '')} (${codeOf(error)})`);
    });
    progress.stop();
    progress = undefined;

    const stopped = !ended;
    const summary = formatSummary({
      source: input.source,
      tally: outcomes.tally,
      stats: target?.destination.stats(),
      elapsedMs: io.now() - started,
      failedFile,
      resumedAfterLine: checkpoint?.line,
      stopped: stopped
        ? { afterLine: lines.lastLine, why: refused ? 'credentials refused' : 'interrupted' }
        : undefined,
      resumePoint:
        stopped && sending
          ? {
              line: lines.mark.line,
              command:
                flags.checkpoint === undefined
                  ? undefined
                  : resumeCommand(file, { ...flags, checkpoint: flags.checkpoint }),
            }
          : undefined,
    });
    io.stderr.write(`${summary}\n`);
    if (flags.showWorkspace && target?.emulator)
      io.stdout.write(`${formatWorkspace(target.emulator.workspace)}\n`);

    if (refused) complain(io, refusedMessage(target));
    if (interrupts.interrupted) return interrupts.exitCode;
    if (refused) return exitCodes.usage;
    const { failed, invalid } = outcomes.tally;
    return failed > 0 || (invalid > 0 && !flags.allowInvalid) ? exitCodes.failed : exitCodes.ok;
  } finally {
    stopSaving?.();
    progress?.stop();
    interrupts.dispose();
    failedFile?.close();
    input.stream.destroy();
    // Only reached without closing on an error or a second Ctrl-C: the emulator must not outlive the run.
    await target?.emulator?.close();
  }
}

/**
 * Reads every line into the sink, at most a window ahead of the settled line, then waits for what the
 * sink holds to settle.
 * @returns whether the input was read to its end (false when the reading was stopped)
 */
async function pump(
  reader: NdjsonReader,
  lines: SettledLines,
  sink: MessageSink,
  outcomes: Outcomes,
): Promise<boolean> {
  for await (const record of reader.records()) {
    if (!lines.hasRoom()) await lines.room();
    // Stopped while waiting for room: this line is left for a later run.
    if (reader.stopped) break;
    outcomes.tally.messages += 1;
    const end = reader.bytesRead;
    const message = messageOf(record);
    if ('unparsable' in message) {
      outcomes.unparsable(record.line, message.raw, message.unparsable);
      lines.pass(record.line, end);
    } else await sink.accept({ line: record.line, start: record.start, end }, message.value);
  }
  const readToEnd = !reader.stopped;
  // Blank lines at the end settle with the last message.
  if (readToEnd) lines.pass(reader.lastLine, reader.bytesRead);
  await sink.finish();
  return readToEnd;
}

/** Writes the checkpoint every second; a write that fails is reported once, and the replay goes on. */
function saveEvery(checkpointFile: CheckpointFile, io: CliIo, log: (line: string) => void): () => void {
  const reported = new Set<string>();
  return io.every(checkpointIntervalMs, () => {
    checkpointFile.save().catch((error: unknown) => {
      const code = codeOf(error);
      if (reported.has(code)) return;
      reported.add(code);
      // The last checkpoint written stands: a resume from it repeats more, and loses nothing.
      log(`cannot write the checkpoint ${quote(checkpointFile.path)} (${code}); the replay goes on`);
    });
  });
}

function explainMismatch(error: unknown, input: Input, flags: ReplayFlags): unknown {
  if (!(error instanceof ResumeMismatchError)) return error;
  const source = input.source === 'standard input' ? input.source : quote(input.source);
  return new UsageError(mismatchMessage(error, source, flags.checkpoint ?? ''));
}

function refusedMessage(target: ReplayTarget | undefined): string {
  const sources = target?.credentialSources;
  const which = sources
    ? `The Site ID (from ${sources.siteId}) or the API key (from ${sources.apiKey})`
    : 'The Site ID or the API key';
  return (
    'Customer.io refused the credentials (401) before any message was delivered, so no more lines were read. ' +
    `${which} is wrong, or the workspace is in the other region; \`customerio-destination verify\` checks them.`
  );
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

/** Writing the failed file or the checkpoint over the input would destroy it before a line was read. */
async function checkNotInput(flag: string, path: string, input: Input): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info && input.identity === `${info.dev}:${info.ino}`) {
    const what =
      flag === '--failed' ? 'write failures to another file' : 'keep the checkpoint in another file';
    throw new UsageError(`${flag} ${JSON.stringify(path)} is the file being replayed; ${what}`);
  }
}
