/**
 * The category of an error event, with a confidence in [0, 1] (the model's probability for the
 * chosen category, temperature-calibrated on the dev split). Pure and fast: the committed model
 * is compiled once per process.
 */
import type { CategoryId } from './categories';
import { type ErrorEventInput, featuresOf } from './features';
import { compileModel } from './naive-bayes';
import { TRAINED_MODEL } from './trained-model';

export interface ErrorCategory {
  category: CategoryId;
  confidence: number;
}

let compiled: ReturnType<typeof compileModel> | null = null;

export function classifyError(event: ErrorEventInput): ErrorCategory {
  compiled ??= compileModel(TRAINED_MODEL);
  const { category, confidence } = compiled(featuresOf(event));
  return { category, confidence: Math.round(confidence * 1000) / 1000 };
}
