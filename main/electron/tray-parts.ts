// The tray's parts that need no Electron, tested in Node: where its entries lead, and its icon, a dot in the health
// line's colour drawn as a raw bitmap (no image files to ship, no decoder); nativeImage.createFromBitmap takes it.
import type { DashboardTarget, Health } from '../../shared/dashboard';

const TONE_RGB: Record<Health['tone'], [number, number, number]> = {
  ok: [0x13, 0x7a, 0x3a],
  info: [0x0f, 0x76, 0x6e],
  warning: [0xd9, 0x8a, 0x00],
  danger: [0xb4, 0x23, 0x18],
};

/** A size×size BGRA bitmap (Electron's byte order) of an anti-aliased dot of the tone's colour on transparency. */
export function trayDotBitmap(tone: Health['tone'], size = 16): Buffer {
  const [r, g, b] = TONE_RGB[tone];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Coverage of the pixel by the disc, from its distance to the centre: a one-pixel soft edge.
      const coverage = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x - c, y - c)));
      const i = (y * size + x) * 4;
      buf[i] = b;
      buf[i + 1] = g;
      buf[i + 2] = r;
      buf[i + 3] = Math.round(coverage * 255);
    }
  }
  return buf;
}

/** The renderer's hash route for a target (renderer/src/hooks/useHashRoute.ts); an unknown screen opens the dashboard. */
export function targetHash(target: DashboardTarget): string {
  switch (target.screen) {
    case 'invoice':
      return `#/invoices/${target.id}`;
    case 'invoices':
      return '#/invoices';
    default:
      return `#/${target.screen}`;
  }
}
