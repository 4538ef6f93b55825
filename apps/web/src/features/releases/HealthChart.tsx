/** A release's sessions per interval (bars) and crash-free sessions (line, right axis, percent). */
import type { HealthSeries, InsightSection } from '@dexter/contracts';
import { Group, Text, useComputedColorScheme } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../../components/EChart';
import { CrashFreeBadge } from './ReleaseBadges';
import { Section, Unavailable } from './ReleaseSections';

export function HealthSection({ section }: { section: InsightSection<HealthSeries> }) {
  const scheme = useComputedColorScheme('light');
  const text = scheme === 'dark' ? '#C1C2C5' : '#495057';
  const data = section.available ? section.data : null;
  const option = useMemo(() => {
    if (!data) return null;
    const at = data.intervals.map((iso) => Date.parse(iso));
    return {
      animation: false,
      textStyle: { color: text },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 0, textStyle: { color: text }, data: ['Sessions', 'Crash-free sessions'] },
      grid: { top: 36, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'time', axisLabel: { color: text, hideOverlap: true } },
      yAxis: [
        {
          type: 'value',
          minInterval: 1,
          axisLabel: { color: text },
          splitLine: { lineStyle: { opacity: 0.35 } },
        },
        {
          type: 'value',
          min: (v: { min: number }) => Math.max(0, Math.floor(Math.min(v.min, 95))),
          max: 100,
          axisLabel: { color: text, formatter: '{value}%' },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: 'Sessions',
          type: 'bar',
          itemStyle: { color: '#BAC8FF' },
          data: at.map((t, i) => [t, data.sessions[i] ?? 0]),
        },
        {
          name: 'Crash-free sessions',
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          showSymbol: false,
          lineStyle: { width: 2, color: '#2F9E44' },
          itemStyle: { color: '#2F9E44' },
          data: at.map((t, i) => [t, data.crashFreeSessions[i]]),
        },
      ],
    };
  }, [data, text]);

  return (
    <Section title="Health over time" testId="release-health">
      {!section.available ? (
        <Unavailable reason={section.reason} />
      ) : section.data.totals.sessions === 0 ? (
        <Text size="sm" c="dimmed">
          No sessions from this release yet: SDKs send them when they are initialised with its version.
        </Text>
      ) : (
        <>
          <Group gap="lg" mb="xs">
            <Text size="sm">
              <Text span c="dimmed" inherit>
                Sessions{' '}
              </Text>
              <Text span fw={650} inherit data-testid="health-sessions">
                {section.data.totals.sessions.toLocaleString()}
              </Text>
            </Text>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                Crash-free sessions
              </Text>
              <CrashFreeBadge value={section.data.totals.crashFreeSessions} />
            </Group>
          </Group>
          {option && (
            <EChart option={option} height={220} label="Sessions and crash-free sessions over time" />
          )}
        </>
      )}
    </Section>
  );
}
