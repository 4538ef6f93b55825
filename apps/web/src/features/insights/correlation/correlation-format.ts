/** How the correlation's figures read in the page. Pure. */
import type { LagResult } from '@dexter/contracts';

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 0.031, 2.0 × 10⁻⁹ for the tiny ones, and a bound below what double precision can tell. */
export function formatP(p: number): string {
  if (p >= 0.0001) return p.toPrecision(2);
  if (p < 1e-15) return '< 10⁻¹⁵';
  const [mantissa, exponent = '0'] = p.toExponential(1).split('e');
  const power = [...exponent.replace('+', '')].map((c) => SUPERSCRIPT[c] ?? c).join('');
  return `${mantissa} × 10${power}`;
}

/** `p = 0.031`, or `p < 10⁻¹⁵`. */
export const pText = (p: number) => {
  const shown = formatP(p);
  return shown.startsWith('<') ? `p ${shown}` : `p = ${shown}`;
};

/** "the metric follows the errors by 2 h", "… in the same hour", "… leads the errors by 1 h". */
export function lagText(result: Pick<LagResult, 'lag'>, metricName: string): string {
  const hours = Math.abs(result.lag);
  const span = `${hours} hour${hours === 1 ? '' : 's'}`;
  if (result.lag === 0) return `${metricName} moves in the same hour as the errors`;
  return result.lag > 0
    ? `${metricName} moves ${span} after the errors`
    : `${metricName} moves ${span} before the errors`;
}

export function directionText(r: number): string {
  const strength = Math.abs(r) >= 0.7 ? 'strong' : Math.abs(r) >= 0.4 ? 'moderate' : 'weak';
  return `${strength} ${r < 0 ? 'negative' : 'positive'}`;
}
