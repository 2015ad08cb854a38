import { execFileSync } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Summary statistics of a sample (same unit as the input). */
export interface SampleSummary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface MarkdownTable {
  title?: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

export interface BenchmarkSection {
  /** Section heading, e.g. "dev/qstash delivery precision". */
  title: string;
  /** How to reproduce, e.g. "npm run bench:qstash". */
  command: string;
  summary?: string;
  tables: MarkdownTable[];
  notes?: string[];
  /** Files written next to the section (charts), relative to the repo root. */
  artifacts?: string[];
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: number[]): SampleSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Milliseconds for a table cell; a dash for a missing figure (NaN). */
export function formatMs(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : '—';
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

/** `{booked: 3, full: 1}` → "booked 3, full 1", most frequent first. */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
}

/** The commit under test, or "uncommitted" when there is none (or no git). */
export function gitCommit(cwd = process.cwd()): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    // A benchmark's own outputs (its chart, earlier sections) are not changes to the code under test.
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', '.', ':(exclude)BENCHMARKS.md', ':(exclude)bench/results'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() !== '';
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'uncommitted';
  }
}

/** One line describing the machine, so figures from different machines are not compared blindly. */
export function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGb = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} × ${model}, ${memoryGb} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}

export function formatMarkdownTable(table: MarkdownTable): string {
  const escape = (cell: string | number) => String(cell).replace(/\|/g, '\\|');
  const lines = [
    `| ${table.headers.map(escape).join(' | ')} |`,
    `| ${table.headers.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
  return (table.title ? `**${table.title}**\n\n` : '') + lines.join('\n');
}

/** A plain-text table for the terminal, columns padded to width. */
export function formatConsoleTable(table: MarkdownTable): string {
  const cells = [table.headers, ...table.rows.map((row) => row.map(String))];
  const widths = table.headers.map((_, column) => Math.max(...cells.map((row) => String(row[column] ?? '').length)));
  const line = (row: Array<string | number>) => row.map((cell, column) => String(cell).padEnd(widths[column]!)).join('  ');
  return [
    ...(table.title ? [table.title] : []),
    line(table.headers),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...table.rows.map(line),
  ].join('\n');
}

/**
 * Appends a dated section to BENCHMARKS.md (created with a heading if missing) and returns the
 * markdown written. Each run adds a section; history stays in the file.
 */
export async function appendBenchmarkSection(section: BenchmarkSection, file = path.resolve('BENCHMARKS.md')): Promise<string> {
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const parts = [
    `## ${section.title} — ${date}`,
    '',
    `- Machine: ${machineDescription()}`,
    `- Commit: ${gitCommit(path.dirname(file))}`,
    `- Command: \`${section.command}\``,
    ...(section.summary ? ['', section.summary] : []),
    ...section.tables.flatMap((table) => ['', formatMarkdownTable(table)]),
    ...(section.notes && section.notes.length > 0 ? ['', ...section.notes.map((note) => `- ${note}`)] : []),
    ...(section.artifacts && section.artifacts.length > 0 ? ['', ...section.artifacts.map((artifact) => `![${path.basename(artifact)}](${artifact})`)] : []),
    '',
  ];
  const markdown = parts.join('\n');
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch {
    await writeFile(file, '# Benchmarks\n\nFigures appended by the `npm run bench:*` scripts; newest sections last.\n\n');
  }
  await appendFile(file, `${existing !== '' && !existing.endsWith('\n\n') ? '\n' : ''}${markdown}\n`);
  return markdown;
}
