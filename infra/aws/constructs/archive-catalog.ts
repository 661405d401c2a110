import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { SchemaElement } from 'hyparquet';
import { athenaDistinctView, DISTINCT_VIEW } from '../../../functions/archive-compactor/distinct-view.js';
import type { ArchivePartitionFields } from '../../../functions/archiver/archive-partitions.js';
import { ARCHIVE_COLUMNS } from '../../../functions/lib/parquet/index.js';

/** Prefix of Athena's query results in the results bucket. */
export const RESULTS_PREFIX = 'results';

/** Prefix of the archiver's objects: `raw/topic=<topic>/dt=<YYYY-MM-DD>/[<field>=<value>/…]part-….parquet`. */
export const ARCHIVE_PREFIX = 'raw';

/** Hive partition keys of the archive, in key order. */
const PARTITION_KEYS = [
  { name: 'topic', type: 'string' },
  { name: 'dt', type: 'date' },
] as const;

/** Projection of `dt`: every day from the archive's first year to today. */
const DT_PROJECTION = {
  'projection.dt.type': 'date',
  'projection.dt.format': 'yyyy-MM-dd',
  'projection.dt.range': '2024-01-01,NOW',
  'projection.dt.interval': '1',
  'projection.dt.interval.unit': 'DAYS',
} as const;

/** Storage of the Parquet objects, the same for every table over the archive. */
const PARQUET_STORAGE = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;

