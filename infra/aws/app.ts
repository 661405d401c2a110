/**
 * `cdk synth` / `cdk deploy` entry (cdk.json "app"). Context options are listed in
 * infra/aws/settings.ts and docs/deploy.md.
 */
import { createTandemApp } from './tandem-app.js';

createTandemApp().app.synth();
