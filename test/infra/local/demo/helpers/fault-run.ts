/**
 * The start time of the runtime test of the demo's faults (test/infra/local/runtime-air-fault.test.ts)
 * and of the generator test that checks the hourly check finds them at it: fixed, because the
 * demo replays a different real day for every start, and one start in twenty or so puts the
 * spike where the check misses it (air-faults.test.ts prints the share).
 */
export const DEMO_FAULT_RUN = Date.UTC(2026, 11, 5, 17, 40);
