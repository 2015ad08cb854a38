import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * A histogram as a PNG, with no native dependencies: a tiny RGB raster, a 5×7 bitmap font for
 * the labels, and a PNG encoder on node:zlib. Enough for benchmark reports to carry a chart.
 */

export interface HistogramOptions {
  title: string;
  xLabel: string;
  yLabel?: string;
  /** Bin width in the values' unit; chosen automatically (about 40 bins) when absent. */
  binWidth?: number;
  /** Range shown; defaults to [min(0, smallest value), largest value]. */
  min?: number;
  max?: number;
  width?: number;
  height?: number;
  /** Vertical marker lines, e.g. percentiles. */
  markers?: Array<{ value: number; label: string; color?: Rgb }>;
}

export type Rgb = [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [30, 30, 30];
const GRID: Rgb = [225, 225, 225];
const BAR: Rgb = [66, 120, 200];
const MARKER_COLORS: Rgb[] = [
  [30, 150, 70],
  [220, 120, 0],
  [200, 40, 40],
];

export async function writeHistogramPng(values: number[], file: string, options: HistogramOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderHistogramPng(values, options));
}

export function renderHistogramPng(values: number[], options: HistogramOptions): Buffer {
  const width = options.width ?? 900;
  const height = options.height ?? 520;
  const canvas = new Canvas(width, height);
  const plot = { left: 80, right: width - 30, top: 72, bottom: height - 70 };

  // reduce, not spread: spreading a large sample into Math.min overflows the call stack.
  const smallest = values.reduce((min, value) => Math.min(min, value), Infinity);
  const largest = values.reduce((max, value) => Math.max(max, value), -Infinity);
  const low = options.min ?? Math.min(0, Number.isFinite(smallest) ? smallest : 0);
  const high = Math.max(options.max ?? (Number.isFinite(largest) ? largest : low + 1), low + 1e-9);
  const binWidth = options.binWidth ?? niceStep((high - low) / 40);
  const binCount = Math.max(1, Math.ceil((high - low) / binWidth));
  const counts = new Array<number>(binCount).fill(0);
  for (const value of values) {
    const index = Math.min(binCount - 1, Math.max(0, Math.floor((value - low) / binWidth)));
    counts[index]! += 1;
  }
  const maxCount = counts.reduce((max, count) => Math.max(max, count), 1);
  const yStep = Math.max(1, niceStep(maxCount / 5));
  // Headroom above the tallest bar keeps marker lines and the legend readable.
  const yTop = Math.ceil((maxCount * 1.08) / yStep) * yStep;
  const xRange = binCount * binWidth;
  const xToPx = (value: number) => plot.left + ((value - low) / xRange) * (plot.right - plot.left);
  const yToPx = (count: number) => plot.bottom - (count / yTop) * (plot.bottom - plot.top);

  // Grid and y ticks.
  for (let tick = 0; tick <= yTop; tick += yStep) {
    const y = Math.round(yToPx(tick));
    canvas.line(plot.left, y, plot.right, y, GRID);
    const label = formatNumber(tick);
    canvas.text(label, plot.left - 8 - textWidth(label, 2), y - 7, 2, BLACK);
    canvas.line(plot.left - 5, y, plot.left, y, BLACK);
  }
  // Bars.
  counts.forEach((count, index) => {
    if (count === 0) return;
    const x0 = Math.round(xToPx(low + index * binWidth)) + 1;
    const x1 = Math.max(x0, Math.round(xToPx(low + (index + 1) * binWidth)) - 1);
    canvas.rect(x0, Math.round(yToPx(count)), x1, plot.bottom, BAR);
  });
  // Axes.
  canvas.line(plot.left, plot.top, plot.left, plot.bottom, BLACK);
  canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, BLACK);
  // x ticks: at most ~10 labels.
  const xTickStep = niceStep(xRange / 10);
  for (let tick = Math.ceil(low / xTickStep) * xTickStep; tick <= low + xRange + 1e-9; tick += xTickStep) {
    const x = Math.round(xToPx(tick));
    canvas.line(x, plot.bottom, x, plot.bottom + 5, BLACK);
    const label = formatNumber(tick);
    canvas.text(label, x - textWidth(label, 2) / 2, plot.bottom + 10, 2, BLACK);
  }
  // Markers with a legend line in the top-right corner.
  (options.markers ?? []).forEach((marker, index) => {
    const color = marker.color ?? MARKER_COLORS[index % MARKER_COLORS.length]!;
    const x = Math.round(xToPx(Math.min(Math.max(marker.value, low), low + xRange)));
    for (let y = plot.top; y < plot.bottom; y += 6) canvas.line(x - 1, y, x, Math.min(y + 3, plot.bottom), color);
    const legendY = plot.top + 4 + index * 18;
    const legendX = plot.right - 10 - textWidth(marker.label, 2);
    canvas.rect(legendX - 16, legendY + 3, legendX - 6, legendY + 9, color);
    canvas.text(marker.label, legendX, legendY, 2, color);
  });
  // Labels.
  canvas.text(options.title, (width - textWidth(options.title, 3)) / 2, 12, 3, BLACK);
  canvas.text(options.xLabel, (plot.left + plot.right - textWidth(options.xLabel, 2)) / 2, height - 28, 2, BLACK);
  if (options.yLabel) canvas.text(options.yLabel, 8, plot.top - 28, 2, BLACK);
  return canvas.toPng();
}

