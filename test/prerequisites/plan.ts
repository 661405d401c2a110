/**
 * What `npm test` needs beyond `npm ci`, and what to do when it is missing: the decision only,
 * from facts probe.ts gathers, so every branch is tested without touching the machine.
 *
 * Two system programs: kcat (librdkafka's command-line client, one of the real Kafka clients
 * the embedded broker is tested with) and Chromium (the browser the dashboard test drives
 * through playwright-core, which downloads no browser of its own).
 */

/** A system program the suite needs, and the Debian/Ubuntu package that provides it. */
export interface Prerequisite {
  name: 'kcat' | 'chromium';
  package: string;
  why: string;
}

export const PREREQUISITES: readonly Prerequisite[] = [
  { name: 'kcat', package: 'kcat', why: "librdkafka's client, for the broker's kcat tests" },
  { name: 'chromium', package: 'chromium', why: 'the browser the dashboard tests drive' },
] as const;

/** What probe.ts found out about the machine. */
export interface MachineFacts {
  /** Prerequisites already present. */
  present: ReadonlySet<Prerequisite['name']>;
  /** apt-get is on PATH (Debian, Ubuntu and their derivatives). */
  hasAptGet: boolean;
  /** Running as root. */
  isRoot: boolean;
  /** `sudo -n true` succeeds (passwordless sudo). */
  hasPasswordlessSudo: boolean;
  /** The browser PLAYWRIGHT_CHROMIUM_PATH or CHROMIUM_PATH names, when one of them is set. */
  chromiumOverride?: string | undefined;
}

export type Plan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[]; sudo: boolean }
  | { kind: 'stop'; missing: Prerequisite[]; message: string };

/** The install command a person types (cli.ts runs the same two steps). */
export function installCommand(packages: readonly string[]): string {
  return `apt-get update && apt-get install -y ${packages.join(' ')}`;
}

export function planPrerequisites(facts: MachineFacts, options: { mayInstall: boolean }): Plan {
  const missing = PREREQUISITES.filter((p) => !facts.present.has(p.name));
  if (missing.length === 0) return { kind: 'ready' };
  // A browser named by the environment is what the tests launch: installing Debian's would not help.
  const badOverride = facts.chromiumOverride !== undefined && missing.some((p) => p.name === 'chromium');
  const installable = badOverride ? missing.filter((p) => p.name !== 'chromium') : missing;
  const packages = installable.map((p) => p.package);
  const canInstall = facts.hasAptGet && (facts.isRoot || facts.hasPasswordlessSudo);
  if (options.mayInstall && canInstall && !badOverride) return { kind: 'install', packages, sudo: !facts.isRoot };
  const lines: string[] = [];
  if (badOverride) {
    lines.push(
      `npm test: ${facts.chromiumOverride} (from PLAYWRIGHT_CHROMIUM_PATH or CHROMIUM_PATH) is not an executable file; fix or unset the variable.`,
    );
  }
  if (installable.length > 0) {
    const it = installable.length === 1 ? 'it' : 'them';
    lines.push(
      `npm test needs ${installable.map((p) => `${p.name} (${p.why})`).join(' and ')}, which ${installable.length === 1 ? 'is' : 'are'} not installed.`,
      facts.hasAptGet
        ? `Install ${it} as root: sudo sh -c '${installCommand(packages)}'`
        : `Install the packages ${packages.join(', ')} with your system's package manager (tested on Debian 12).`,
    );
    if (!badOverride && installable.some((p) => p.name === 'chromium')) {
      lines.push('Or point PLAYWRIGHT_CHROMIUM_PATH (or CHROMIUM_PATH) at a Chromium or Chrome executable you have.');
    }
  }
  return { kind: 'stop', missing, message: lines.join('\n') };
}
