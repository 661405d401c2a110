import type { Context } from 'aws-lambda';

/** A Lambda context as the runtime passes it, for invoking handlers directly. */
export function lambdaContext(functionName: string, requestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/06/18/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
