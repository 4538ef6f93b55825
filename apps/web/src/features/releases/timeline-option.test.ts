/** The timeline's chart option: stacked series with stable colours, and a deploy line per deploy. */
import type { DeployNotice, TimelineDeploy } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import { colorOf, DEPLOY_COLOR, FLAGGED_COLOR, timelineOption } from './timeline-option';

const deploy = (key: string, dateFinished: string): TimelineDeploy => ({
  key,
  id: key,
  release: 'api@2',
  environment: 'production',
  name: null,
  url: null,
  dateStarted: null,
  dateFinished,
  projects: ['api'],
});

type Series = { name: string; stack?: string; itemStyle?: { color: string }; data: unknown[] };

describe('timelineOption', () => {
  const option = timelineOption({
    buckets: [0, 3_600_000],
    interval: 3_600,
    series: [
      { name: 'api@2', isOther: false, counts: [1, 2] },
      { name: 'Other', isOther: true, counts: [0, 5] },
    ],
    deploys: [deploy('a', '1970-01-01T00:30:00.000Z'), deploy('b', '1970-01-01T01:30:00.000Z')],
    notices: new Map([['b', { flagged: true } as DeployNotice]]),
    textColor: '#000',
  }) as { series: Series[] };

  it('stacks one bar series per group at the bucket middles, Other in grey, a group in its own colour', () => {
    const [api, other] = option.series;
    expect(api).toMatchObject({ name: 'api@2', stack: 'events', itemStyle: { color: colorOf('api@2') } });
    expect(api!.data).toEqual([
      [1_800_000, 1],
      [5_400_000, 2],
    ]);
    expect(other!.itemStyle!.color).toBe('#ADB5BD');
    expect(colorOf('api@2')).toBe(colorOf('api@2'));
  });

  it('draws a line per deploy, red for the flagged one', () => {
    const lines = (option.series.at(-1) as unknown as { markLine: { data: Array<Record<string, unknown>> } })
      .markLine.data;
    expect(lines.map((line) => [line.xAxis, (line.lineStyle as { color: string }).color])).toEqual([
      [1_800_000, DEPLOY_COLOR],
      [5_400_000, FLAGGED_COLOR],
    ]);
  });
});
