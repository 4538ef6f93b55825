import { describe, expect, it } from 'vitest';
import { parseReports } from './read-reports';
import { runProtocol } from './run-protocol';

const report = (id: string, group: string, day: number, classes: string[]) =>
  JSON.stringify({
    id,
    group_id: group,
    timestamp: `2020-01-${String(day).padStart(2, '0')}T00:00:00.000+0000`,
    exception_type: 'java.lang.IllegalStateException',
    frames: classes.map((c) => ({ module: `org.acme.${c}`, function: 'run' })),
  });

describe('runProtocol', () => {
  const reports = parseReports([
    report('R3', 'G1', 3, ['Parser', 'Loader']),
    report('R1', 'G1', 1, ['Parser', 'Loader']),
    report('R2', 'G2', 2, ['Parser', 'Loader']),
  ]);

  it('processes reports in time order and queries each one against earlier reports only', () => {
    const { outcomes } = runProtocol(reports);
    expect(outcomes.map((o) => o.report.item.id)).toEqual(['R1', 'R2', 'R3']);
    expect(outcomes[0]?.groups).toEqual([]);
    expect(outcomes[1]?.matches.map((m) => m.id)).toEqual(['R1']);
    expect(new Set(outcomes[2]?.matches.map((m) => m.id))).toEqual(new Set(['R1', 'R2']));
  });

  it('marks a query duplicate only when its group already has an earlier report', () => {
    const { outcomes } = runProtocol(reports);
    expect(outcomes.map((o) => o.isDuplicate)).toEqual([false, false, true]);
  });

  it('scores a group by its best earlier report', () => {
    const { outcomes } = runProtocol(reports);
    const last = outcomes[2];
    const best = Math.max(...(last?.matches.filter((m) => m.id === 'R1').map((m) => m.score) ?? []));
    expect(last?.groups.find((g) => g.groupId === 'G1')?.score).toBe(best);
  });
});
