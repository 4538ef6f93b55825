import { describe, expect, it } from 'vitest';
import { MAX_FRAMES } from '../frame';
import { normalizeApiFrames, normalizeBenchmarkFrames, normalizeSdkFrames } from './frame-normalizers';

describe('normalizeSdkFrames', () => {
  it('reverses Sentry order so that the crashing frame comes first', () => {
    const frames = normalizeSdkFrames([
      { function: 'main', module: 'app.cli', filename: 'cli.py', lineno: 3 },
      { function: 'handle', module: 'app.jobs', filename: 'jobs.py', lineno: 40, in_app: true },
    ]);
    expect(frames.map((f) => f.function)).toEqual(['handle', 'main']);
    expect(frames[0]).toEqual({
      function: 'handle',
      module: 'app.jobs',
      file: 'jobs.py',
      line: 40,
      inApp: true,
    });
  });

  it('falls back to abs_path and keeps only the base name of the file', () => {
    const [frame] = normalizeSdkFrames([{ function: 'f', abs_path: 'webpack:///./src/lib/util.js?v=3' }]);
    expect(frame?.file).toBe('util.js');
  });

  it('keeps the MAX_FRAMES frames nearest the crash when the stack is too deep', () => {
    const input = Array.from({ length: MAX_FRAMES + 50 }, (_, i) => ({ function: `f${i}` }));
    const frames = normalizeSdkFrames(input);
    expect(frames).toHaveLength(MAX_FRAMES);
    expect(frames[0]?.function).toBe(`f${MAX_FRAMES + 49}`);
    expect(frames[MAX_FRAMES - 1]?.function).toBe('f50');
  });

  it('reads junk leniently instead of throwing', () => {
    const junk = [null, 42, { function: 7, lineno: 'x', in_app: 'yes' }] as unknown as Parameters<
      typeof normalizeSdkFrames
    >[0];
    expect(normalizeSdkFrames(junk)).toEqual([
      { function: null, module: null, file: null, line: null, inApp: null },
      { function: null, module: null, file: null, line: null, inApp: null },
      { function: null, module: null, file: null, line: null, inApp: null },
    ]);
    expect(normalizeSdkFrames(undefined)).toEqual([]);
  });
});

describe('normalizeApiFrames', () => {
  it('reads the camelCase Web API fields in the same caller-first order as SDKs', () => {
    const frames = normalizeApiFrames([
      { function: 'outer', absPath: '/srv/app/outer.ts', lineNo: 1, colNo: 2, inApp: false },
      { function: 'inner', filename: 'inner.ts', lineNo: 9, inApp: true },
    ]);
    expect(frames).toEqual([
      { function: 'inner', module: null, file: 'inner.ts', line: 9, inApp: true },
      { function: 'outer', module: null, file: 'outer.ts', line: 1, inApp: false },
    ]);
  });
});

describe('normalizeBenchmarkFrames', () => {
  it('keeps the benchmark order, which is already top of the stack first', () => {
    const frames = normalizeBenchmarkFrames([
      { function: 'read', module: 'java.io.FileInputStream', file: 'FileInputStream.java', line: 255 },
      { function: 'main', module: 'org.example.App', file: null },
    ]);
    expect(frames.map((f) => f.function)).toEqual(['read', 'main']);
    expect(frames[1]?.line).toBeNull();
  });

  it('restores constructors whose <init> name JIRA swallowed as an HTML tag', () => {
    const [frame] = normalizeBenchmarkFrames([{ function: '', module: 'java.io.File', line: 222 }]);
    expect(frame?.function).toBe('<init>');
  });

  it('normalizes generated names in benchmark frames too', () => {
    const [frame] = normalizeBenchmarkFrames([
      { function: 'lambda$run$3', module: 'org.x.Job$$Lambda$41/0x1234' },
    ]);
    expect(frame).toMatchObject({ function: 'lambda$run', module: 'org.x.Job$$Lambda' });
  });
});
