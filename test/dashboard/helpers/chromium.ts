import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium driven by playwright-core (no browser download: `.ci/run` installs the
 * package). `PLAYWRIGHT_CHROMIUM_PATH` or `CHROMIUM_PATH` point at another build.
 */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
