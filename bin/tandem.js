#!/usr/bin/env node
// `tandem` (`npx tandem …` in this repo): runs the TypeScript CLI through tsx, the loader
// `npm start` and `npm run train` use too, so the CLI runs exactly the source the Lambda bundles.
import { register } from 'tsx/esm/api';

register();
await import('./tandem.ts');
