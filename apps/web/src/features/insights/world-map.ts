/**
 * The world's country shapes for ECharts: world-atlas' 110m TopoJSON turned into GeoJSON with
 * `topojson-client`, each feature named by its ISO 3166-1 alpha-2 code so the map's data (Sentry's
 * `geo.country_code` values) joins on it. Antarctica is left out: no one reports errors from
 * there, and it would take a sixth of the map's height.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import { ALPHA2_BY_NAME, ALPHA2_BY_NUMERIC } from './world-country-codes';

export const WORLD_MAP = 'dexter-world';

interface ShapeProperties {
  name: string;
}

type Ring = number[][];

/**
 * A ring that spans the antimeridian (Russia's Chukotka, Wrangel Island, Fiji) lists its points on
 * both sides as -180..180; ECharts draws longitudes flat, so such a ring becomes a band across the
 * whole map. Its points on the far side are moved by 360° to the side most of them are on, so the
 * ring is drawn whole, a few degrees past the edge of the map.
 */
export function closeAtAntimeridian(ring: Ring): Ring {
  const crosses = ring.some((point, i) => i > 0 && Math.abs(point[0]! - ring[i - 1]![0]!) > 180);
  if (!crosses) return ring;
  const east = ring.filter((point) => point[0]! > 0).length >= ring.length / 2;
  return ring.map(([lon, lat]) => [
    east ? (lon! < 0 ? lon! + 360 : lon!) : lon! > 0 ? lon! - 360 : lon!,
    lat!,
  ]);
}

function withClosedRings(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon')
    return { ...geometry, coordinates: geometry.coordinates.map(closeAtAntimeridian) };
  if (geometry.type === 'MultiPolygon') {
    return {
      ...geometry,
      coordinates: geometry.coordinates.map((polygon) => polygon.map(closeAtAntimeridian)),
    };
  }
  return geometry;
}

/** The alpha-2 code of a world-atlas shape, or null for the few that have none. */
export function alpha2Of(id: string | number | undefined, name: string | undefined): string | null {
  const numeric = id === undefined ? undefined : String(id).padStart(3, '0');
  return (numeric && ALPHA2_BY_NUMERIC[numeric]) || (name && ALPHA2_BY_NAME[name]) || null;
}

export function worldGeoJson(): FeatureCollection<Geometry, ShapeProperties> {
  const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const shapes = feature(topology, topology.objects.countries);
  return {
    type: 'FeatureCollection',
    features: shapes.features
      .map((shape, index) => ({
        ...shape,
        geometry: withClosedRings(shape.geometry),
        // Shapes without a code keep a unique name of their own so ECharts still draws them.
        properties: { name: alpha2Of(shape.id, shape.properties?.name) ?? `shape-${index}` },
      }))
      .filter((shape) => shape.properties.name !== 'AQ'),
  };
}
