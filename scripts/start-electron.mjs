#!/usr/bin/env node
// `npm start`: check that Electron can run here, build the app, build the native modules for Electron's ABI
// (scripts/electron-native.mjs), then launch Electron on the project folder and exit with its exit code.
// The Electron check comes first so a machine without the binary gets one clear sentence, not a minute of building.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ELECTRON_JS_FLAGS_SWITCH, MISSING_ELECTRON_MESSAGE, PROJECT_ROOT, findElectronBinary } from './electron-native.mjs';

const electron = findElectronBinary();
if (!electron) {
  process.stderr.write(`${MISSING_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}

/** Runs a step synchronously with inherited output; exits with its status if it fails. */
function step(command, args) {
  const result = spawnSync(command, args, {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    // npm is a .cmd script on Windows, which spawn can only start through a shell.
    shell: process.platform === 'win32' && command === 'npm',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Under `npm start`, npm_execpath is the npm CLI that started us: reuse it rather than whichever npm is on PATH.
if (process.env.npm_execpath) step(process.execPath, [process.env.npm_execpath, 'run', 'build']);
else step('npm', ['run', 'build']);
step(process.execPath, [fileURLToPath(new URL('./electron-native.mjs', import.meta.url))]);

const env = { ...process.env };
// Set by some tools (e.g. when this runs inside another Electron app); it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
// The main process's V8 flags go on Electron's command line, the only place they take effect (main/electron/js-flags.ts).
const child = spawn(electron, [ELECTRON_JS_FLAGS_SWITCH, PROJECT_ROOT, ...process.argv.slice(2)], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (err) => {
  process.stderr.write(`Could not launch Electron (${electron}): ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
