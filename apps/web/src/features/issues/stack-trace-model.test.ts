import type { Exception, Frame } from '@dexter/contracts';
import { describe, expect, it } from 'vitest';
import {
  culpritEntry,
  exceptionHeading,
  exceptionsNewestFirst,
  frameLocation,
  framesOf,
  hasHideableFrames,
  hasRawFrames,
  mechanismLabel,
  visibleFrames,
} from './stack-trace-model';

const frame = (fn: string, inApp: boolean, patch: Partial<Frame> = {}): Frame => ({
  filename: `${fn}.js`,
  absPath: null,
  module: null,
  function: fn,
  lineNo: 10,
  colNo: 4,
  inApp,
  context: [],
  ...patch,
});

const exception = (type: string, frames: Frame[] = [], patch: Partial<Exception> = {}): Exception => ({
  type,
  value: 'boom',
  module: null,
  mechanism: null,
  frames,
  ...patch,
});

describe('exceptionsNewestFirst', () => {
  it('shows the last exception of the chain (the one raised last) first', () => {
    const chain = [exception('RootCause'), exception('Wrapper')];
    expect(exceptionsNewestFirst(chain).map((e) => e.type)).toEqual(['Wrapper', 'RootCause']);
    expect(chain[0]?.type).toBe('RootCause');
  });
});

describe('visibleFrames', () => {
  const frames = [frame('main', true), frame('runtime', false), frame('handler', true), frame('lib', false)];

  const names = (filter: 'app' | 'all', list = frames) =>
    visibleFrames(list, filter).frames.map((e) => e.frame.function);

  it('shows all frames most recent call first', () => {
    expect(names('all')).toEqual(['lib', 'handler', 'runtime', 'main']);
    expect(visibleFrames(frames, 'all').hiddenCount).toBe(0);
  });

  it('keeps only in-app frames and counts the hidden ones', () => {
    const shown = visibleFrames(frames, 'app');
    expect(shown.frames.map((e) => e.frame.function)).toEqual(['handler', 'main']);
    expect(shown.hiddenCount).toBe(2);
  });

  it('keys each frame by its position in the event, whatever the filter', () => {
    expect(visibleFrames(frames, 'app').frames.map((e) => e.index)).toEqual([2, 0]);
  });

  it('keeps every frame in "in-app only" when none is in-app', () => {
    const system = [frame('a', false), frame('b', false)];
    expect(names('app', system)).toEqual(['b', 'a']);
    expect(visibleFrames(system, 'app').hiddenCount).toBe(0);
  });
});

describe('hasHideableFrames', () => {
  it('is true only when some exception mixes in-app and system frames', () => {
    expect(hasHideableFrames([exception('E', [frame('a', true), frame('b', false)])])).toBe(true);
    expect(hasHideableFrames([exception('E', [frame('a', true)]), exception('F', [frame('b', false)])])).toBe(
      false,
    );
  });
});

describe('exceptionHeading and mechanismLabel', () => {
  it('joins type and value like Sentry', () => {
    expect(exceptionHeading(exception('TypeError', [], { value: 'x is undefined' }))).toBe(
      'TypeError: x is undefined',
    );
    expect(exceptionHeading(exception('TypeError', [], { value: null }))).toBe('TypeError');
    expect(exceptionHeading(exception('', [], { type: null, value: null }))).toBe('Unknown error');
  });

  it('reads handled from the mechanism, null when unknown', () => {
    expect(mechanismLabel(exception('E', [], { mechanism: { type: 'onerror', handled: false } }))).toBe(
      'unhandled',
    );
    expect(mechanismLabel(exception('E', [], { mechanism: { type: 'generic', handled: true } }))).toBe(
      'handled',
    );
    expect(mechanismLabel(exception('E'))).toBeNull();
  });
});

describe('frameLocation', () => {
  it('gives file, a differing module, and line:col', () => {
    expect(frameLocation(frame('f', true, { module: 'app.routes' }))).toEqual({
      file: 'f.js',
      module: 'app.routes',
      position: '10:4',
    });
  });

  it('falls back to the module when there is no file, and to the line alone without a column', () => {
    expect(frameLocation(frame('f', true, { filename: null, module: 'pkg.mod', colNo: null }))).toEqual({
      file: 'pkg.mod',
      module: null,
      position: '10',
    });
  });

  it('has no position without a line number', () => {
    expect(frameLocation(frame('f', true, { lineNo: null })).position).toBeNull();
  });
});

describe('original and minified frames', () => {
  const original = [frame('validateCart', true, { filename: 'src/checkout.ts', lineNo: 7 })];
  const minified = [frame('r', true, { filename: 'dist/app.min.js', lineNo: 2 })];

  it('offers the minified frames only when some exception has them', () => {
    expect(hasRawFrames([exception('Error', original, { rawFrames: minified })])).toBe(true);
    expect(
      hasRawFrames([exception('Error', original), exception('Error', original, { rawFrames: null })]),
    ).toBe(false);
  });

  it('shows the original frames by default and the SDK frames when minified is asked for', () => {
    const symbolicated = exception('Error', original, { rawFrames: minified });
    expect(framesOf(symbolicated, 'original')).toBe(original);
    expect(framesOf(symbolicated, 'minified')).toBe(minified);
    // An exception of the chain without raw frames shows its own in both views.
    expect(framesOf(exception('Error', original), 'minified')).toBe(original);
  });
});

describe('culpritEntry', () => {
  it('opens the most recent in-app call, even with "all frames" shown', () => {
    const frames = [frame('main', true), frame('handler', true), frame('lib', false)];
    const all = visibleFrames(frames, 'all').frames;
    expect(all.map((entry) => entry.frame.function)).toEqual(['lib', 'handler', 'main']);
    expect(all[culpritEntry(all)]?.frame.function).toBe('handler');
  });

  it('falls back to the most recent call without in-app frames, and -1 without frames', () => {
    const system = visibleFrames([frame('a', false), frame('b', false)], 'app').frames;
    expect(culpritEntry(system)).toBe(0);
    expect(culpritEntry([])).toBe(-1);
  });
});
