/**
 * Progress on stderr while a replay runs: a live bar on a terminal, and a plain line every few
 * seconds otherwise (CI logs, files), where redrawing a bar would only fill the log with escapes.
 * Both pull their numbers from the replay, so the replay itself never waits on a display.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';
import { formatDuration, formatRate } from './summary.js';

export interface ProgressSnapshot {
  /** Non-blank lines read. */
  messages: number;
  /** Messages settled: delivered, failed, skipped or invalid (mapped, in a dry run). */
  settled: number;
  /** Messages delivered (or mapped, in a dry run). */
  done: number;
  /** Messages failed or invalid. */
  problems: number;
  /** Where reading is in the input, in bytes. */
  bytesRead: number;
  /** Where this run started reading: after the resume point, or 0. */
  startBytes: number;
  /** The input's size, when known (a file); undefined for standard input. */
  totalBytes: number | undefined;
  elapsedMs: number;
  /**
   * The line up to which every line has settled: a restart after it loses nothing. Undefined in a dry
   * run, which settles nothing.
   */
  settledLine: number | undefined;
}

export interface Progress {
  /** Shows a line above the bar (or between the plain lines). */
  log(line: string): void;
  /** Stops drawing; the bar stays on screen in its last state. */
  stop(): void;
}

export interface ProgressOptions {
  /** `delivered` or `mapped`. */
  doneLabel: string;
  /** How often a plain line is written when stderr is not a terminal, in milliseconds. @default 2000 */
  plainIntervalMs?: number;
}

/** How often the bar takes a new snapshot, in milliseconds. */
const barIntervalMs = 100;

export function startProgress(
  io: CliIo,
  snapshot: () => ProgressSnapshot,
  options: ProgressOptions,
): Progress {
  return io.stderr.isTTY ? startBar(io, snapshot, options) : startPlainLines(io, snapshot, options);
}

function startBar(io: CliIo, snapshot: () => ProgressSnapshot, options: ProgressOptions): Progress {
  const first = snapshot();
  const known = first.totalBytes !== undefined;
  const settled = first.settledLine === undefined ? '' : ' | settled to line {settled}';
  const counts = `{messages} messages | {done} ${options.doneLabel} | {problems} problems | {rate} msg/s${settled}`;
  const bars = new cliProgress.MultiBar({
    stream: io.stderr,
    format: known
      ? `{bar} {percentage}% | ${counts} | ETA {eta_formatted}`
      : `${counts} | {duration_formatted}`,
    barsize: 24,
    emptyOnZero: true,
    // Ctrl-C belongs to the replay, which stops the bar itself before its summary.
    gracefulExit: false,
    // The bar is cut to the terminal's width rather than turning line wrapping off, and the cursor stays
    // visible: a second Ctrl-C ends the process at once and must not leave the terminal changed.
    linewrap: true,
    hideCursor: false,
  });
  const payload = (now: ProgressSnapshot) => ({
    messages: now.messages,
    done: now.done,
    problems: now.problems,
    rate: formatRate(now.settled, now.elapsedMs),
    settled: now.settledLine,
  });
  // The bar counts bytes, so its percentage and ETA follow the file, whatever the size of its lines.
  const bar = bars.create(first.totalBytes ?? 1, known ? first.startBytes : 0, payload(first));
  const cancel = io.every(barIntervalMs, () => {
    const now = snapshot();
    bar.update(known ? now.bytesRead : 0, payload(now));
  });
  return {
    log: (line) => bars.log(`${line}\n`),
    stop() {
      cancel();
      const now = snapshot();
      bar.update(known ? now.bytesRead : 0, payload(now));
      // update() writes lines still waiting in the log buffer; stop() would drop them.
      bars.update();
      bars.stop();
    },
  };
}

function startPlainLines(io: CliIo, snapshot: () => ProgressSnapshot, options: ProgressOptions): Progress {
  const cancel = io.every(options.plainIntervalMs ?? 2000, () => {
    io.stderr.write(`${plainLine(snapshot(), options.doneLabel)}\n`);
  });
  return {
    log: (line) => io.stderr.write(`${line}\n`),
    stop: cancel,
  };
}

/** `progress: 1200 messages (45%), 1180 delivered, 3 problems, 540 msg/s, ETA 4.0 s, settled to line 1150` */
export function plainLine(now: ProgressSnapshot, doneLabel: string): string {
  const parts = [`${now.messages} messages`];
  if (now.totalBytes !== undefined && now.totalBytes > 0) {
    parts[0] += ` (${Math.floor((now.bytesRead * 100) / now.totalBytes)}%)`;
  }
  parts.push(`${now.done} ${doneLabel}`, `${now.problems} problems`);
  parts.push(`${formatRate(now.settled, now.elapsedMs)} msg/s`, `ETA ${eta(now)}`);
  if (now.settledLine !== undefined) parts.push(`settled to line ${now.settledLine}`);
  return `progress: ${parts.join(', ')}`;
}

/** The time left, assuming the rest of the file reads as fast as what this run read so far. */
function eta(now: ProgressSnapshot): string {
  const read = now.bytesRead - now.startBytes;
  if (now.totalBytes === undefined || read <= 0) return 'unknown';
  const left = Math.max(0, now.totalBytes - now.bytesRead);
  return formatDuration((now.elapsedMs * left) / read);
}