/** 1, 2 or 5 × a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function formatNumber(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(rounded < 1 ? 2 : 1).replace(/0+$/, '');
}

class Canvas {
  private readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(WHITE[0]);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const offset = (Math.floor(y) * this.width + Math.floor(x)) * 3;
    this.pixels[offset] = r;
    this.pixels[offset + 1] = g;
    this.pixels[offset + 2] = b;
  }

  rect(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
    for (let y = Math.min(y0, y1); y <= Math.max(y0, y1); y += 1) {
      for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x += 1) this.set(x, y, color);
    }
  }

  /** Horizontal and vertical lines only, which is all a bar chart needs. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
    this.rect(x0, y0, x1, y1, color);
  }

  text(text: string, x: number, y: number, scale: number, color: Rgb): void {
    let cursor = Math.round(x);
    for (const char of text.toUpperCase()) {
      const glyph = FONT[char] ?? FONT['?']!;
      glyph.forEach((row, rowIndex) => {
        for (let bit = 0; bit < 5; bit += 1) {
          if (row & (1 << (4 - bit))) {
            this.rect(cursor + bit * scale, Math.round(y) + rowIndex * scale, cursor + bit * scale + scale - 1, Math.round(y) + rowIndex * scale + scale - 1, color);
          }
        }
      });
      cursor += 6 * scale;
    }
  }

  toPng(): Buffer {
    const stride = this.width * 3;
    const raw = Buffer.alloc((stride + 1) * this.height);
    for (let y = 0; y < this.height; y += 1) {
      raw[y * (stride + 1)] = 0; // filter: none
      raw.set(this.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // colour type: RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function textWidth(text: string, scale: number): number {
  return text.length * 6 * scale - scale;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 5×7 glyphs, one number per row, bit 4 = leftmost pixel. Upper case only; text is upper-cased. */
const FONT: Record<string, number[]> = {
  ' ': [0, 0, 0, 0, 0, 0, 0],
  '0': [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
  '1': [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  '2': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
  '3': [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  '4': [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
  '5': [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  '6': [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
  '7': [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  '8': [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
  '9': [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  A: [0x0e, 0x11, 0x11, 0x11, 0x1f, 0x11, 0x11],
  B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
  C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e],
  D: [0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c],
  E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f],
  F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
  G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f],
  H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
  J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
  K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
  L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
  M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
  N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
  O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
  Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d],
  R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
  S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
  T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
  U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
  W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
  X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
  Y: [0x11, 0x11, 0x11, 0x0a, 0x04, 0x04, 0x04],
  Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
  '.': [0, 0, 0, 0, 0, 0x0c, 0x0c],
  ',': [0, 0, 0, 0, 0x0c, 0x04, 0x08],
  ':': [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0],
  '-': [0, 0, 0, 0x1f, 0, 0, 0],
  '+': [0, 0x04, 0x04, 0x1f, 0x04, 0x04, 0],
  '=': [0, 0, 0x1f, 0, 0x1f, 0, 0],
  '_': [0, 0, 0, 0, 0, 0, 0x1f],
  '/': [0, 0x01, 0x02, 0x04, 0x08, 0x10, 0],
  '(': [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02],
  ')': [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08],
  '<': [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02],
  '>': [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08],
  '%': [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
  '?': [0x0e, 0x11, 0x01, 0x02, 0x04, 0, 0x04],
  '×': [0, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0],
};
