// V8 flags for the Electron main process, where the core (pipeline, SQLite, webhooks) runs. Electron-free so the
// decision is tested in plain Node.
//
// Why a relaunch: V8 reads heap-sizing flags once, when the main process's isolate is created, before any of our
// code runs. `app.commandLine.appendSwitch('js-flags', …)` only reaches processes started later (renderers), and
// `v8.setFlagsFromString` after start-up does not resize the young generation. The only way in is Electron's own
// command line (`--js-flags=…`), so: `npm start` passes it (scripts/start-electron.mjs), the Linux desktop entry passes
// it (electron-builder.yml, linux.executableArgs), and a start without it (a Windows or macOS shortcut, an AppImage
// run directly) relaunches itself once with it. NODE_OPTIONS cannot carry it: the fuses switch that variable off.

/** Same young-generation size as `npm run serve` (package.json): fewer scavenges during webhook and export bursts. */
export const MAIN_JS_FLAGS = '--max-semi-space-size=32';
export const JS_FLAGS_SWITCH = `--js-flags=${MAIN_JS_FLAGS}`;
/** Set on the relaunched process, so a start whose flag is somehow dropped never relaunches in a loop. */
export const RELAUNCH_MARKER_ENV = 'TAXPOYNT_JS_FLAGS_RELAUNCHED';

/** True when Electron's command line already carries our flags (as `--js-flags=…` among Chromium's switches). */
export function hasMainJsFlags(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.startsWith('--js-flags=') && arg.slice('--js-flags='.length).split(/\s+/).includes(MAIN_JS_FLAGS));
}

export interface RelaunchPlan {
  /** For app.relaunch: the executable (an AppImage's own file, not its temporary mount) and the arguments. */
  execPath?: string;
  args: string[];
}

/**
 * What to relaunch with, or null to go on starting. `argv` is process.argv (the executable first); `env` the process
 * environment (APPIMAGE is set by an AppImage's runtime: relaunching the binary inside its mount would fail once this
 * process exits and the mount goes away).
 */
export function jsFlagsRelaunch(argv: readonly string[], env: NodeJS.ProcessEnv): RelaunchPlan | null {
  if (hasMainJsFlags(argv) || env[RELAUNCH_MARKER_ENV]) return null;
  // Switches first: Chromium stops reading switches after a bare "--".
  const args = [JS_FLAGS_SWITCH, ...argv.slice(1)];
  return env.APPIMAGE ? { execPath: env.APPIMAGE, args } : { args };
}
