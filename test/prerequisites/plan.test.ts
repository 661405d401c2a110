import { describe, expect, it } from 'vitest';
import { type MachineFacts, planPrerequisites } from './plan.js';

const facts = (over: Partial<MachineFacts>): MachineFacts => ({
  present: new Set(),
  hasAptGet: true,
  isRoot: false,
  hasPasswordlessSudo: false,
  ...over,
});

describe('planPrerequisites', () => {
  it('is ready when kcat and chromium are both there, whatever else the machine can do', () => {
    // Prepare
    const machine = facts({ present: new Set(['kcat', 'chromium']), hasAptGet: false });

    // Act
    const plan = planPrerequisites(machine, { mayInstall: true });

    // Assess
    expect(plan).toEqual({ kind: 'ready' });
  });

  it('installs only what is missing, directly as root and through sudo -n otherwise', () => {
    // Act
    const asRoot = planPrerequisites(facts({ present: new Set(['chromium']), isRoot: true }), { mayInstall: true });
    const withSudo = planPrerequisites(facts({ hasPasswordlessSudo: true }), { mayInstall: true });

    // Assess
    expect(asRoot).toEqual({ kind: 'install', packages: ['kcat'], sudo: false });
    expect(withSudo).toEqual({ kind: 'install', packages: ['kcat', 'chromium'], sudo: true });
  });

  it('stops with the packages and the exact command when it may not or cannot install', () => {
    // Act
    const notRoot = planPrerequisites(facts({ present: new Set(['chromium']) }), { mayInstall: true });
    const checkOnly = planPrerequisites(facts({ isRoot: true }), { mayInstall: false });
    const noApt = planPrerequisites(facts({ isRoot: true, hasAptGet: false, present: new Set(['kcat']) }), {
      mayInstall: true,
    });

    // Assess
    expect(notRoot.kind).toBe('stop');
    if (notRoot.kind !== 'stop') return;
    expect(notRoot.message).toContain("sudo sh -c 'apt-get update && apt-get install -y kcat'");
    expect(notRoot.message).not.toContain('CHROMIUM_PATH');
    expect(checkOnly.kind === 'stop' && checkOnly.message).toContain('apt-get install -y kcat chromium');
    expect(checkOnly.kind === 'stop' && checkOnly.message).toContain('PLAYWRIGHT_CHROMIUM_PATH');
    expect(noApt.kind === 'stop' && noApt.message).toContain('package manager');
    expect(noApt.kind === 'stop' && noApt.missing.map((p) => p.name)).toEqual(['chromium']);
  });

  it('stops instead of installing when the browser named by the environment is missing', () => {
    // Act
    const plan = planPrerequisites(
      facts({ present: new Set(['kcat']), isRoot: true, chromiumOverride: '/opt/chrome' }),
      {
        mayInstall: true,
      },
    );

    // Assess
    expect(plan.kind === 'stop' && plan.message).toContain('/opt/chrome');
  });
});
