/** The report a replay ends with, and the small formatters progress lines share with it. */
import type { DeliveryStats } from '../delivery/stats.js';
import type { Tally } from './outcomes.js';

export interface SummaryInput {
  /** What was read: a path, or `standard input`. */
  source: string;
  tally: Tally;
  /** Undefined for a dry run, which sends nothing. */
  stats: DeliveryStats | undefined;
  elapsedMs: number;
  /** The failed file, when one was asked for. */
  failedFile: { path: string; count: number; appended?: boolean } | undefined;
  /** The line a resumed replay went on after. */
  resumedAfterLine?: number | undefined;
  /** When the reading stopped before the end of the input: the last line read, and why. */
  stopped?: { afterLine: number; why: 'interrupted' | 'credentials refused' } | undefined;
  /**
   * When the replay stopped early: the line up to which every line has settled, and the command that
   * goes on after it (with `--checkpoint`).
   */
  resumePoint?: { line: number; command: string | undefined } | undefined;
}

/** The summary, one line per count, labels aligned. */
export function formatSummary(input: SummaryInput): string {
  const { tally, stats } = input;
  const rows: [string, string][] = [];
  rows.push(['messages', `${tally.messages}`]);
  if (stats) rows.push(['delivered', `${tally.delivered}`], ['failed', `${tally.failed}`]);
  else rows.push(['mapped', `${tally.mapped} (${plural(tally.operations, 'operation')}, nothing sent)`]);
  rows.push(['skipped', `${tally.skipped}`], ['invalid', `${tally.invalid}`]);
  rows.push(['warnings', warningsText(tally.warnings)]);
  if (stats) {
    rows.push(['requests', `${stats.requests}`]);
    rows.push(['batches', `${stats.batches}`]);
    rows.push(['retries', `${stats.retries}`]);
  }
  rows.push(['elapsed', formatDuration(input.elapsedMs)]);
  rows.push(['rate', `${formatRate(tally.messages, input.elapsedMs)} messages/s`]);
  if (input.failedFile) {
    const { path, count, appended } = input.failedFile;
    rows.push(['failed file', `${path} (${plural(count, 'record')}${appended ? ' added' : ''})`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  let heading = `Summary of ${input.source}`;
  if (input.resumedAfterLine !== undefined) heading += `, resumed after line ${input.resumedAfterLine}`;
  if (input.stopped) {
    const { afterLine, why } = input.stopped;
    heading +=
      why === 'interrupted'
        ? `: interrupted after line ${afterLine}; later lines were not read`
        : `: stopped after line ${afterLine} (credentials refused); later lines were not read`;
  }
  const lines = [heading, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
  if (input.resumePoint) {
    const { line, command } = input.resumePoint;
    const settled = `Resume point: line ${line} (every line up to it has settled)`;
    lines.push(
      command === undefined
        ? `${settled}; with --checkpoint FILE, --resume goes on after it.`
        : `${settled}; go on with:\n  ${command}`,
    );
  }
  return lines.join('\n');
}

/** `12 (value_truncated 7, device_skipped 5)`, most frequent first, then by name. */
function warningsText(warnings: ReadonlyMap<string, number>): string {
  const total = [...warnings.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return '0';
  const kinds = [...warnings]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([code, count]) => `${code} ${count}`);
  return `${total} (${kinds.join(', ')})`;
}

/** `850 ms`, `12.3 s`, `4m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Per second, with one decimal below 100; 0 before any time has passed. */
export function formatRate(count: number, ms: number): string {
  if (ms <= 0) return '0';
  const rate = (count * 1000) / ms;
  return rate < 100 ? rate.toFixed(1) : String(Math.round(rate));
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
