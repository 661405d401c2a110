import { describe, expect, it } from 'vitest';
import { parsePartitionKey, partitionKey } from '../../../../functions/lib/kafka-event/index.js';

describe('parsePartitionKey', () => {
  it.each([
    ['feedback-0', { topic: 'feedback', partition: 0 }],
    ['air-quality-1', { topic: 'air-quality', partition: 1 }],
    ['eu-west-air-quality-12', { topic: 'eu-west-air-quality', partition: 12 }],
    ['topic-7-3', { topic: 'topic-7', partition: 3 }],
    ['x.y_z--2', { topic: 'x.y_z-', partition: 2 }],
    ['t-2147483647', { topic: 't', partition: 2147483647 }],
  ])('splits %s on its last "-"', (key, expected) => {
    // Prepare
    const input = key;

    // Act
    const parsed = parsePartitionKey(input);

    // Assess
    expect(parsed).toEqual(expected);
    expect(partitionKey(parsed!.topic, parsed!.partition)).toBe(key);
  });

  it.each([
    'feedback',
    '-0',
    'feedback-',
    'feedback-01',
    'feedback-1.5',
    'feedback-2147483648',
    'air quality-0',
    `${'t'.repeat(250)}-0`,
  ])('refuses %s', (key) => {
    // Prepare
    const input = key;

    // Act
    const parsed = parsePartitionKey(input);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
