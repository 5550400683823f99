#!/usr/bin/env node
// Draws the app icon (the renderer's logo, renderer/src/assets/logo.svg: a teal rounded square, a white T and a
// mint dot) into the PNG files electron-builder packages: build/icon.png (1024x1024; electron-builder derives the
// macOS .icns and the Windows .ico from it) and build/icons/<n>x<n>.png (the Linux icon set). Plain Node (zlib), no
// image library: the shapes are three primitives, each pixel is 4x4 supersampled for smooth edges.
//
//   node scripts/make-icons.mjs          rewrite the files (they are committed; run again after changing the logo)
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const BUILD_DIR = resolve(fileURLToPath(new URL('../build', import.meta.url)));
/** The master icon electron-builder converts for macOS and Windows (their converters want at least 512 / 256). */
export const MASTER_ICON = { file: 'icon.png', size: 1024 };
/** The Linux icon set (build/icons/<n>x<n>.png), the sizes desktop environments look for. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

// logo.svg, in its own 32-unit viewBox.
const TEAL = [0x0f, 0x76, 0x6e];
const WHITE = [0xff, 0xff, 0xff];
const MINT = [0x5e, 0xea, 0xd4];
const CORNER = 7;

function inRoundedSquare(x, y) {
  if (x < 0 || y < 0 || x > 32 || y > 32) return false;
  const cx = Math.min(Math.max(x, CORNER), 32 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 32 - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

/** The T: path "M9 9h14v3.2h-5.4V23h-3.2V12.2H9z" is a bar and a stem. */
function inT(x, y) {
  return (x >= 9 && x <= 23 && y >= 9 && y <= 12.2) || (x >= 14.4 && x <= 17.6 && y >= 12.2 && y <= 23);
}

function inDot(x, y) {
  return (x - 23) ** 2 + (y - 22) ** 2 <= 2.2 ** 2;
}

/** The colour at a point of the viewBox, or null outside the icon (transparent). Later shapes paint over earlier. */
function colourAt(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  if (inDot(x, y)) return MINT;
  if (inT(x, y)) return WHITE;
  return TEAL;
}

const SAMPLES = 4;

/** RGBA pixels (non-premultiplied) of the icon at `size` x `size`. */
export function renderIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = 32 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt((px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          hits++;
        }
      }
      const i = (py * size + px) * 4;
      if (hits > 0) {
        rgba[i] = Math.round(r / hits);
        rgba[i + 1] = Math.round(g / hits);
        rgba[i + 2] = Math.round(b / hits);
        rgba[i + 3] = Math.round((hits / (SAMPLES * SAMPLES)) * 255);
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG file: 8-bit RGBA, no interlace, every scanline with filter 0. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function writeIcons(dir = BUILD_DIR) {
  mkdirSync(join(dir, 'icons'), { recursive: true });
  const written = [];
  const write = (path, size) => {
    writeFileSync(path, encodePng(size, size, renderIcon(size)));
    written.push(path);
  };
  write(join(dir, MASTER_ICON.file), MASTER_ICON.size);
  for (const size of LINUX_ICON_SIZES) write(join(dir, 'icons', `${size}x${size}.png`), size);
  return written;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  for (const path of writeIcons()) process.stdout.write(`${path}\n`);
}
