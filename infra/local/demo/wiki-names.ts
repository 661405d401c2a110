/**
 * Plausible, invented Wikimedia account names for the demo: registered editors in the
 * styles real ones take ("Given Surname", "GivenSurname1987", "quiet_heron"), bot accounts
 * (always ending in "bot" or "Bot", as Wikimedia's bot policy requires), and anonymous
 * editors shown by IP address, taken from the documentation ranges (RFC 5737, RFC 3849) so no
 * real address appears. Deterministic: a rank always names the same account.
 */

import { prng, seedOf } from './prng.js';

const GIVEN = [
  'Anna',
  'Bram',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farid',
  'Greta',
  'Hiroshi',
  'Ines',
  'Jonas',
  'Kavya',
  'Lars',
  'Mei',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomasz',
  'Uma',
  'Valentina',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Amara',
  'Bjorn',
  'Carlos',
  'Dalia',
  'Emeka',
  'Freya',
  'Gustavo',
  'Hana',
  'Ivan',
  'Julia',
];
// No surname ends in "bot": a human account must never look like a bot's.
const SURNAMES = [
  'Andersen',
  'Bianchi',
  'Castillo',
  'Dubois',
  'Eriksson',
  'Fischer',
  'Gonzalez',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quispe',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Wagner',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Novak',
  'Silva',
  'Horvath',
  'Mendes',
];
const WORDS = [
  'heron',
  'granite',
  'lantern',
  'willow',
  'comet',
  'harbor',
  'fennel',
  'quill',
  'atlas',
  'ember',
  'marble',
  'sparrow',
  'tundra',
  'cobalt',
  'juniper',
  'meadow',
  'orbit',
  'pebble',
  'saffron',
  'thistle',
  'walnut',
  'zephyr',
];
const ADJECTIVES = ['quiet', 'brisk', 'amber', 'clever', 'distant', 'gentle', 'lucky', 'patient', 'rusty', 'silver'];
const BOT_TASKS = [
  'Archive',
  'Citation',
  'Link',
  'Category',
  'Lint',
  'Cleanup',
  'Ref',
  'Date',
  'Infobox',
  'Interwiki',
  'Template',
  'Stub',
  'Redirect',
  'Commons',
  'Label',
  'Sitelink',
  'Coordinate',
  'Authority',
  'Import',
  'Delinker',
];
const BOT_ROLES = ['Fixer', 'Helper', 'Sync', 'Sweeper', 'Keeper', 'Mover', 'Tagger', 'Checker', 'Filler', ''];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The name of one registered (human) account, in one of the styles editors choose. */
function editorName(r: () => number): string {
  const given = pick(r, GIVEN);
  const surname = pick(r, SURNAMES);
  const style = r();
  if (style < 0.3) return `${given} ${surname}`;
  if (style < 0.5) return `${given}${surname}${1950 + Math.floor(r() * 60)}`;
  if (style < 0.7) return `${pick(r, ADJECTIVES)}_${pick(r, WORDS)}`;
  if (style < 0.85) return `${capitalise(pick(r, WORDS))}${capitalise(pick(r, WORDS))}`;
  return `${given.charAt(0).toLowerCase()}${surname.toLowerCase()}${Math.floor(r() * 100)}`;
}

function botName(r: () => number): string {
  const base = `${pick(r, BOT_TASKS)}${pick(r, BOT_ROLES)}`;
  return r() < 0.7 ? `${base}Bot` : `${base}bot`;
}

/** `count` distinct names by rank (index 0 = rank 1); a clash gets a number appended. */
function distinct(count: number, salt: number, make: (r: () => number) => string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (let rank = 1; rank <= count; rank++) {
    const r = prng(seedOf(rank, salt));
    let name = make(r);
    if (seen.has(name)) {
      // Keep the required ending of bot names: the number goes before "bot"/"Bot".
      const bot = /bot$/i.exec(name);
      name = bot ? `${name.slice(0, bot.index)}${rank}${bot[0]}` : `${name}${rank}`;
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** Registered editors, most active first. */
export function editorNames(count: number): string[] {
  return distinct(count, 0x5eed_0001, editorName);
}

/** Bot accounts, most active first. */
export function botNames(count: number): string[] {
  return distinct(count, 0x5eed_0002, botName);
}

/**
 * Anonymous editors: four in five IPv4 (TEST-NET-1/2/3, 762 addresses, spread so neighbours in
 * rank are not neighbours in address), the rest IPv6 (2001:db8::/32).
 */
export function anonymousAddresses(count: number): string[] {
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  const addresses: string[] = [];
  let v4 = 0;
  for (let rank = 1; rank <= count; rank++) {
    if (rank % 5 === 0) {
      const r = prng(seedOf(rank, 0x5eed_0003));
      const group = () => Math.floor(r() * 0x10000).toString(16);
      addresses.push(`2001:db8:${group()}:${group()}::${group()}`);
    } else {
      const host = 1 + ((Math.floor(v4 / nets.length) * 97) % 254);
      addresses.push(`${nets[v4 % nets.length]}.${host}`);
      v4++;
    }
  }
  return addresses;
}
