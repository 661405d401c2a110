import { exitWithUsage, parseCommandLine } from './command-line.js';

/** The `tandem` command line: one subcommand per file, loaded only when asked for. */
const SENTIMENT_USAGE = `usage: tandem sentiment [--model <dir|model.onnx> | --data-dir DIR] [--batch <lines>]

reads one text per line on stdin, writes one JSON line per input:
  {"score": <P(positive), 0..1>, "label": "negative" | "neutral" | "positive"}

  --model PATH    model directory or model.onnx (default: models/sentiment in this repo)
  --data-dir DIR  the version published in this local state directory (tandem retrain, models rollback)
  --batch N       most lines per ONNX run (default 1000)
`;

const DEAD_LETTERS_USAGE = `usage: tandem dead-letters [list|replay] [options]

lists the records the pipeline dead-lettered (reason, coordinates, a preview of the value and where
the whole record is), or produces chosen ones to their topic again once the cause is fixed; a
replayed record is marked so a second replay skips it.

  --data-dir DIR      local state directory (default .tandem)
  --bucket NAME       read this S3 bucket instead (the stack's dead-letter bucket on AWS; AWS SDK
                      credentials and region from the environment)
  --function NAME     only those one function dead-lettered (e.g. wiki-windows, feedback-scorer)
  --topic T           only records of topic T
  --reason R          only this reason (undecodable, invalid, too-large, late, future, processing-error)
  --record T-P@O      only this record (repeatable), e.g. wiki-changes-2@541
  --json              one JSON object per dead letter
  replay only:
  --bootstrap H:P     broker to produce to (default 127.0.0.1:9092, npm start -- --kafka-port 9092)
  --again             also replay records replayed before
  --dry-run           say what would be replayed, produce nothing
`;

const COMPACT_USAGE = `usage: tandem compact [--data-dir DIR] [--older-than SECONDS] [--json]

merges the local archive's small Parquet objects per partition (topic, date, wiki) into large
files, dropping duplicate (topic, partition, offset) rows, as the hourly archive-compactor does;
prints files and rows before and after (rows after: distinct rows).

  --data-dir DIR          local state directory (default .tandem)
  --older-than SECONDS    merge only objects written at least this long ago (default 3600)
  --json                  print {"filesBefore", "filesAfter", "rowsBefore", "rowsAfter"}
`;

const USAGE = `usage: tandem <command> [options]

commands:
  sentiment [--model <dir|model.onnx> | --data-dir DIR] [--batch <lines>]
      reads one text per line on stdin, writes one JSON line per input:
      {"score": <P(positive), 0..1>, "label": "negative" | "neutral" | "positive"}
  aqi
      reads JSON lines of concentrations (pm25, pm10, o3, no2, so2, co), writes one JSON line per
      input with the US AQI (EPA 2024), its category, the dominant pollutant and the European AQI
  air forecast [--model <dir|model.onnx>] [--stations <csv>]
      reads daily PM10 JSON lines on stdin, writes tomorrow's forecast with its reasons
  air anomalies [--stations <csv>]
      reads daily PM10 JSON lines on stdin, writes per reading whether it looks like a sensor
      fault: {"anomaly","kind": "spike" | "stuck" | "drift" | null,"score","reason"}

  dead-letters [list|replay] [--data-dir DIR] [--topic T] [--reason R] [--json] …
      lists dead-lettered records and where they are; replay produces chosen ones again
  models [list|rollback <model> [<version>]] [--data-dir DIR | --bucket NAME] [--json]
      each model's versions and the one in use; rollback makes an earlier one current again
  compact [--data-dir DIR] [--older-than SECONDS] [--json]
      merges the local archive's small Parquet objects into large ones, as the hourly compactor does
  retrain <model> [--data-dir DIR] [--json]
      the nightly retraining for one model on the local state: train, gate, publish or reject

tandem <command> --help prints the command's own options.
`;