/** The Glue table of one topic with extra partitions: `wiki-changes` → `raw_wiki_changes`. */
export function topicTableName(topic: string): string {
  return `raw_${topic.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
}

/** The Hive type Athena reads a Parquet column as. */
export function hiveType(element: SchemaElement): string {
  if (element.type === 'BYTE_ARRAY' && element.logical_type?.type === 'STRING') return 'string';
  if (element.type === 'INT32' && element.logical_type === undefined) return 'int';
  if (element.type === 'INT64' && element.logical_type?.type === 'TIMESTAMP') return 'timestamp';
  if (element.type === 'INT64' && element.logical_type === undefined) return 'bigint';
  throw new Error(`archive column ${element.name}: no Hive type for ${JSON.stringify(element)}`);
}

/**
 * The archive's table columns from the archive schema itself (`ARCHIVE_COLUMNS`), so the
 * table follows the writer. A column that is also a partition key (`topic` of `raw_events`) is
 * left to the partition: Hive forbids the same name twice, and the two always hold the same value.
 */
export function archiveTableColumns(
  partitionKeys: readonly string[] = PARTITION_KEYS.map((k) => k.name),
): { name: string; type: string }[] {
  const partitions = new Set<string>(partitionKeys);
  return ARCHIVE_COLUMNS.filter((c) => !partitions.has(c.name)).map((c) => ({
    name: c.name,
    type: hiveType(c.element),
  }));
}

export interface ArchiveCatalogProps {
  archive: s3.IBucket;
  /** Every topic the archive may hold: the values of the `topic` partition. */
  topics: readonly string[];
  /** Where Athena writes query results. */
  results: s3.IBucket;
  /** Glue database name (lower case, digits, underscores). */
  databaseName: string;
  /** Encrypt query results with SSE-KMS instead of SSE-S3. */
  kmsKeyArn?: string;
  /**
   * Topics whose objects carry extra partitions after `dt=` (`archivePartitionBy` in
   * pipeline.ts), with those fields: each gets a table of its own (`topicTableName`).
   */
  partitionedTopics?: ArchivePartitionFields;
}

/**
 * A Glue database and table over the Parquet archive with partition projection on
 * `topic` (enum of the declared topics) and `dt` (dates from 2024-01-01 to today), so
 * Athena reads new partitions without crawlers or MSCK REPAIR; plus an Athena workgroup
 * with its result location, so the first query needs no setup; and a saved query creating the
 * deduplicating view `raw_events_distinct` (functions/archive-compactor/distinct-view.ts).
 *
 * A topic with extra partitions (`server_name=` of `wiki-changes`) stays in `raw_events`:
 * Athena reads every object under a partition's location, nested prefixes included. It also
 * gets a table of its own, partitioned by `dt` and its fields, so a query can prune on them.
 * Their values are not known in advance (any wiki may appear), so they are projected as
 * `injected`: Athena takes them from the query, which must name them with `=` or `IN`
 * (`WHERE server_name = 'en.wikipedia.org'`; `'__HIVE_DEFAULT_PARTITION__'` for records without
 * one). Queries over every value go to `raw_events`.
 */
export class ArchiveCatalog extends Construct {
  readonly databaseName: string;
  readonly tableName = 'raw_events';
  /** The table of each topic with extra partitions, by topic. */
  readonly topicTableNames: Readonly<Record<string, string>>;
  readonly workGroupName: string;
  private readonly archive: s3.IBucket;
  private readonly results: s3.IBucket;

  constructor(scope: Construct, id: string, props: ArchiveCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.archive = props.archive;
    this.results = props.results;
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: props.databaseName, description: 'tandem: raw events archived from every topic' },
    });
    const location = `s3://${props.archive.bucketName}/${ARCHIVE_PREFIX}/`;
    const table = new glue.CfnTable(this, 'RawEvents', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: this.tableName,
        description:
          'Every archived Kafka record, one row per record (topic, partition, offset, timestamp, key, value, headers)',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.topic.type': 'enum',
          'projection.topic.values': props.topics.join(','),
          ...DT_PROJECTION,
          // Hive-style keys are what the archiver writes; the template spells them out for projection.
          'storage.location.template': `${location}topic=\${topic}/dt=\${dt}/`,
        },
        partitionKeys: PARTITION_KEYS.map((k) => ({ name: k.name, type: k.type })),
        storageDescriptor: { location, ...PARQUET_STORAGE, columns: archiveTableColumns() },
      },
    });
    table.node.addDependency(database);

    const topicTables: Record<string, string> = {};
    for (const [topic, fields] of Object.entries(props.partitionedTopics ?? {})) {
      const name = topicTableName(topic);
      topicTables[topic] = name;
      const topicLocation = `${location}topic=${topic}/`;
      const topicTable = new glue.CfnTable(
        this,
        // raw_wiki_changes → RawWikiChanges, beside RawEvents.
        name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
        {
          catalogId: Aws.ACCOUNT_ID,
          databaseName: props.databaseName,
          tableInput: {
            name,
            description: `Archived ${topic} records, partitioned by dt and ${fields.join(', ')}; name ${fields.join(', ')} with = or IN`,
            tableType: 'EXTERNAL_TABLE',
            parameters: {
              classification: 'parquet',
              EXTERNAL: 'TRUE',
              'projection.enabled': 'true',
              ...DT_PROJECTION,
              ...Object.fromEntries(fields.map((field) => [`projection.${field}.type`, 'injected'])),
              'storage.location.template': `${topicLocation}dt=\${dt}/${fields.map((f) => `${f}=\${${f}}/`).join('')}`,
            },
            partitionKeys: [{ name: 'dt', type: 'date' }, ...fields.map((field) => ({ name: field, type: 'string' }))],
            storageDescriptor: {
              location: topicLocation,
              ...PARQUET_STORAGE,
              columns: archiveTableColumns(['dt', ...fields]),
            },
          },
        },
      );
      topicTable.node.addDependency(database);
    }
    this.topicTableNames = topicTables;

    this.workGroupName = `${props.databaseName.replaceAll('_', '-')}`;
    const workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'tandem: queries over the raw event archive',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: `s3://${props.results.bucketName}/${RESULTS_PREFIX}/`,
          encryptionConfiguration: props.kmsKeyArn
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.kmsKeyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });
    workGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);

    // The deduplicating view as a saved query: Glue stores Athena views in Presto's encoded
    // form, which CloudFormation cannot write, so running this once creates it.
    const distinctView = new athena.CfnNamedQuery(this, 'DistinctViewQuery', {
      name: `create ${DISTINCT_VIEW}`,
      description: `One row per record (dedupe on topic, partition, offset): run once to create ${props.databaseName}.${DISTINCT_VIEW}`,
      database: props.databaseName,
      workGroup: this.workGroupName,
      queryString: athenaDistinctView(props.databaseName),
    });
    distinctView.addDependency(workGroup);
    distinctView.node.addDependency(table);
  }

  /**
   * What running queries over `raw_events` in the workgroup takes, and nothing more: the
   * workgroup's query actions, Glue reads of the database and that table (partition projection
   * needs no partitions API, but Athena asks for them), reads of the archive's `raw/` objects,
   * and the result location, which Athena writes and reads with the caller's credentials.
   */
  grantQueries(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      resourceArns: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
      resourceArns: [
        stack.formatArn({ service: 'glue', resource: 'catalog' }),
        stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/${this.tableName}` }),
      ],
    });
    this.archive.grantRead(grantee, `${ARCHIVE_PREFIX}/*`);
    // Athena writes and reads results; nothing here deletes them (the bucket's lifecycle does).
    this.results.grantRead(grantee, `${RESULTS_PREFIX}/*`);
    this.results.grantPut(grantee, `${RESULTS_PREFIX}/*`);
  }
}
