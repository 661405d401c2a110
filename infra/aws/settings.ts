/**
 * Deployment settings of the CDK app, read from CDK context (`cdk.json` defaults,
 * overridden with `-c key=value`). Values given with `-c` arrive as strings, values in
 * `cdk.json` keep their JSON type; every reader accepts both. Nothing here looks
 * anything up in AWS: synthesis works offline.
 */

import { InvalidContextError } from './errors.js';

/** Who may call the authenticated API routes. */
export const ApiAuthMode = { IAM: 'iam', JWT: 'jwt' } as const;
export type ApiAuthMode = (typeof ApiAuthMode)[keyof typeof ApiAuthMode];

/** Which keys encrypt tables, buckets, secrets and the alarm topic. */
export const EncryptionMode = { AWS_MANAGED: 'aws-managed', CUSTOMER_MANAGED: 'customer-managed' } as const;
export type EncryptionMode = (typeof EncryptionMode)[keyof typeof EncryptionMode];

/** Provisioned-mode pollers of an event source mapping (omit for on-demand pollers). */
export interface PollerSettings {
  /** 1..200 pollers kept running. */
  minimum: number;
  /** 1..2000 pollers at most. */
  maximum: number;
}

export interface TandemSettings {
  /** CloudFormation stack name (`stackName`, default `Tandem`). */
  stackName: string;
  /** Target account (`account`, else `CDK_DEFAULT_ACCOUNT`); unset synthesizes an account-agnostic template. */
  account?: string;
  /** Target region (`region`, else `CDK_DEFAULT_REGION`, else `us-east-1`). */
  region: string;
  /** Existing VPC to deploy into (`vpcId`); unset creates one. Needs `account` for the lookup. */
  vpcId?: string;
  /** Availability zones of a created VPC (`maxAzs`, 2..3; MSK Serverless needs two). */
  maxAzs: number;
  /** NAT gateways of a created VPC (`natGateways`, default 1): egress for the MSK pollers, AWS APIs and Slack. */
  natGateways: number;
  /** Existing MSK cluster (`mskClusterArn`); unset creates an MSK Serverless cluster with IAM auth. */
  mskClusterArn?: string;
  /** Security group of the existing cluster (`mskSecurityGroupId`): gets an ingress rule for tandem's clients. */
  mskSecurityGroupId?: string;
  /** Create and update the declared topics (`manageTopics`, default true). Topics are never deleted. */
  manageTopics: boolean;
  /** Forces one authorizer on every authenticated route (`authMode`); unset keeps each route's own `auth`. */
  authMode?: ApiAuthMode;
  /** JWT issuer URL for `jwt` routes (`jwtIssuer`). */
  jwtIssuer?: string;
  /** JWT audiences for `jwt` routes (`jwtAudience`, comma-separated). */
  jwtAudience: string[];
  /** HTTP API stage throttling (`apiRateLimit` requests/s, `apiBurstLimit`). */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** `encryption`: `aws-managed` (default) or `customer-managed` (one KMS key with rotation). */
  encryption: EncryptionMode;
  /** Keep tables, buckets, secrets and logs when the stack is deleted (`retainData`, default true). */
  retainData: boolean;
  /** CloudWatch Logs retention in days (`logRetentionDays`, default 30). */
  logRetentionDays: number;
  /** E-mail subscribed to the alarm topic (`alarmEmail`). */
  alarmEmail?: string;
  /** Records of event-source-mapping OffsetLag that raise the alarm (`offsetLagThreshold`). */
  offsetLagThreshold: number;
  /** Dead-letter objects written per 5 minutes that raise the alarm (`deadLetterThreshold`). */
  deadLetterThreshold: number;
  /**
   * Provisioned pollers per trigger name, `*` for every trigger (`provisionedPollers`, JSON).
   * Without it, triggers using Kafka error-handling controls get 1..partitions pollers.
   */
  provisionedPollers: Record<string, PollerSettings>;
  /** Reserved concurrency per function name (`reservedConcurrency`, JSON). */
  reservedConcurrency: Record<string, number>;
  /** Run the cdk-nag AwsSolutions checks during synthesis (`nag`, default true). */
  nag: boolean;
}

type Lookup = (key: string) => unknown;

