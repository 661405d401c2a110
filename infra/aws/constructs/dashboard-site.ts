import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { AssetHashType, CfnOutput, DockerImage, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { fromRoot, REPO_ROOT } from '../paths.js';

/** The dashboard's sources (`dashboard/build.ts` builds them). */
const DASHBOARD_DIR = fromRoot('dashboard');
/** Written at deploy time with the API's URL, so the build leaves it out. */
const CONFIG_FILE = 'config.json';
/** Keep their names across builds: served so that browsers and CloudFront revalidate them. */
const PAGE_FILES = ['index.html', CONFIG_FILE];

export interface DashboardSiteProps {
  /** Private bucket for the built files (no public access; CloudFront reads it through OAC). */
  bucket: s3.IBucket;
  /** Bucket for CloudFront standard logs (ACLs on: CloudFront's log delivery writes with them). */
  logBucket: s3.IBucket;
}

/**
 * The live dashboard on AWS: the static files of `dashboard/` in a private bucket, served
 * by CloudFront over HTTPS only through Origin Access Control, with security headers and
 * standard logs. `bindApi()` points the page at the query API by writing `config.json` at
 * deploy time.
 *
 * The files come from `buildDashboard()` (esbuild, on this machine, never Docker) run while
 * the app synthesizes, into the asset's staging directory next to `cdk.out`. Script and
 * styles carry a content hash in their names and are cached for a year; `index.html` and
 * `config.json` are revalidated on every load, and uploaded after the hashed files, so a
 * page never names a file that is not there yet. Earlier hashed files are kept (`prune:
 * false`) for pages still open from before the deploy.
 */
export class DashboardSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution>.cloudfront.net`: the page, and the origin the API must allow. */
  readonly url: string;
  /** Holds the built files; readable by the distribution only. */
  readonly bucket: s3.IBucket;
  private readonly files: s3deploy.ISource;
  private readonly assets: s3deploy.BucketDeployment;
  private bound = false;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    this.bucket = props.bucket;
    const { region, urlSuffix } = Stack.of(this);

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'tandem dashboard: CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // Any HTTP API of this region: the API's own id would make the API and the
          // distribution name each other (its CORS origin is the distribution).
          contentSecurityPolicy: dashboardContentSecurityPolicy(`https://*.execute-api.${region}.${urlSuffix}`),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'tandem live dashboard',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'dashboard/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The dashboard is static files of public Wikimedia and aggregate counts; it has no audience to fence by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: the distribution serves a few static files (GET/HEAD only, cached); the data comes from the ' +
          'query API, which authorizes every request and is throttled at its stage.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, whose minimum TLS version CloudFront ' +
          'does not let one raise; a custom domain with an ACM certificate would allow TLSv1.2_2021.',
      },
    );

    this.files = s3deploy.Source.asset(DASHBOARD_DIR, {
      // Hash what is uploaded: Chart.js (in node_modules) is part of the page but not of dashboard/.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: the local build below always succeeds or throws.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
        local: { tryBundle: (outputDir) => buildDashboardInto(outputDir) },
      },
    });
    this.assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [this.files],
      destinationBucket: props.bucket,
      exclude: PAGE_FILES,
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
      // One BucketDeployment handler for the stack: ModelStore uses the same memory.
      memoryLimit: 512,
    });
    new CfnOutput(this, 'Url', { value: this.url, description: 'tandem live dashboard' });
  }

  /**
   * Writes `config.json` (`apiBaseUrl`: the API's endpoint, resolved at deploy; `auth`: what
   * the read routes require) with `index.html`, after the hashed files. Call once.
   */
  bindApi(api: apigw.IHttpApi, auth: 'iam' | 'jwt' | 'none'): s3deploy.BucketDeployment {
    if (this.bound) throw new Error('DashboardSite.bindApi: the page is already bound to an API');
    this.bound = true;
    const page = new s3deploy.BucketDeployment(this, 'DeployPage', {
      sources: [this.files, s3deploy.Source.jsonData(CONFIG_FILE, { apiBaseUrl: api.apiEndpoint, auth })],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: PAGE_FILES,
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 512,
    });
    page.node.addDependency(this.assets);
    return page;
  }
}

/**
 * The page's Content-Security-Policy: its own files, and fetches to itself (`config.json`) and
 * to `api` only. Chart.js draws on canvas and the page has no inline script or style; the
 * favicon is a `data:` URL. `test/infra/aws/dashboard-page.test.ts` renders the page under it.
 */
export function dashboardContentSecurityPolicy(api: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${api}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Local bundling of the dashboard asset: `npm run build:dashboard` (which calls
 * `buildDashboard()`) into the staging directory CDK hands over. A child process, because
 * bundling is synchronous and the build is not; it runs under the same Node with tsx, as
 * the CDK app itself does.
 */
function buildDashboardInto(outputDir: string): boolean {
  execFileSync(
    process.execPath,
    ['--no-experimental-require-module', '--import', 'tsx', path.join(DASHBOARD_DIR, 'cli.ts'), '--out', outputDir],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  rmSync(path.join(outputDir, CONFIG_FILE), { force: true });
  return true;
}
