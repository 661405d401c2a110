import { describe, expect, it } from 'vitest';
import { slackSignature, slackSignatureProblem } from '../../../../functions/lib/slack/index.js';

// The worked example of https://api.slack.com/authentication/verifying-requests-from-slack.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
  '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TIMESTAMP) * 1000;

describe('Slack request signatures', () => {
  it("reproduces Slack's documented example", () => {
    // Act
    const signature = slackSignature(SECRET, TIMESTAMP, BODY);

    // Assess
    expect(signature).toBe(SIGNATURE);
  });

  it('accepts the example within five minutes either way and refuses it outside', () => {
    // Prepare
    const request = { body: Buffer.from(BODY), timestamp: TIMESTAMP, signature: SIGNATURE };

    // Act
    const at = (offsetSeconds: number) => slackSignatureProblem(request, SECRET, AT + offsetSeconds * 1000);

    // Assess
    expect([at(0), at(-300), at(300), at(301), at(-301)]).toEqual([undefined, undefined, undefined, 'stale', 'stale']);
  });

  it('refuses a changed body, a wrong secret, a truncated signature and missing or malformed headers', () => {
    // Prepare
    const body = Buffer.from(BODY);

    // Act
    const problems = [
      slackSignatureProblem(
        { body: Buffer.from(`${BODY}&x=1`), timestamp: TIMESTAMP, signature: SIGNATURE },
        SECRET,
        AT,
      ),
      slackSignatureProblem({ body, timestamp: TIMESTAMP, signature: SIGNATURE }, `${SECRET}x`, AT),
      slackSignatureProblem({ body, timestamp: TIMESTAMP, signature: SIGNATURE.slice(0, -1) }, SECRET, AT),
      slackSignatureProblem({ body, timestamp: TIMESTAMP, signature: SIGNATURE.toUpperCase() }, SECRET, AT),
      slackSignatureProblem({ body, timestamp: undefined, signature: SIGNATURE }, SECRET, AT),
      slackSignatureProblem({ body, timestamp: TIMESTAMP, signature: undefined }, SECRET, AT),
      slackSignatureProblem({ body, timestamp: '1531420618.5', signature: SIGNATURE }, SECRET, AT),
    ];

    // Assess
    expect(problems).toEqual([
      'bad-signature',
      'bad-signature',
      'bad-signature',
      'bad-signature',
      'missing-headers',
      'missing-headers',
      'bad-timestamp',
    ]);
  });
});
