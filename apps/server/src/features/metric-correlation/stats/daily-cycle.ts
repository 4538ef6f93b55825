/**
 * Removes the daily cycle from an hourly series: each value minus the mean of its hour of day
 * (UTC) over the period. Traffic lifts errors and most business metrics at the same hours every
 * day, which correlates them without either moving the other; without that shared rhythm, what
 * is left is how they move against their usual level for the time of day. Pure.
 */
import { NotEnoughData } from './lagged-correlation';

const HOUR_MS = 3_600_000;
const DAY_HOURS = 24;

export function withoutDailyCycle(values: readonly number[], bucketStarts: readonly number[]): number[] {
  if (values.length !== bucketStarts.length) throw new RangeError('one start per value');
  if (values.length < 2 * DAY_HOURS) {
    throw new NotEnoughData(`${values.length} hours; removing the daily cycle needs at least two days`);
  }
  const hourOf = (start: number) => Math.floor((((start / HOUR_MS) % DAY_HOURS) + DAY_HOURS) % DAY_HOURS);
  const sums = new Array<number>(DAY_HOURS).fill(0);
  const counts = new Array<number>(DAY_HOURS).fill(0);
  values.forEach((value, i) => {
    const hour = hourOf(bucketStarts[i]!);
    sums[hour]! += value;
    counts[hour]!++;
  });
  return values.map((value, i) => {
    const hour = hourOf(bucketStarts[i]!);
    return value - sums[hour]! / counts[hour]!;
  });
}
