#!/usr/bin/env bash
# The whole suite again on Node.js 22, the Lambda runtime's version, from the npm registry's
# node@22 package (the machine may have only 20). Its binary is called directly: under
# `npx -p node@22`, the nested `npx esbuild` of the CDK bundling would try to install node@22 again.
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE22=$(npx -y -p node@22 -- node -e 'process.stdout.write(process.execPath)')
echo "npm run test:node22: $("$NODE22" -v)"
"$NODE22" node_modules/vitest/vitest.mjs run
