/**
 * The offline country lookup and how ingest fills `user.geo` with it, without a server. The
 * expected countries were read once from the shipped DB-IP database and are hard-coded: a
 * database update that moves one of these well-known ranges should fail here, loudly.
 */
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../normalize/normalize-event';
import type { NormalizedUser } from '../normalize/normalized-event';
import {
  type CountryLookup,
  countryDatabasePath,
  countryLookupOf,
  defaultCountryLookup,
} from './country-lookup';
import { isNonPublicIp } from './non-public-ip';
import { countryName, withGeoTag, withUserGeo } from './user-geo';

const user = (over: Partial<NormalizedUser>): NormalizedUser => ({
  id: 'u1',
  email: null,
  username: null,
  ipAddress: null,
  geo: null,
  ...over,
});

describe('the shipped database', () => {
  it('is DB-IP’s mmdb from node_modules, opened once per thread', () => {
    const lookup = defaultCountryLookup();
    expect(lookup?.source).toBe(countryDatabasePath());
    expect(lookup?.source).toMatch(/node_modules\/@ip-location-db\/dbip-country-mmdb\/dbip-country\.mmdb$/);
    expect(defaultCountryLookup()).toBe(lookup);
  });

  it.each([
    ['8.8.8.8', 'US'],
    ['200.147.67.142', 'BR'],
    ['177.71.128.1', 'BR'],
    ['194.25.2.129', 'DE'],
    ['85.214.132.117', 'DE'],
    ['133.11.0.1', 'JP'],
    ['2001:4860:4860::8888', 'CA'],
  ])('places %s in %s', (ip, country) => {
    expect(defaultCountryLookup()?.countryOf(ip)).toBe(country);
  });

  it('gives no country to private, loopback, documentation or malformed addresses', () => {
    for (const ip of [
      '10.1.2.3',
      '127.0.0.1',
      '192.168.1.20',
      '172.20.0.5',
      '203.0.113.9',
      '::1',
      'fe80::1',
      'fd00::5',
      '100.64.1.1',
      'not-an-ip',
      '',
    ]) {
      expect(defaultCountryLookup()?.countryOf(ip), ip).toBeNull();
    }
    expect(isNonPublicIp('::ffff:10.0.0.1')).toBe(true);
    // Range edges, and what does not parse.
    for (const ip of [
      '172.31.255.255',
      '100.127.255.255',
      '198.19.0.1',
      '255.255.255.255',
      '256.1.1.1',
      '1.2.3',
    ]) {
      expect(isNonPublicIp(ip), ip).toBe(true);
    }
    for (const ip of ['172.32.0.1', '100.128.0.1', '9.255.255.255', '11.0.0.0', '223.255.255.255']) {
      expect(isNonPublicIp(ip), ip).toBe(false);
    }
    expect(isNonPublicIp('::ffff:8.8.8.8')).toBe(false);
  });
});

describe('withUserGeo', () => {
  const asked: string[] = [];
  const fake: CountryLookup = countryLookupOf(
    {
      get: (ip: string) => {
        asked.push(ip);
        return ip === '8.8.8.8' ? { country_code: 'us' } : null;
      },
    },
    'fake',
  );

  it('fills country_code and region (the country’s name) from the IP', () => {
    expect(withUserGeo(user({ ipAddress: '8.8.8.8' }), () => fake)?.geo).toEqual({
      countryCode: 'US',
      region: 'United States',
    });
  });

  it('keeps what the SDK sent and never looks it up', () => {
    asked.length = 0;
    const sent = user({ ipAddress: '8.8.8.8', geo: { countryCode: 'FR', city: 'Paris' } });
    expect(withUserGeo(sent, () => fake)).toBe(sent);
    expect(asked).toEqual([]);
  });

  it('leaves users without an IP, without a country, or without a database alone', () => {
    expect(withUserGeo(user({}), () => fake)?.geo).toBeNull();
    expect(withUserGeo(user({ ipAddress: '1.2.3.4' }), () => fake)?.geo).toBeNull();
    expect(withUserGeo(user({ ipAddress: '10.0.0.1' }), () => fake)?.geo).toBeNull();
    expect(withUserGeo(user({ ipAddress: '8.8.8.8' }), () => null)?.geo).toBeNull();
    expect(withUserGeo(null, () => fake)).toBeNull();
  });

  it('names countries in English', () => {
    expect(countryName('BR')).toBe('Brazil');
    expect(countryName('DE')).toBe('Germany');
  });
});

describe('normalizeEvent', () => {
  const at = Date.parse('2026-12-07T12:00:00Z');
  const normalize = (userPayload: unknown, clientIp?: string) =>
    normalizeEvent({ message: 'x', user: userPayload }, { projectId: 1, receivedAt: at, clientIp });

  it('looks up {{auto}} as the client’s address', () => {
    expect(normalize({ ip_address: '{{auto}}' }, '200.147.67.142').user).toMatchObject({
      ipAddress: '200.147.67.142',
      geo: { countryCode: 'BR', region: 'Brazil' },
    });
  });

  it('treats an empty geo from the SDK as none, and keeps a non-empty one', () => {
    expect(normalize({ ip_address: '194.25.2.129', geo: {} }).user?.geo).toEqual({
      countryCode: 'DE',
      region: 'Germany',
    });
    expect(normalize({ ip_address: '194.25.2.129', geo: { country_code: 'AT' } }).user?.geo).toEqual({
      countryCode: 'AT',
    });
  });

  it('does not add geo to the event’s own tags; the issue’s tags get geo.country_code', () => {
    const event = normalize({ ip_address: '8.8.8.8' });
    expect(event.tags.some(([key]) => key.startsWith('geo.'))).toBe(false);
    expect(
      withGeoTag(
        [
          ['geo.country_code', 'XX'],
          ['level', 'error'],
        ],
        event.user,
      ),
    ).toEqual([
      ['level', 'error'],
      ['geo.country_code', 'US'],
    ]);
  });
});
