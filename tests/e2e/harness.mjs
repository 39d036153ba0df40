// Shared set-up for end-to-end tests: the real server binary with the built app, on
// 127.0.0.1 with a free port and a fresh data directory, and Debian's Chromium driven
// by playwright-core with a fresh profile.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** Starts the server; resolves with { base, stop } once it listens. */
export async function startServer() {
  const binary = process.env.LVZHI_SERVER_BIN ?? join(root, 'target', 'server', 'lvzhi-server');
  const dist = process.env.LVZHI_DIST ?? join(root, 'dist');
  const dataDir = mkdtempSync(join(tmpdir(), 'lvzhi-e2e-'));
  const child = spawn(binary, ['--addr', '127.0.0.1:0', '--data-dir', dataDir, '--static-dir', dist, '--demo', 'small'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const base = await new Promise((resolveBase, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${log.join('')}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      log.push(chunk.toString());
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(''));
      if (match) {
        clearTimeout(timer);
        resolveBase(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => log.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log.join('')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, stop, log };
}

/** Launches headless Chromium with the flags this machine needs and a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Starts the server and Chromium before a test file's tests and stops both after them.
 * Returns an object whose `server` and `browser` are set once `before` has run.
 */
export function useServerAndBrowser({ before, after }) {
  const running = {};
  before(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
