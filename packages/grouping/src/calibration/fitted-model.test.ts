// The committed FITTED_MODEL is exactly what `fit-cli.ts` produces from the development half: the
// weights and the calibration are retrained here, from the neutral start, and must round to the same
// three decimals. Why: constants that nobody can regenerate drift away from the code that uses them
// (a feature changes, the constants do not). The data is read at run time from the shared folder and
// never copied into the repository (its source has no licence); `GROUPING_DEV_DATA` points elsewhere.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReports } from '../eval/read-reports';
import { fitScoreModel } from './fit-score-model';
import { FEATURE_NAMES, FITTED_MODEL } from './score-model';

const devData =
  process.env.GROUPING_DEV_DATA ??
  fileURLToPath(new URL('../../../../../shared/data/grouping/dev.jsonl', import.meta.url));

const round = (x: number) => Math.round(x * 1000) / 1000;

describe('FITTED_MODEL', () => {
  it('is reproduced by retraining on the development half', { timeout: 900_000 }, () => {
    expect(existsSync(devData), `development half not found at ${devData} (set GROUPING_DEV_DATA)`).toBe(
      true,
    );
    const reports = parseReports(readFileSync(devData, 'utf8').split('\n'));
    const { model } = fitScoreModel(reports);
    for (const name of FEATURE_NAMES) {
      expect({ name, weight: round(model.weights[name]) }).toEqual({
        name,
        weight: FITTED_MODEL.weights[name],
      });
    }
    expect({
      intercept: round(model.calibration.intercept),
      a: round(model.calibration.a),
      b: round(model.calibration.b),
    }).toEqual(FITTED_MODEL.calibration);
  });
});
