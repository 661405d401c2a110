import { type Browser, chromium } from 'playwright-core';
import { chromiumPath } from '../../prerequisites/probe.js';

/**
 * Debian's chromium driven by playwright-core (no browser download: `npm test` installs the
 * package). `PLAYWRIGHT_CHROMIUM_PATH` or `CHROMIUM_PATH` point at another build.
 */
export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
