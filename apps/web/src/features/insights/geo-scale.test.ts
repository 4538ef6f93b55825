import { describe, expect, it } from 'vitest';
import { countryName } from './country-names';
import { logPieces } from './geo-scale';
import { ALPHA2_BY_NUMERIC } from './world-country-codes';
import { alpha2Of, closeAtAntimeridian, worldGeoJson } from './world-map';

describe('logPieces', () => {
  it('follows the 1-2-5 series up to the largest count, the last piece open', () => {
    expect(logPieces(1).map((p) => p.label)).toEqual(['1+']);
    expect(logPieces(5).map((p) => [p.min, p.max, p.label])).toEqual([
      [1, 1, '1'],
      [2, 4, '2–4'],
      [5, undefined, '5+'],
    ]);
    expect(logPieces(60).map((p) => p.label)).toEqual(['1', '2–4', '5–9', '10–19', '20–49', '50+']);
    expect(logPieces(250).map((p) => p.label)).toEqual(['1–9', '10–99', '100+']);
    expect(logPieces(0)).toHaveLength(1);
  });

  it('switches to powers of ten past six pieces, keeping six', () => {
    expect(logPieces(5000).map((p) => p.label)).toEqual(['1–9', '10–99', '100–999', '1,000+']);
    expect(logPieces(10 ** 12).map((p) => p.min)).toEqual([
      1,
      10 ** 8,
      10 ** 9,
      10 ** 10,
      10 ** 11,
      10 ** 12,
    ]);
  });

  it('covers every count exactly once', () => {
    const pieces = logPieces(777);
    for (const count of [1, 2, 9, 10, 99, 100, 777, 10_000]) {
      expect(pieces.filter((p) => count >= p.min && (p.max === undefined || count <= p.max))).toHaveLength(1);
    }
  });

  it('goes from light to dark', () => {
    const colors = logPieces(5000).map((p) => p.color);
    expect(new Set(colors).size).toBe(colors.length);
    expect([colors[0], colors.at(-1)]).toEqual(['#fdbb84', '#7f0000']);
  });
});

describe('world shapes', () => {
  it('name every numbered world-atlas shape by its alpha-2 code, Antarctica left out', () => {
    const names = worldGeoJson().features.map((f) => f.properties.name);
    expect(names).toContain('BR');
    expect(names).toContain('DE');
    expect(names).toContain('XK');
    expect(names).not.toContain('AQ');
    // 177 shapes: 174 numbered and Kosovo, less Antarctica; N. Cyprus and Somaliland have no code.
    expect(names.filter((n) => /^[A-Z]{2}$/.test(n))).toHaveLength(174);
    expect(Object.keys(ALPHA2_BY_NUMERIC)).toHaveLength(174);
  });

  it('draws no ring across the map at the antimeridian', () => {
    const jumps = worldGeoJson().features.flatMap((f) => {
      const g = f.geometry;
      const rings =
        g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
      return rings.filter((ring) => ring.some((p, i) => i > 0 && Math.abs(p[0]! - ring[i - 1]![0]!) > 180));
    });
    expect(jumps).toEqual([]);
    expect(
      closeAtAntimeridian([
        [179, 60],
        [-180, 65],
        [178, 66],
        [179, 60],
      ])[1],
    ).toEqual([180, 65]);
  });

  it('reads numeric ids with or without leading zeros', () => {
    expect(alpha2Of('076', 'Brazil')).toBe('BR');
    expect(alpha2Of(76, 'Brazil')).toBe('BR');
    expect(alpha2Of(undefined, 'Somaliland')).toBeNull();
  });

  it('names countries in English', () => {
    expect(countryName('BR')).toBe('Brazil');
    expect(countryName('US')).toBe('United States');
  });
});
