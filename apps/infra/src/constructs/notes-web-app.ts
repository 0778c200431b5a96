/**
 * The browser app on AWS: its build in a private S3 bucket, served by CloudFront through origin
 * access control, with the same security headers and Content Security Policy the local server
 * sends, and its runtime configuration (`config.json`) written at deploy time beside the build,
 * so that one build serves every stage.
 *
 * Caching: everything in the bucket is stored with `Cache-Control: no-cache`, and the default
 * behaviour's cache policy has a minimum TTL of 0, so CloudFront and browsers revalidate
 * `index.html`, `config.json` and anything else outside `assets/` on every load (a deploy is
 * seen at once; no invalidation needed). Vite puts every content-hashed file under `assets/`;
 * that behaviour caches for a year at the edge and tells browsers the file is immutable.
 *
 * Routes of the app (`/notes/01J…`, `/callback`) are not files: a CloudFront Function on viewer
 * requests serves `index.html` for any path whose last segment has no extension. Error responses
 * (403/404 → `/index.html` with 200) would do the same for every missing file too, turning a
 * missing script or a missing `config.json` into an HTML page with a 200, which the browser then
 * runs or parses; with the function, a missing file stays a 404 (the distribution may list the
 * bucket, so S3 answers 404 rather than 403).
 */
import { type WebAppConfig, type WebAppOrigins, webCacheControl, webResponseHeaders } from '@secure-notes/http-api';
import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PRIVATE_BUCKET } from './private-bucket.js';
import { responseHeadersSettings } from './web-response-headers.js';

/** Where Vite writes the content-hashed files, and the path pattern of their cache behaviour. */
export const HASHED_ASSETS_PATH = 'assets/*';
/** What browsers are told about a content-hashed file (the local server says the same). */
export const HASHED_ASSETS_CACHE_CONTROL = webCacheControl('/assets/index.js');
/** What every other file is stored with: revalidate on every use. */
export const APP_SHELL_CACHE_CONTROL = webCacheControl('/index.html');
/** The file the app fetches its settings from, written at deploy time. */
export const CONFIG_FILE = 'config.json';

/**
 * Serves `index.html` for the app's routes: any path whose last segment has no extension.
 * CloudFront Functions JavaScript runtime 2.0.
 */
export const SPA_ROUTING_FUNCTION = `function handler(event) {
  var request = event.request;
  if (!/\\.[^/]*$/.test(request.uri)) {
    request.uri = '/index.html';
  }
  return request;
}`;

export interface NotesWebAppProps extends WebAppOrigins {
  /** The web app's build: `index.html` and `assets/`. */
  readonly appFolder: string;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class NotesWebApp extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The headers of every answer outside `assets/`. */
  readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The same headers, and the long `Cache-Control` of content-hashed files. */
  readonly assetsResponseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  readonly spaRouting: cloudfront.Function;
  /** `https://<distribution domain>`, as browsers send it in `Origin`. */
  readonly origin: string;
  /** The app's address: the origin and `/`. */
  readonly url: string;
  private readonly props: NotesWebAppProps;
  private deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: NotesWebAppProps) {
    super(scope, id);
    this.props = props;

    // Only the build is here, and the deployment empties the bucket when it is removed
    // (retainOnDelete: false), so the bucket goes with the stack in every stage.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = webResponseHeaders({
      apiOrigin: props.apiOrigin,
      loginOrigin: props.loginOrigin,
      objectStorageOrigin: props.objectStorageOrigin,
    });
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Secure Notes web app: CSP and security headers',
      ...responseHeadersSettings(headers),
    });
    this.assetsResponseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'AssetsHeaders', {
      comment: 'Secure Notes web app, content-hashed files: security headers, cached a year',
      ...responseHeadersSettings({ ...headers, 'Cache-Control': HASHED_ASSETS_CACHE_CONTROL }),
    });

    const appShellCache = new cloudfront.CachePolicy(this, 'AppShellCache', {
      comment: "Secure Notes web app: follows the files' Cache-Control (no-cache), so a deploy is seen at once",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const hashedAssetsCache = new cloudfront.CachePolicy(this, 'HashedAssetsCache', {
      comment: 'Secure Notes web app, content-hashed files: a new build has new names, so cache a year',
      minTtl: Duration.days(365),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    this.spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      comment: "Serves index.html for the app's routes; files keep their own answer (404 when missing)",
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const bucketOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket as s3.IBucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Secure Notes web app',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: bucketOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: appShellCache,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ function: this.spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [HASHED_ASSETS_PATH]: {
          origin: bucketOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: hashedAssetsCache,
          responseHeadersPolicy: this.assetsResponseHeadersPolicy,
        },
      },
    });
    // Listing is what S3 answers for the bucket's root; the root serves index.html (default root
    // object, and the routing function), and no query string reaches S3 (the cache policies forward
    // none), so the permission only turns a missing file's 403 into a 404.
    Annotations.of(this.distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'The default root object is index.html and no query string is forwarded to S3.',
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  /**
   * Puts the build and its `config.json` in the bucket, in one deployment: a deployment prunes
   * what it did not put there itself, so a second one would delete the other's files. Call once,
   * when everything the configuration names exists.
   */
  publish(config: WebAppConfig): s3deploy.BucketDeployment {
    if (this.deployment !== undefined) throw new Error('NotesWebApp.publish: the app is already published.');
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: this.props.logRetention,
      removalPolicy: this.props.logRemovalPolicy,
    });
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [
        // A config.json in the build (a development copy) must not shadow the deployed one.
        s3deploy.Source.asset(this.props.appFolder, { exclude: [CONFIG_FILE] }),
        s3deploy.Source.jsonData(CONFIG_FILE, config),
      ],
      destinationBucket: this.bucket as s3.IBucket,
      prune: true,
      retainOnDelete: false,
      cacheControl: [s3deploy.CacheControl.fromString(APP_SHELL_CACHE_CONTROL)],
      logGroup,
    });
    return this.deployment;
  }
}
