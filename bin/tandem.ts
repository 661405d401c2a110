import { exitWithUsage, parseCommandLine } from './command-line.js';

/** The `tandem` command line: one subcommand per file, loaded only when asked for. */
const SENTIMENT_USAGE = `usage: tandem sentiment [--model <dir|model.onnx>] [--batch <lines>]

reads one text per line on stdin, writes one JSON line per input:
  {"score": <P(positive), 0..1>, "label": "negative" | "neutral" | "positive"}

  --model PATH    model directory or model.onnx (default: models/sentiment in this repo)
  --batch N       most lines per ONNX run (default 1000)
`;

const USAGE = `usage: tandem <command> [options]

commands:
  sentiment [--model <dir|model.onnx>] [--batch <lines>]
      reads one text per line on stdin, writes one JSON line per input:
      {"score": <P(positive), 0..1>, "label": "negative" | "neutral" | "positive"}
  aqi
      reads JSON lines of concentrations (pm25, pm10, o3, no2, so2, co), writes one JSON line per
      input with the US AQI (EPA 2024), its category, the dominant pollutant and the European AQI
  air forecast [--model <dir|model.onnx>] [--stations <csv>]
      reads daily PM10 JSON lines on stdin, writes tomorrow's forecast with its reasons

tandem <command> --help prints the command's own options.
`;

const tandem = { name: 'tandem', usage: USAGE };
const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'sentiment': {
    const sentiment = {
      name: 'tandem sentiment',
      usage: SENTIMENT_USAGE,
      options: { model: { type: 'string' }, batch: { type: 'string' } },
      args: rest,
    } as const;
    const { values } = parseCommandLine(sentiment);
    const batchLines = values.batch === undefined ? undefined : Number(values.batch);
    if (batchLines !== undefined && !(Number.isInteger(batchLines) && batchLines >= 1)) {
      exitWithUsage(sentiment, `--batch must be a positive integer, got ${JSON.stringify(values.batch)}`);
    }
    const { runSentimentCommand } = await import('./sentiment.js');
    process.exitCode = await runSentimentCommand({ model: values.model, batchLines });
    break;
  }
  case 'aqi':
    process.exitCode = await (await import('./aqi.js')).runAqiCommand({ args: rest });
    break;
  case 'air':
    process.exitCode = await (await import('./air-forecast.js')).runAirCommand(rest);
    break;
  case '-h':
  case '--help':
  case 'help':
    process.stdout.write(USAGE);
    break;
  case undefined:
    exitWithUsage(tandem, 'no command given');
    break;
  default:
    exitWithUsage(
      tandem,
      command.startsWith('-') ? `unknown option '${command}'` : `unknown command ${JSON.stringify(command)}`,
    );
}
