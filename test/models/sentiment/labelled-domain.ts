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
