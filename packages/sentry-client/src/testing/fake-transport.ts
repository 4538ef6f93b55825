/**
 * Test-only: a `Transport` that records each request and answers from a queue, so resource tests
 * assert the exact request Sentry would see without a socket. Not exported from the package.
 */
import { encodeQuery, type Transport, type UpstreamRequest, type UpstreamResponse } from '../transport';

export interface FakeTransport {
  transport: Transport;
  requests: UpstreamRequest[];
}

export function fakeTransport(...responses: Array<Partial<UpstreamResponse>>): FakeTransport {
  const requests: UpstreamRequest[] = [];
  const transport: Transport = async (req) => {
    requests.push(req);
    const next = responses.shift();
    if (!next) throw new Error(`fakeTransport: no response queued for ${req.operation}`);
    return { status: 200, headers: {}, body: null, ...next };
  };
  return { transport, requests };
}

/** The query of a recorded request as the HTTP transport would encode it, percent-decoded for reading. */
export function queryOf(req: UpstreamRequest | undefined): string {
  return decodeURIComponent(encodeQuery(req?.query).toString());
}
