import { describe, expect, it } from 'vitest';
import type { NormalizedFrame } from '../normalize/normalized-event';
import { cleanFilename, cleanFunction, frameComponent } from './grouping-frame';

const base: NormalizedFrame = {
  filename: null,
  absPath: null,
  module: null,
  function: null,
  rawFunction: null,
  package: null,
  platform: null,
  lineNo: 10,
  colNo: 3,
  inApp: true,
  contextLine: null,
  preContext: [],
  postContext: [],
  instructionAddr: null,
};

describe('cleanFilename', () => {
  it.each([
    ['/srv/app/src/Users.JS', 'users.js'],
    ['C:\\app\\src\\main.ts', 'main.ts'],
    ['https://cdn.test/assets/index-BkRn3w1s.js', 'index.js'],
    ['https://cdn.test/static/js/main.a1b2c3d4.chunk.js?v=3#x', 'main.chunk.js'],
    ['/vendor/jquery-3.6.0.min.js', 'jquery.min.js'],
    ['/node_modules/lodash@4.17.21/lodash.js', 'lodash.js'],
    ['/app/checkout-service.js', 'checkout-service.js'],
    ['/app/utils_v2helper.py', 'utils_v2helper.py'],
  ])('%s → %s', (input, expected) => {
    expect(cleanFilename(input)).toBe(expected);
  });
});

describe('cleanFunction', () => {
  it.each([
    ['handleRequest', 'handleRequest'],
    ['async handleRequest', 'handleRequest'],
    ['Promise.all (index 3)', 'Promise.all'],
    ['?', '<anonymous>'],
    ['Object.<anonymous>', '<anonymous>'],
    ['<lambda>', '<anonymous>'],
    ['com.acme.Foo.lambda$run$0', 'com.acme.Foo.lambda$run$'],
    ['com.acme.Foo$$Lambda$12/0x0000000800c0', 'com.acme.Foo$$Lambda$'],
    ['Program.<Main>b__0_1', 'Program.<Main>b__'],
    ['<>c__DisplayClass3_0.<Run>b__2', '<>c__DisplayClass.<Run>b__'],
    ['block (2 levels) in process', 'block in process'],
    ['callback at 0x7ffee4b0', 'callback at <addr>'],
  ])('%s → %s', (input, expected) => {
    expect(cleanFunction(input)).toBe(expected);
  });
});

describe('frameComponent', () => {
  it('prefers the module over the file, and never includes line numbers', () => {
    expect(
      frameComponent({ ...base, module: 'app.views', filename: '/x/views.py', function: 'get' }),
    ).toEqual(['app.views', 'get']);
    expect(frameComponent({ ...base, filename: '/x/Views.py', function: 'get' })).toEqual([
      'views.py',
      'get',
    ]);
  });

  it('falls back to abs_path and raw_function', () => {
    expect(frameComponent({ ...base, absPath: '/x/a.js', rawFunction: 'f' })).toEqual(['a.js', 'f']);
  });

  it('is null for a frame that names nothing', () => {
    expect(frameComponent(base)).toBeNull();
  });

  it('cleans a frame it has seen before the same way, also once thousands of others came between', () => {
    const frame = {
      ...base,
      filename: '/srv/app/dist/index-BkRn3w1s.js',
      function: 'async handle (index 0)',
    };
    const first = frameComponent(frame);
    for (let i = 0; i < 10_000; i++) frameComponent({ ...base, filename: `/x/f${i}.js`, function: `fn${i}` });
    expect(frameComponent(frame)).toEqual(first);
    expect(first).toEqual([cleanFilename(frame.filename), cleanFunction(frame.function)]);
    expect(first).toEqual(['index.js', 'handle']);
    const long = `${'a'.repeat(300)}.js`;
    expect(frameComponent({ ...base, filename: long })).toEqual([cleanFilename(long), '']);
  });
});
