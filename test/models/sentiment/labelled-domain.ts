import { type ArchivedRecord, feedbackValue, labelValue } from './archive-fixture.js';

/**
 * A feedback domain the shipped sentiment model gets wrong about half the time: product slang
 * whose words mean the opposite in its base corpus of reviews ("sick", "insane", "goes hard"
 * are praise here; "giving beta vibes", "clunky" are complaints). What a few hundred labels
 * should teach a retrained model.
 */
const THINGS = [
  'checkout',
  'dashboard',
  'mobile app',
  'search',
  'sync',
  'export',
  'onboarding',
  'billing page',
  'editor',
  'calendar',
  'inbox',
  'map view',
  'dark mode',
  'login',
  'upload',
  'settings page',
  'widget',
  'report builder',
  'chat',
  'timeline',
  'tablet app',
  'api',
  'importer',
  'notifications',
];
const POSITIVE = [
  'the {t} is sick',
  'the new {t} is insane',
  'the {t} is wicked fast now',
  'the {t} goes hard',
  'the {t} is lowkey cracked',
  'that {t} update is unreal',
];
const NEGATIVE = [
  'the {t} is giving beta vibes',
  'the {t} is so clunky',
  'the {t} is mid',
  'the {t} is janky again',
  'the {t} got bricked by the update',
  'the {t} feels cheap now',
];

/** Every (text, label) of the domain, interleaved so any time slice mixes both labels and all templates. */
export function slangFeedback(): { text: string; label: 'positive' | 'negative' }[] {
  const out: { text: string; label: 'positive' | 'negative' }[] = [];
  THINGS.forEach((thing, i) => {
    for (let k = 0; k < POSITIVE.length; k++) {
      // Rotate templates per thing, so the newest labels are not all one template.
      out.push({ text: POSITIVE[(k + i) % POSITIVE.length]!.replace('{t}', thing), label: 'positive' });
      out.push({ text: NEGATIVE[(k + i) % NEGATIVE.length]!.replace('{t}', thing), label: 'negative' });
    }
  });
  return out;
}

/**
 * The domain as archived: each item posted as feedback (two partitions), then labelled wrongly
 * and relabelled right a minute later, so only the latest label is right.
 */
export function slangArchive(t0: number): { feedback: ArchivedRecord[]; labels: ArchivedRecord[] } {
  const domain = slangFeedback();
  const feedback = domain.map((item, i) => ({
    partition: i % 2,
    offset: Math.floor(i / 2),
    timestamp: t0 + i,
    key: `f${i}`,
    value: feedbackValue(`f${i}`, item.text, t0 + i),
  }));
  const labels = domain.flatMap((item, i) => [
    {
      partition: 0,
      offset: 2 * i,
      timestamp: t0 + 60_000 + i * 1000,
      key: `f${i}`,
      value: labelValue(`f${i}`, item.label === 'positive' ? 'negative' : 'positive', t0 + 60_000 + i * 1000),
    },
    {
      partition: 0,
      offset: 2 * i + 1,
      timestamp: t0 + 120_000 + i * 1000,
      key: `f${i}`,
      value: labelValue(`f${i}`, item.label, t0 + 120_000 + i * 1000),
    },
  ]);
  return { feedback, labels };
}
