import { parseArgs } from 'node:util';

/** The `tandem` command line: one subcommand per file, loaded only when asked for. */
const USAGE = `usage: tandem <command> [options]

commands:
  sentiment [--model <dir|model.onnx>] [--batch <lines>]
      reads one text per line on stdin, writes one JSON line per input:
      {"score": <P(positive), 0..1>, "label": "negative" | "neutral" | "positive"}
`;

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'sentiment': {
    const { values } = parseArgs({
      args: rest,
      options: { model: { type: 'string' }, batch: { type: 'string' } },
    });
    const { runSentimentCommand } = await import('./sentiment.js');
    process.exitCode = await runSentimentCommand({
      model: values.model,
      batchLines: values.batch === undefined ? undefined : Number(values.batch),
    });
    break;
  }
  case 'aqi':
    process.exitCode = await (await import('./aqi.js')).runAqiCommand({ args: rest });
    break;
  case undefined:
  case '-h':
  case '--help':
  case 'help':
    process.stdout.write(USAGE);
    break;
  default:
    process.stderr.write(`tandem: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    process.exitCode = 2;
}
