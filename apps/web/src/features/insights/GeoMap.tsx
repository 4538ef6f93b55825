/**
 * A choropleth world map of events per country, drawn by ECharts from world-atlas' shapes: a
 * log-scale legend (`geo-scale.ts`), a tooltip with the country's events and users (or issues,
 * when the upstream counted those instead), and a click on a country with events that calls `onSelect`.
 * Loaded lazily with its page: ECharts and the shapes are most of its weight.
 */
import type { GeoCountry } from '@dexter/contracts';
import { useComputedColorScheme } from '@mantine/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { registerMap, use } from 'echarts/core';
import { useCallback, useMemo, useRef } from 'react';
import { EChart, type ECharts, type EChartsCoreOption } from '../../components/EChart';
import { countryName } from './country-names';
import { logPieces } from './geo-scale';
import { WORLD_MAP, worldGeoJson } from './world-map';

use([MapChart, TooltipComponent, VisualMapPiecewiseComponent]);
// biome-ignore lint/suspicious/noExplicitAny: ECharts types the GeoJSON it accepts loosely and differently from @types/geojson.
registerMap(WORLD_MAP, worldGeoJson() as any);

/** The map's data and its colour scale are replaced on an update, not merged. */
const MAP_REPLACED = ['series', 'visualMap'];

interface GeoMapProps {
  countries: GeoCountry[];
  onSelect: (code: string) => void;
  height: number;
}

interface MapDatum {
  name: string;
  value: number;
  users: number | null;
  issues: number | null;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function tooltipHtml(code: string, datum: MapDatum | undefined): string {
  const title = `<strong>${escapeHtml(countryName(code))}</strong>`;
  if (!datum) return `${title}<br/>No events`;
  const lines = [plural(datum.value, 'event')];
  if (datum.users !== null) lines.push(plural(datum.users, 'user'));
  if (datum.issues !== null) lines.push(plural(datum.issues, 'issue'));
  return `${title}<br/>${lines.join(' · ')}<br/><span style="opacity:.7">Click to see its issues</span>`;
}

export function GeoMap({ countries, onSelect, height }: GeoMapProps) {
  const scheme = useComputedColorScheme('light');
  const select = useRef(onSelect);
  select.current = onSelect;

  const option = useMemo((): EChartsCoreOption => {
    const dark = scheme === 'dark';
    const data: MapDatum[] = countries.map((c) => ({
      name: c.code,
      value: c.events,
      users: c.users,
      issues: c.issues,
    }));
    const byCode = new Map(data.map((d) => [d.name, d]));
    const max = Math.max(1, ...countries.map((c) => c.events));
    return {
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'item',
        formatter: (params: { name: string }) => tooltipHtml(params.name, byCode.get(params.name)),
      },
      visualMap: {
        type: 'piecewise',
        // gte/lte: both ends inclusive, so a country with exactly 1 or 10 events has its piece.
        pieces: logPieces(max).map(({ min, max: top, label, color }) => ({
          gte: min,
          lte: top,
          label,
          color,
        })),
        showLabel: true,
        left: 8,
        bottom: 8,
        itemWidth: 14,
        itemHeight: 10,
        text: ['Events'],
        textStyle: { color: dark ? '#c9c9c9' : '#495057', fontSize: 11 },
      },
      series: [
        {
          type: 'map',
          map: WORLD_MAP,
          data,
          roam: false,
          left: 0,
          right: 0,
          top: 4,
          bottom: 4,
          selectedMode: false,
          label: { show: false },
          itemStyle: {
            areaColor: dark ? '#3a3a3d' : '#e9ecef',
            borderColor: dark ? '#1f1f22' : '#ffffff',
            borderWidth: 0.6,
          },
          emphasis: {
            label: { show: false },
            itemStyle: { areaColor: '#4dabf7', borderColor: dark ? '#ffffff' : '#1c7ed6', borderWidth: 1 },
          },
        },
      ],
    };
  }, [countries, scheme]);

  // One handler per chart instance; the latest `onSelect` is read when a country is clicked.
  const listenForClicks = useCallback((instance: ECharts | null) => {
    instance?.on('click', (params) => {
      const datum = params.data as MapDatum | undefined;
      if (datum && datum.value > 0) select.current(datum.name);
    });
  }, []);

  const summary = countries
    .slice(0, 5)
    .map((c) => `${countryName(c.code)} ${c.events}`)
    .join(', ');
  return (
    <EChart
      option={option}
      height={height}
      onChart={listenForClicks}
      replaceMerge={MAP_REPLACED}
      label={`World map of events per country${summary ? `: ${summary}` : ''}`}
    />
  );
}
