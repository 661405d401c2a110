import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * The command-line manners every tandem command shares (`npx tandem`, `npm start`, `npm run
 * bench`, `npm run broker`, `npm run build:dashboard`, `npm run train`): flags are parsed by
 * `util.parseArgs` in strict mode; `--help`/`-h` prints the usage on stdout and exits 0; an
 * unknown flag, a missing value or a stray argument prints one line naming it and the usage on
 * stderr and exits 2, never a stack trace.
 */

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** Exit code of a command called wrongly (as getopt-style tools use). */
export const USAGE_EXIT_CODE = 2;

export interface CommandLine<T extends Options = Options, P extends boolean = false> {
  /** How the command is invoked, which starts each error line: `npm start`, `tandem sentiment`. */
  name: string;
  /** The usage text; a function when it is costly or reads state, so only --help and errors pay for it. */
  usage: string | (() => string);
  /** The flags besides `--help`/`-h`, as `util.parseArgs` takes them. */
  options: T;
  /** Whether positional arguments are allowed (default: none). */
  allowPositionals?: P;
  /** The arguments (default: the process's, after the script). */
  args?: readonly string[];
}

type Parsed<T extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ options: T & typeof HELP; strict: true; allowPositionals: P }>
>;

/** The parsed flags; exits on `--help` (0) and on any flag the command does not take (2). */
export function parseCommandLine<const T extends Options, const P extends boolean = false>(
  command: CommandLine<T, P>,
): Parsed<T, P> {
  let parsed: Parsed<T, P>;
  try {
    parsed = parseArgs({
      args: command.args ?? process.argv.slice(2),
      options: { ...command.options, ...HELP },
      strict: true,
      allowPositionals: (command.allowPositionals ?? false) as P,
    }) as Parsed<T, P>;
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    exitWithUsage(command, firstSentence(error.message));
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usageOf(command));
    process.exit(0);
  }
  return parsed;
}

/** Prints `<name>: <message>` and the usage on stderr and exits 2: for a flag value the command refuses. */
export function exitWithUsage(command: Pick<CommandLine, 'name' | 'usage'>, message: string): never {
  process.stderr.write(`${command.name}: ${message.replace(/\s*\n\s*/g, ' ')}\n\n${usageOf(command)}`);
  process.exit(USAGE_EXIT_CODE);
}

function usageOf(command: Pick<CommandLine, 'usage'>): string {
  const text = typeof command.usage === 'function' ? command.usage() : command.usage;
  return text.endsWith('\n') ? text : `${text}\n`;
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && /^ERR_PARSE_ARGS_/.test(String((error as { code?: unknown }).code));
}

/** "Unexpected argument 'x'. This command does not take positional arguments" → its first sentence, lower-cased. */
function firstSentence(message: string): string {
  const first = message.split(/\.\s/, 1)[0] as string;
  return first.charAt(0).toLowerCase() + first.slice(1);
}
