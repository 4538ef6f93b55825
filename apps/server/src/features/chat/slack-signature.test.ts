/** Slack v0 signatures: Slack's own documented example verifies; wrong, stale, future and missing ones are refused. */
import { describe, expect, it } from 'vitest';
import { DexterError } from '../../errors/error-codes';
import { signSlackRequest, verifySlackRequest } from './slack-signature';

// The worked example of https://api.slack.com/authentication/verifying-requests-from-slack.
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const headers = (signature: string, timestamp: string) => ({
  'x-slack-signature': signature,
  'x-slack-request-timestamp': timestamp,
});

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DexterError);
    return { code: (error as DexterError).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('Slack request signatures', () => {
  const at = Number(DOC_TIMESTAMP) * 1000 + 30_000;

  it('signs Slack’s documented example to its documented signature and accepts it', () => {
    expect(signSlackRequest(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
    expect(() =>
      verifySlackRequest(DOC_SECRET, headers(DOC_SIGNATURE, DOC_TIMESTAMP), Buffer.from(DOC_BODY), at),
    ).not.toThrow();
  });

  it('refuses a signature made with another secret or over another body', () => {
    const wrongSecret = signSlackRequest('another secret', DOC_TIMESTAMP, DOC_BODY);
    expect(
      refusal(() =>
        verifySlackRequest(DOC_SECRET, headers(wrongSecret, DOC_TIMESTAMP), Buffer.from(DOC_BODY), at),
      ),
    ).toMatchObject({
      code: 'DEXTER_ERR_WEBHOOK_SIGNATURE',
      message: expect.stringMatching(/does not match/),
    });
    expect(
      refusal(() =>
        verifySlackRequest(
          DOC_SECRET,
          headers(DOC_SIGNATURE, DOC_TIMESTAMP),
          Buffer.from(`${DOC_BODY}&x=1`),
          at,
        ),
      ).message,
    ).toMatch(/does not match/);
  });

  it('refuses a correctly signed request whose timestamp is over five minutes old or ahead (replay)', () => {
    const late = Number(DOC_TIMESTAMP) * 1000 + 5 * 60_000 + 1_000;
    expect(
      refusal(() =>
        verifySlackRequest(DOC_SECRET, headers(DOC_SIGNATURE, DOC_TIMESTAMP), Buffer.from(DOC_BODY), late),
      ).message,
    ).toMatch(/more than 5 minutes/);
    const early = Number(DOC_TIMESTAMP) * 1000 - 6 * 60_000;
    expect(
      refusal(() =>
        verifySlackRequest(DOC_SECRET, headers(DOC_SIGNATURE, DOC_TIMESTAMP), Buffer.from(DOC_BODY), early),
      ).message,
    ).toMatch(/more than 5 minutes/);
  });

  it('refuses a request without the headers or with a malformed timestamp', () => {
    expect(refusal(() => verifySlackRequest(DOC_SECRET, {}, Buffer.from(DOC_BODY), at)).message).toMatch(
      /without X-Slack-Signature/,
    );
    expect(
      refusal(() => verifySlackRequest(DOC_SECRET, headers(DOC_SIGNATURE, 'soon'), Buffer.from(DOC_BODY), at))
        .message,
    ).toMatch(/not a unix time/);
  });
});
