/**
 * The pipeline's schedules (`schedules` in infra/pipeline.ts) on one machine: what EventBridge
 * Scheduler does on AWS, for the expressions a local run can honour.
 *
 * - `rate(N minute|minutes|hour|hours|day|days)`: the function runs every N units, the first
 *   time one period after start (as a new EventBridge schedule does).
 * - `cron(…)`: not run locally (logged once); `runNow` still runs it on demand.
 * - `runsLocally: false` (schedules that need the internet, like the Wikimedia relay): no timer
 *   unless the schedule is named in `enabled` (`npm start -- --schedule <name>`); logged once.
 *   `runNow` still runs it on demand.
 * - The event is the schedule's `input`, or `{}` (Scheduler's Lambda target passes the input as is).
 * - A run still going when the next is due is not overlapped: that tick is skipped and logged.
 * - The function timeout is enforced as for every local invoke.
 */

import type { ScheduleSpec } from '../pipeline/index.js';
import { invokeWithTimeout } from './esm/invoke.js';
import { lambdaContext, logStreamName } from './esm/lambda-context.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Period of a `rate(…)` expression in ms; undefined for anything else (a cron expression). */
export function ratePeriodMs(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return undefined;
  const unit = (m[2] as string).replace(/s$/, '') as keyof typeof UNIT_MS;
  return Number(m[1]) * UNIT_MS[unit];
}

export interface LocalSchedulerOptions {
  schedules: readonly ScheduleSpec[];
  /** Function name → handler, memory and timeout. */
  functions: ReadonlyMap<string, { handler: Handler; memoryMb: number; timeoutSeconds: number }>;
  /** Schedules to run on their timers even though they declare `runsLocally: false`. */
  enabled?: readonly string[];
  log: (message: string) => void;
}

export interface LocalScheduler {
  /** Runs a schedule's function now (waiting for a run in progress first); resolves to its response. */
  runNow(name: string): Promise<unknown>;
  /** Runs started so far, per schedule. */
  runs(): Record<string, number>;
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const running = new Map<string, Promise<unknown>>();
  const counts: Record<string, number> = {};
  const timers: NodeJS.Timeout[] = [];
  const byName = new Map(options.schedules.map((s) => [s.name, s]));
  const enabled = new Set(options.enabled ?? []);
  // A misspelt --schedule would otherwise leave the schedule silently off.
  for (const name of enabled) if (!byName.has(name)) throw new Error(`no schedule named ${name}`);

  const run = (schedule: ScheduleSpec): Promise<unknown> => {
    const fn = options.functions.get(schedule.function);
    if (!fn) return Promise.reject(new Error(`schedule ${schedule.name}: unknown function ${schedule.function}`));
    counts[schedule.name] = (counts[schedule.name] ?? 0) + 1;
    const now = () => Date.now();
    const context = lambdaContext({
      functionName: schedule.function,
      memoryMb: fn.memoryMb,
      deadline: now() + fn.timeoutSeconds * 1000,
      now,
      logStreamName: logStreamName(now()),
    });
    const invoke = invokeWithTimeout(
      fn.handler as never,
      structuredClone(schedule.input ?? {}),
      context,
      fn.timeoutSeconds,
    ).then((outcome) => {
      if (!outcome.ok) throw outcome.error;
      return outcome.response;
    });
    const tracked = invoke.finally(() => {
      if (running.get(schedule.name) === tracked) running.delete(schedule.name);
    });
    running.set(schedule.name, tracked);
    return tracked;
  };

  for (const schedule of options.schedules) {
    if (schedule.runsLocally === false && !enabled.has(schedule.name)) {
      options.log(
        `[schedule ${schedule.name}] not run locally (runsLocally: false); npm start -- --schedule ${schedule.name} turns it on`,
      );
      continue;
    }
    const period = ratePeriodMs(schedule.expression);
    if (period === undefined) {
      options.log(`[schedule ${schedule.name}] ${schedule.expression} is not run locally (rate expressions only)`);
      continue;
    }
    const timer = setInterval(() => {
      if (running.has(schedule.name)) {
        options.log(`[schedule ${schedule.name}] previous run still going; this tick is skipped`);
        return;
      }
      run(schedule).catch((err: Error) => options.log(`[schedule ${schedule.name}] failed: ${err.message}`));
    }, period);
    timer.unref();
    timers.push(timer);
  }

  return {
    async runNow(name) {
      const schedule = byName.get(name);
      if (!schedule) throw new Error(`no schedule named ${name}`);
      await running.get(name)?.catch(() => undefined);
      return run(schedule);
    },
    runs: () => ({ ...counts }),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
