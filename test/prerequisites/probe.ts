import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { MachineFacts, Prerequisite } from './plan.js';

/** The Chromium the dashboard tests launch (test/dashboard/helpers/chromium.ts reads the same variables). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLAYWRIGHT_CHROMIUM_PATH || env.CHROMIUM_PATH || '/usr/bin/chromium';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH, as spawn('name') would find it. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

export function probeMachine(env: NodeJS.ProcessEnv = process.env): MachineFacts {
  const present = new Set<Prerequisite['name']>();
  if (onPath('kcat', env)) present.add('kcat');
  if (executable(chromiumPath(env))) present.add('chromium');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasAptGet = onPath('apt-get', env) !== undefined;
  const hasPasswordlessSudo =
    !isRoot &&
    onPath('sudo', env) !== undefined &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env, timeout: 5000 }).status === 0;
  const chromiumOverride = env.PLAYWRIGHT_CHROMIUM_PATH || env.CHROMIUM_PATH || undefined;
  return { present, hasAptGet, isRoot, hasPasswordlessSudo, chromiumOverride };
}
