/**
 * The browser and OS of a replay from its User-Agent, for the replay list's columns. Relay
 * derives them the same way for Sentry; the JavaScript SDK sends only the header. Deliberately
 * small: the families a browser SDK runs in, newest tokens first (Edge and Opera also say Chrome).
 */
import type { JsonRecord } from '../ingest/normalize/coerce';

const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
  ['Opera', /OPR\/([\d.]+)/],
  ['Firefox', /Firefox\/([\d.]+)/],
  ['Chrome', /(?:Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /Version\/([\d.]+).*Safari\//],
];

const SYSTEMS: Array<[string, RegExp]> = [
  ['Android', /Android ([\d.]+)/],
  ['iOS', /(?:iPhone|iPad).*OS ([\d_]+)/],
  ['Windows', /Windows NT ([\d.]+)/],
  ['Mac OS X', /Mac OS X ([\d_.]+)/],
  ['Linux', /Linux()/],
];

export function browserAndOsOf(userAgent: string | null): JsonRecord {
  if (!userAgent) return {};
  const out: JsonRecord = {};
  const browser = firstMatch(BROWSERS, userAgent);
  if (browser) out.browser = browser;
  const os = firstMatch(SYSTEMS, userAgent);
  if (os) out.os = os;
  return out;
}

function firstMatch(table: Array<[string, RegExp]>, text: string) {
  for (const [name, pattern] of table) {
    const match = pattern.exec(text);
    if (match) return { name, version: match[1] ? match[1].replaceAll('_', '.') : null };
  }
  return null;
}
