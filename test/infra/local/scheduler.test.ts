import { afterEach, describe, expect, it, vi } from 'vitest';
import { ratePeriodMs, startLocalScheduler } from '../../../infra/local/scheduler.js';

describe('local scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads rate expressions in every unit and leaves cron expressions alone', () => {
    // Act
    const periods = ['rate(1 minute)', 'rate(5 minutes)', 'rate(2 hours)', 'rate(1 day)', 'cron(0 3 * * ? *)'].map(
      ratePeriodMs,
    );

    // Assess
    expect(periods).toEqual([60_000, 300_000, 7_200_000, 86_400_000, undefined]);
  });

  it('runs a rate schedule every period with its input and a Lambda context, and never overlaps runs', async () => {
    // Prepare
    vi.useFakeTimers();
    const calls: { event: unknown; remaining: number }[] = [];
    let release: (() => void) | undefined;
    const handler = vi.fn(async (event: unknown, context: unknown) => {
      calls.push({ event, remaining: (context as { getRemainingTimeInMillis(): number }).getRemainingTimeInMillis() });
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { ok: true };
    });
    const logs: string[] = [];
    const scheduler = startLocalScheduler({
      schedules: [
        { name: 'every-minute', function: 'retrier', expression: 'rate(1 minute)', input: { source: 'test' } },
        { name: 'nightly', function: 'retrier', expression: 'cron(0 3 * * ? *)' },
      ],
      functions: new Map([['retrier', { handler, memoryMb: 256, timeoutSeconds: 120 }]]),
      log: (m) => logs.push(m),
    });

    // Act
    await vi.advanceTimersByTimeAsync(59_999);
    const before = handler.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(60_000); // still running: skipped
    release?.();
    await vi.advanceTimersByTimeAsync(60_000);
    release?.();
    await scheduler.stop();

    // Assess
    expect(before).toBe(0);
    expect(handler).toHaveBeenCalledTimes(2);
    expect(calls[0]).toEqual({ event: { source: 'test' }, remaining: 120_000 });
    expect(scheduler.runs()).toEqual({ 'every-minute': 2 });
    expect(logs).toEqual([
      '[schedule nightly] cron(0 3 * * ? *) is not run locally (rate expressions only)',
      '[schedule every-minute] previous run still going; this tick is skipped',
    ]);
  });

  it('runs a schedule on demand, cron ones included, and resolves to its response or its error', async () => {
    // Prepare
    const scheduler = startLocalScheduler({
      schedules: [
        { name: 'nightly', function: 'ok', expression: 'cron(0 3 * * ? *)' },
        { name: 'broken', function: 'fails', expression: 'rate(5 minutes)' },
      ],
      functions: new Map([
        ['ok', { handler: async (event: unknown) => ({ got: event }), memoryMb: 128, timeoutSeconds: 5 }],
        [
          'fails',
          {
            handler: async () => {
              throw new Error('boom');
            },
            memoryMb: 128,
            timeoutSeconds: 5,
          },
        ],
      ]),
      log: () => {},
    });

    // Act
    const ok = await scheduler.runNow('nightly');
    const failed = await scheduler.runNow('broken').catch((e: Error) => e.message);
    const unknown = await scheduler.runNow('nope').catch((e: Error) => e.message);
    await scheduler.stop();

    // Assess
    expect(ok).toEqual({ got: {} });
    expect(failed).toBe('boom');
    expect(unknown).toBe('no schedule named nope');
  });

  it('leaves a runsLocally: false schedule off unless it is enabled, and says how to turn it on', async () => {
    // Prepare
    vi.useFakeTimers();
    const ran: string[] = [];
    const fn = (name: string) => ({
      handler: async () => {
        ran.push(name);
        return name;
      },
      memoryMb: 128,
      timeoutSeconds: 5,
    });
    const schedules = [
      { name: 'local', function: 'local-fn', expression: 'rate(1 minute)' },
      { name: 'relay', function: 'relay-fn', expression: 'rate(1 minute)', runsLocally: false },
      { name: 'other-relay', function: 'other-fn', expression: 'rate(1 minute)', runsLocally: false },
    ];
    const functions = new Map([
      ['local-fn', fn('local')],
      ['relay-fn', fn('relay')],
      ['other-fn', fn('other-relay')],
    ]);
    const offLogs: string[] = [];
    const enabledLogs: string[] = [];

    // Act
    const off = startLocalScheduler({ schedules, functions, log: (m) => offLogs.push(m) });
    await vi.advanceTimersByTimeAsync(60_000);
    await off.stop();
    const ranWhenOff = ran.splice(0);
    const on = startLocalScheduler({ schedules, functions, enabled: ['relay'], log: (m) => enabledLogs.push(m) });
    await vi.advanceTimersByTimeAsync(60_000);
    await on.stop();

    // Assess
    expect(ranWhenOff).toEqual(['local']);
    expect(off.runs()).toEqual({ local: 1 });
    expect(offLogs).toEqual([
      '[schedule relay] not run locally (runsLocally: false); npm start -- --schedule relay turns it on',
      '[schedule other-relay] not run locally (runsLocally: false); npm start -- --schedule other-relay turns it on',
    ]);
    expect(ran.sort()).toEqual(['local', 'relay']);
    expect(on.runs()).toEqual({ local: 1, relay: 1 });
    expect(enabledLogs).toEqual([
      '[schedule other-relay] not run locally (runsLocally: false); npm start -- --schedule other-relay turns it on',
    ]);
  });

  it('still runs a schedule that is off locally on demand', async () => {
    // Prepare
    const scheduler = startLocalScheduler({
      schedules: [{ name: 'relay', function: 'relay-fn', expression: 'rate(1 minute)', runsLocally: false }],
      functions: new Map([['relay-fn', { handler: async () => ({ relayed: 3 }), memoryMb: 128, timeoutSeconds: 5 }]]),
      log: () => {},
    });

    // Act
    const response = await scheduler.runNow('relay');
    await scheduler.stop();

    // Assess
    expect(response).toEqual({ relayed: 3 });
    expect(scheduler.runs()).toEqual({ relay: 1 });
  });

  it('refuses to enable a schedule that is not declared', () => {
    // Prepare
    const options = {
      schedules: [{ name: 'relay', function: 'relay-fn', expression: 'rate(1 minute)', runsLocally: false }],
      functions: new Map(),
      enabled: ['rleay'],
      log: () => {},
    };

    // Act
    const start = () => startLocalScheduler(options);

    // Assess
    expect(start).toThrow('no schedule named rleay');
  });
});
