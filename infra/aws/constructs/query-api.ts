import { Annotations, CfnOutput, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiRouteSpec } from '../../pipeline/index.js';
import { UnsupportedOnAwsError } from '../errors.js';
import { ApiAuthMode } from '../settings.js';
import type { PipelineFunction } from './pipeline-function.js';

export interface QueryApiProps {
  routes: readonly ApiRouteSpec[];
  functions: ReadonlyMap<string, PipelineFunction>;
  /** Forces one authorizer on every authenticated route; unset keeps each route's `auth`. */
  authMode?: ApiAuthMode;
  jwt?: { issuer: string; audience: string[] };
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * Web origins allowed to call the read (GET) routes from a browser, with an Authorization
   * header (the dashboard's CloudFront URL); API Gateway answers their preflight requests.
   */
  browserOrigins?: string[];
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** The authorization a route gets on AWS. */
export function routeAuth(route: ApiRouteSpec, props: Pick<QueryApiProps, 'authMode' | 'jwt'>): 'iam' | 'jwt' | 'none' {
  if (route.auth === 'none') return 'none';
  const wanted = props.authMode ?? route.auth;
  // Without an issuer a JWT route falls back to IAM: stricter, never open.
  return wanted === ApiAuthMode.JWT && props.jwt ? 'jwt' : 'iam';
}

/**
 * The one authorization the read (GET) routes share: what a browser page reading them needs.
 * Undefined when there is no GET route; an error when they differ, since a page holds one
 * credential.
 */
export function readRoutesAuth(
  routes: readonly ApiRouteSpec[],
  props: Pick<QueryApiProps, 'authMode' | 'jwt'>,
): 'iam' | 'jwt' | 'none' | undefined {
  const auths = new Set(routes.filter((r) => r.route.startsWith('GET ')).map((r) => routeAuth(r, props)));
  if (auths.size > 1) {
    throw new UnsupportedOnAwsError(
      `the GET routes of pipeline.api get different authorization on AWS (${[...auths].join(', ')}): ` +
        'the dashboard reads them all with one credential',
    );
  }
  return [...auths][0];
}

/**
 * The HTTP API (payload format 2.0) for `pipeline.api`: one Lambda integration per
 * function, IAM (SigV4) or JWT authorization per route, `none` only on routes declared
 * so (Slack Events: the handler verifies Slack's signature), stage throttling, JSON
 * access logs, and CORS for the read routes from the dashboard's origin.
 */
export class QueryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const origins = props.browserOrigins ?? [];
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'tandem query and ingest API',
      createDefaultStage: false,
      ...(origins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: origins,
              allowMethods: [apigw.CorsHttpMethod.GET],
              allowHeaders: ['authorization'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.caller',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const iam = new HttpIamAuthorizer();
    const jwt = props.jwt
      ? new HttpJwtAuthorizer('Jwt', props.jwt.issuer, { jwtAudience: props.jwt.audience })
      : undefined;
    for (const route of props.routes) {
      const fn = props.functions.get(route.function);
      if (!fn) throw new Error(`api route ${route.route}: no function "${route.function}"`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`Integration-${route.function}`, fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(route.function, integration);
      }
      const [method, path] = route.route.split(' ') as [keyof typeof apigw.HttpMethod, string];
      const auth = routeAuth(route, props);
      if (route.auth === ApiAuthMode.JWT && auth === 'iam' && props.authMode === undefined) {
        Annotations.of(this).addWarningV2(
          `tandem:api:${route.route}`,
          `${route.route} declares jwt auth; without -c jwtIssuer=… -c jwtAudience=… it gets IAM auth`,
        );
      }
      const authorizer = auth === 'none' ? new apigw.HttpNoneAuthorizer() : auth === 'jwt' ? jwt : iam;
      const routes = this.api.addRoutes({ path, methods: [apigw.HttpMethod[method]], integration, authorizer });
      if (auth === 'none') {
        for (const r of routes) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.route} is declared auth 'none' in pipeline.ts: a webhook whose handler verifies the sender's signature.`,
          });
        }
      }
    }
    new CfnOutput(this, 'Url', { value: this.api.apiEndpoint, description: 'tandem API base URL' });
  }
}
