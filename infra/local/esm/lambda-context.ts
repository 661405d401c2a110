import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The Lambda context object handlers read (the fields of `Context` in @types/aws-lambda,
 * without the deprecated `done`/`fail`/`succeed` callbacks).
 */
export interface LambdaContextLike {
  /** Name of the function invoked. */
  functionName: string;
  /** Always `$LATEST` locally. */
  functionVersion: string;
  /** ARN the function was invoked by (`localFunctionArn`). */
  invokedFunctionArn: string;
  /** Memory as Lambda reports it: a string. */
  memoryLimitInMB: string;
  /** A fresh UUID per invoke. */
  awsRequestId: string;
  /** `/aws/lambda/<function>`. */
  logGroupName: string;
  /** One per mapping, in Lambda's `YYYY/MM/DD/[$LATEST]<hex>` format. */
  logStreamName: string;
  /** Milliseconds until the function timeout, never negative. */
  getRemainingTimeInMillis(): number;
  /** Kept for handlers that set it; has no effect in-process. */
  callbackWaitsForEmptyEventLoop: boolean;
}

/** Account and region of the local ARNs (the placeholders the local cluster ARN also uses). */
const LOCAL_REGION = 'local';
const LOCAL_ACCOUNT = '000000000000';

/** ARN of a function as the local runtime names it. */
export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`;
}

/** Placeholder ARN of the local MSK cluster, put in events and failure records. */
export const LOCAL_EVENT_SOURCE_ARN = `arn:aws:kafka:${LOCAL_REGION}:${LOCAL_ACCOUNT}:cluster/tandem/local`;

export interface InvokeContextInput {
  functionName: string;
  memoryMb: number;
  /** When the function times out, on the `now` clock. */
  deadline: number;
  now: () => number;
  /** Log stream of the emulated execution environment (`logStreamName()`). */
  logStreamName: string;
}

/** The context of one invoke. */
export function lambdaContext(input: InvokeContextInput): LambdaContextLike {
  return {
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(input.functionName),
    memoryLimitInMB: String(input.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: input.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, input.deadline - input.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
}

/** A log stream name in Lambda's format: `2024/05/01/[$LATEST]<32 hex>`. */
export function logStreamName(at: number): string {
  const date = new Date(at).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
