import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { planPrerequisites } from './plan.js';
import { probeMachine } from './probe.js';

/**
 * Runs first in `npm test`: makes sure kcat and Chromium are there, installing them with
 * apt-get where the machine allows it (root or passwordless sudo), else stopping at once with
 * what to install and how. `--check-only` never installs.
 */
const { values } = parseArgs({ options: { 'check-only': { type: 'boolean', default: false } } });
const plan = planPrerequisites(probeMachine(), { mayInstall: !values['check-only'] });

if (plan.kind === 'stop') {
  process.stderr.write(`${plan.message}\n`);
  process.exit(1);
}
if (plan.kind === 'install') {
  process.stdout.write(
    `npm test: installing ${plan.packages.join(' and ')} with apt-get (needed by the Kafka client and dashboard tests)\n`,
  );
  const run = (args: string[]) => {
    const [command, ...rest] = plan.sudo ? ['sudo', '-n', ...args] : args;
    const result = spawnSync(command as string, rest, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      process.stderr.write(
        `npm test: \`${[command, ...rest].join(' ')}\` failed (exit ${result.status ?? result.signal}).\n`,
      );
      process.exit(1);
    }
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...plan.packages]);
  const after = planPrerequisites(probeMachine(), { mayInstall: false });
  if (after.kind === 'stop') {
    process.stderr.write(`npm test: installed ${plan.packages.join(', ')}, but:\n${after.message}\n`);
    process.exit(1);
  }
}
