import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { EventSourceMappingError } from './errors.js';
import { type BatchFailure, failureCoordinates } from './failure-record.js';

/** Where a failure record lands: one key per partition and offset range, so a repeat overwrites it. */
export function failureObjectKey(functionName: string, failure: BatchFailure): string {
  const where = failureCoordinates(failure);
  if (where === undefined) {
    throw new EventSourceMappingError('a failure record must name one partition in KafkaBatchInfo.recordsInfo', {
      cause: { package: 'infra/local/esm', data: failure.KafkaBatchInfo },
    });
  }
  return `esm-failures/${functionName}/${where.topic}/${where.partition}/${where.firstOffset}-${where.lastOffset}.json`;
}

/**
 * An on-failure destination writing each failure record as JSON to an S3 bucket (Lambda's S3
 * destination also carries the payload). Keys derive from function, topic, partition and
 * offsets, so a batch written twice — delivery is at-least-once — leaves one object.
 */
export function s3FailureDestination(
  s3: S3Client,
  bucket: string,
  functionName: string,
): (failure: BatchFailure) => Promise<void> {
  return async (failure) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: failureObjectKey(functionName, failure),
        Body: JSON.stringify(failure),
        ContentType: 'application/json',
      }),
    );
  };
}
