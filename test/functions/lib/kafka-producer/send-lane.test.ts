import { describe, expect, it } from 'vitest';
import { SendLane } from '../../../../functions/lib/kafka-producer/send-lane.js';

/** A send function that records what each send carried and how many were in flight at once. */
function recordingSend(fail: (items: string[]) => boolean = () => false) {
  const sends: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (items: string[]) => {
    sends.push(items);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    if (fail(items)) throw new Error(`refused ${items.join(',')}`);
  };
  return { send, sends, maxInFlight: () => maxInFlight };
}

describe('SendLane', () => {
  it('keeps one send in flight and coalesces the calls that arrive meanwhile, in order, each whole', async () => {
    // Prepare
    const s = recordingSend();
    const lane = new SendLane(s.send, 1000);

    // Act
    await Promise.all([lane.push(['a'], 10), lane.push(['b1', 'b2'], 10), lane.push(['c'], 10), lane.push(['d'], 10)]);
    await lane.push(['e'], 10);

    // Assess
    expect(s.sends).toEqual([['a'], ['b1', 'b2', 'c', 'd'], ['e']]);
    expect(s.maxInFlight()).toBe(1);
  });

  it('puts no more than maxBytes in one send, except a call that is larger alone', async () => {
    // Prepare
    const s = recordingSend();
    const lane = new SendLane(s.send, 500);

    // Act
    await Promise.all([
      lane.push(['a'], 100),
      lane.push(['big'], 900),
      lane.push(['b'], 300),
      lane.push(['c'], 200),
      lane.push(['d'], 1),
    ]);

    // Assess
    expect(s.sends).toEqual([['a'], ['big'], ['b', 'c'], ['d']]);
  });

  it('rejects every call of a failed send with its error, and goes on with the next', async () => {
    // Prepare
    const s = recordingSend((items) => items.includes('b'));
    const lane = new SendLane(s.send, 1000);

    // Act
    const results = await Promise.allSettled([lane.push(['a'], 1), lane.push(['b'], 1), lane.push(['c'], 1)]);
    const after = await lane.push(['d'], 1).then(() => 'sent');
    await lane.idle();

    // Assess
    expect(results.map((r) => (r.status === 'fulfilled' ? 'sent' : (r.reason as Error).message))).toEqual([
      'sent',
      'refused b,c',
      'refused b,c',
    ]);
    expect(after).toBe('sent');
    expect(s.sends).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