const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Reads and checks every setting; throws `InvalidContextError` naming the first bad key. */
export function readSettings(context: Lookup, env: NodeJS.ProcessEnv = process.env): TandemSettings {
  const text = (key: string): string | undefined => {
    const v = context(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw new InvalidContextError(key, `expected a string, got ${JSON.stringify(v)}`);
    return v;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const v = context(key);
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidContextError(key, `expected an integer ${min}..${max}, got ${JSON.stringify(v)}`);
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = context(key);
    if (v === undefined || v === null || v === '') return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw new InvalidContextError(key, `expected true or false, got ${JSON.stringify(v)}`);
  };
  const json = (key: string): unknown => {
    const v = context(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch (err) {
      throw new InvalidContextError(key, 'expected JSON', { cause: err });
    }
  };
  const oneOf = <T extends string>(key: string, values: readonly T[]): T | undefined => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (!values.includes(v as T))
      throw new InvalidContextError(key, `expected one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };

  const account = text('account') ?? env.CDK_DEFAULT_ACCOUNT;
  if (account !== undefined && !/^\d{12}$/.test(account))
    throw new InvalidContextError('account', 'expected 12 digits');
  const region = text('region') ?? env.CDK_DEFAULT_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new InvalidContextError('region', `"${region}" is not a region`);

  const vpcId = text('vpcId');
  if (vpcId !== undefined && !/^vpc-[0-9a-f]+$/.test(vpcId)) throw new InvalidContextError('vpcId', 'expected vpc-…');
  if (vpcId !== undefined && account === undefined) {
    throw new InvalidContextError(
      'vpcId',
      'looking up a VPC needs the account: pass -c account=… or deploy with credentials',
    );
  }
  const mskClusterArn = text('mskClusterArn');
  if (mskClusterArn !== undefined) {
    if (!/^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/.test(mskClusterArn)) {
      throw new InvalidContextError('mskClusterArn', 'expected arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>');
    }
    if (vpcId === undefined) {
      throw new InvalidContextError(
        'mskClusterArn',
        "an existing cluster needs its VPC: pass -c vpcId=<the cluster's VPC>",
      );
    }
  }
  const mskSecurityGroupId = text('mskSecurityGroupId');
  if (mskSecurityGroupId !== undefined && !/^sg-[0-9a-f]+$/.test(mskSecurityGroupId)) {
    throw new InvalidContextError('mskSecurityGroupId', 'expected sg-…');
  }
  if (mskSecurityGroupId !== undefined && mskClusterArn === undefined) {
    throw new InvalidContextError('mskSecurityGroupId', 'only applies with mskClusterArn');
  }

  const authMode = oneOf('authMode', Object.values(ApiAuthMode));
  const jwtIssuer = text('jwtIssuer');
  if (jwtIssuer !== undefined && !/^https:\/\/\S+$/.test(jwtIssuer)) {
    throw new InvalidContextError('jwtIssuer', 'expected an https:// issuer URL');
  }
  const jwtAudience = (text('jwtAudience') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (authMode === ApiAuthMode.JWT && (jwtIssuer === undefined || jwtAudience.length === 0)) {
    throw new InvalidContextError('authMode', 'jwt needs -c jwtIssuer=https://… and -c jwtAudience=…');
  }

  const logRetentionDays = int('logRetentionDays', 30, 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    throw new InvalidContextError('logRetentionDays', `CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) {
    throw new InvalidContextError('alarmEmail', 'expected an e-mail address');
  }

  return {
    stackName: text('stackName') ?? 'Tandem',
    account,
    region,
    vpcId,
    maxAzs: int('maxAzs', 2, 2, 3),
    natGateways: int('natGateways', 1, 1, 3),
    mskClusterArn,
    mskSecurityGroupId,
    manageTopics: bool('manageTopics', true),
    authMode,
    jwtIssuer,
    jwtAudience,
    apiThrottle: { rateLimit: int('apiRateLimit', 50, 1, 10_000), burstLimit: int('apiBurstLimit', 100, 1, 5_000) },
    encryption: oneOf('encryption', Object.values(EncryptionMode)) ?? EncryptionMode.AWS_MANAGED,
    retainData: bool('retainData', true),
    logRetentionDays,
    alarmEmail,
    offsetLagThreshold: int('offsetLagThreshold', 100_000, 1, Number.MAX_SAFE_INTEGER),
    deadLetterThreshold: int('deadLetterThreshold', 1, 1, Number.MAX_SAFE_INTEGER),
    provisionedPollers: pollers(json('provisionedPollers')),
    reservedConcurrency: concurrency(json('reservedConcurrency')),
    nag: bool('nag', true),
  };
}

function pollers(value: unknown): Record<string, PollerSettings> {
  const key = 'provisionedPollers';
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidContextError(key, 'expected {"<trigger>|*": {"minimum": n, "maximum": m}}');
  }
  const out: Record<string, PollerSettings> = {};
  for (const [trigger, p] of Object.entries(value)) {
    const { minimum, maximum } = (p ?? {}) as Partial<PollerSettings>;
    const ok =
      Number.isInteger(minimum) &&
      Number.isInteger(maximum) &&
      (minimum as number) >= 1 &&
      (minimum as number) <= 200 &&
      (maximum as number) >= (minimum as number) &&
      (maximum as number) <= 2000;
    if (!ok) throw new InvalidContextError(key, `${trigger}: minimum 1..200, maximum minimum..2000`);
    out[trigger] = { minimum: minimum as number, maximum: maximum as number };
  }
  return out;
}

function concurrency(value: unknown): Record<string, number> {
  const key = 'reservedConcurrency';
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidContextError(key, 'expected {"<function>": n}');
  }
  const out: Record<string, number> = {};
  for (const [fn, n] of Object.entries(value)) {
    if (!Number.isInteger(n) || (n as number) < 0) throw new InvalidContextError(key, `${fn}: a non-negative integer`);
    out[fn] = n as number;
  }
  return out;
}
