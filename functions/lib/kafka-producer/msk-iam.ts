/**
 * Connection options for an MSK cluster with IAM client authentication: TLS on the IAM
 * listener (port 9098) and SASL/OAUTHBEARER with a token signed for the caller's IAM
 * identity by aws-msk-iam-sasl-signer-js. The token is fetched per connection (it lasts
 * 15 minutes), from the Lambda role's credentials. Shared by the functions' producer and the
 * kafka-admin custom resource, so both connect the same way. The signer is loaded only here,
 * on the path that needs it.
 */

import type { SASLOptions } from '@platformatic/kafka';

export interface MskIamConnection {
  tls: Record<string, never>;
  tlsServerName: true;
  sasl: SASLOptions;
}

export function mskIamConnection(region: string): MskIamConnection {
  return {
    tls: {},
    tlsServerName: true,
    sasl: {
      mechanism: 'OAUTHBEARER',
      token: async () => {
        const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
        return (await generateAuthToken({ region })).token;
      },
    },
  };
}