const tandem = { name: 'tandem', usage: USAGE };
const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'sentiment': {
    const sentiment = {
      name: 'tandem sentiment',
      usage: SENTIMENT_USAGE,
      options: { model: { type: 'string' }, 'data-dir': { type: 'string' }, batch: { type: 'string' } },
      args: rest,
    } as const;
    const { values } = parseCommandLine(sentiment);
    const batchLines = values.batch === undefined ? undefined : Number(values.batch);
    if (batchLines !== undefined && !(Number.isInteger(batchLines) && batchLines >= 1)) {
      exitWithUsage(sentiment, `--batch must be a positive integer, got ${JSON.stringify(values.batch)}`);
    }
    if (values.model !== undefined && values['data-dir'] !== undefined) {
      exitWithUsage(sentiment, '--model and --data-dir name two models: give one');
    }
    const { runSentimentCommand } = await import('./sentiment.js');
    process.exitCode = await runSentimentCommand({ model: values.model, dataDir: values['data-dir'], batchLines });
    break;
  }
  case 'dead-letters': {
    const deadLetters = {
      name: 'tandem dead-letters',
      usage: DEAD_LETTERS_USAGE,
      options: {
        'data-dir': { type: 'string', default: '.tandem' },
        bucket: { type: 'string' },
        function: { type: 'string' },
        topic: { type: 'string' },
        reason: { type: 'string' },
        record: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        bootstrap: { type: 'string', default: '127.0.0.1:9092' },
        again: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
      allowPositionals: true,
      args: rest,
    } as const;
    const { values, positionals } = parseCommandLine(deadLetters);
    const action = positionals[0] ?? 'list';
    if ((action !== 'list' && action !== 'replay') || positionals.length > 1) {
      exitWithUsage(deadLetters, `unknown action ${JSON.stringify(positionals.join(' '))}: list or replay`);
    }
    const { runDeadLettersCommand, DeadLetterCommandError } = await import('./dead-letters.js');
    try {
      process.exitCode = await runDeadLettersCommand({
        action,
        dataDir: values['data-dir'],
        bucket: values.bucket,
        filter: { function: values.function, topic: values.topic, reason: values.reason, records: values.record },
        json: values.json,
        bootstrap: values.bootstrap,
        again: values.again,
        dryRun: values['dry-run'],
      });
    } catch (error) {
      if (!(error instanceof DeadLetterCommandError)) throw error;
      process.stderr.write(`tandem dead-letters: ${error.message}\n`);
      process.exitCode = 1;
    }
    break;
  }
  case 'retrain':
    process.exitCode = await (await import('./retrain.js')).runRetrainCommand({ args: rest });
    break;
  case 'models':
    process.exitCode = await (await import('./models.js')).runModelsCommand({ args: rest });
    break;
  case 'compact': {
    const compact = {
      name: 'tandem compact',
      usage: COMPACT_USAGE,
      options: {
        'data-dir': { type: 'string', default: '.tandem' },
        'older-than': { type: 'string', default: '3600' },
        json: { type: 'boolean', default: false },
      },
      args: rest,
    } as const;
    const { values } = parseCommandLine(compact);
    const olderThanSeconds = Number(values['older-than']);
    if (values['older-than'].trim() === '' || !Number.isFinite(olderThanSeconds) || olderThanSeconds < 0) {
      exitWithUsage(
        compact,
        `--older-than must be a number of seconds ≥ 0, got ${JSON.stringify(values['older-than'])}`,
      );
    }
    const { runCompactCommand, CompactCommandError } = await import('./compact.js');
    try {
      process.exitCode = await runCompactCommand({ dataDir: values['data-dir'], olderThanSeconds, json: values.json });
    } catch (error) {
      if (!(error instanceof CompactCommandError)) throw error;
      process.stderr.write(`tandem compact: ${error.message}\n`);
      process.exitCode = 1;
    }
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
