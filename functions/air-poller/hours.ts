/** The hours a run produces: the current UTC hour and the `lookbackHours − 1` before it, as record hours. */
export function wantedHours(now: number, lookbackHours: number): Set<string> {
  const current = Math.floor(now / 3_600_000) * 3_600_000;
  const hours = new Set<string>();
  for (let i = 0; i < lookbackHours; i++)
    hours.add(new Date(current - i * 3_600_000).toISOString().replace('.000Z', 'Z'));
  return hours;
}
