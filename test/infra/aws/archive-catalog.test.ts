import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ArchiveCatalog, archiveTableColumns, topicTableName } from '../../../infra/aws/constructs/archive-catalog.js';
import { synthesize } from './helpers/synth.js';

/** The catalog alone in a stack, over a bucket of its own. */
function catalogTemplate(partitionedTopics?: Record<string, string[]>) {
  const stack = new Stack(new App(), 'Catalog', { env: { account: '123456789012', region: 'us-east-1' } });
  new ArchiveCatalog(stack, 'ArchiveCatalog', {
    // Imported by name, so locations are plain strings the assertions can spell out.
    archive: s3.Bucket.fromBucketName(stack, 'Archive', 'tandem-archive'),
    results: s3.Bucket.fromBucketName(stack, 'Results', 'tandem-results'),
    topics: ['feedback', 'wiki-changes'],
    databaseName: 'tandem_archive',
    ...(partitionedTopics ? { partitionedTopics } : {}),
  });
  return Template.fromStack(stack);
}

describe('ArchiveCatalog', () => {
  it('gives a topic with extra partitions its own table: dt projected as dates, its fields injected', () => {
    // Act
    const template = catalogTemplate({ 'wiki-changes': ['server_name'] });

    // Assess
    template.resourceCountIs('AWS::Glue::Table', 2);
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'tandem_archive',
      TableInput: {
        Name: 'raw_wiki_changes',
        Description: Match.anyValue(),
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          { Name: 'dt', Type: 'date' },
          { Name: 'server_name', Type: 'string' },
        ],
        Parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2024-01-01,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.server_name.type': 'injected',
          'storage.location.template': `s3://tandem-archive/raw/topic=wiki-changes/dt=\${dt}/server_name=\${server_name}/`,
        },
        StorageDescriptor: Match.objectLike({
          Location: 's3://tandem-archive/raw/topic=wiki-changes/',
          Columns: archiveTableColumns(['dt', 'server_name']).map((c) => ({ Name: c.name, Type: c.type })),
        }),
      },
    });
  });

  it('keeps the topic column in a topic table, where it is no partition, and leaves raw_events as it was', () => {
    // Act
    const withTopicTable = catalogTemplate({ 'wiki-changes': ['server_name'] });
    const without = catalogTemplate();
    const rawEvents = (template: Template) =>
      Object.values(template.findResources('AWS::Glue::Table')).find(
        (r) => (r.Properties as { TableInput: { Name: string } }).TableInput.Name === 'raw_events',
      );

    // Assess
    expect(archiveTableColumns(['dt', 'server_name']).map((c) => c.name)).toContain('topic');
    expect(archiveTableColumns().map((c) => c.name)).not.toContain('topic');
    expect(rawEvents(withTopicTable)).toEqual(rawEvents(without));
    without.resourceCountIs('AWS::Glue::Table', 1);
    expect(topicTableName('wiki-changes')).toBe('raw_wiki_changes');
  });

  it('is wired from pipeline.ts: the stack declares raw_wiki_changes partitioned by server_name', () => {
    // Act
    const { template } = synthesize({}, { bundle: false });

    // Assess
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'raw_wiki_changes',
        PartitionKeys: [
          { Name: 'dt', Type: 'date' },
          { Name: 'server_name', Type: 'string' },
        ],
      }),
    });
  });
});
