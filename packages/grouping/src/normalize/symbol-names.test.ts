import { describe, expect, it } from 'vitest';
import { MAX_SYMBOL_LENGTH } from '../frame';
import { boundedText } from './bounded-text';
import { normalizeFileName, normalizeFunctionName, normalizeModuleName } from './symbol-names';

describe('normalizeFunctionName', () => {
  it.each([
    ['lambda$processRequest$0', 'lambda$processRequest'],
    ['lambda$static$12', 'lambda$static'],
    ['lambda$7', 'lambda$'],
    ['access$000', 'access$'],
    ['access$1200', 'access$'],
    ['Object.<anonymous>', '<anonymous>'],
    ['Module.<anonymous>', '<anonymous>'],
    ['?', '<anonymous>'],
    ['async fetchUser', 'fetchUser'],
    ['new Worker', 'Worker'],
    ['<init>', '<init>'],
    ['run', 'run'],
  ])('%s becomes %s', (raw, expected) => {
    expect(normalizeFunctionName(raw)).toBe(expected);
  });

  it('replaces memory addresses', () => {
    expect(normalizeFunctionName('handler_0x7fff5fbff8c8')).toBe('handler_0x?');
    expect(normalizeFunctionName('0x00007f3a2c1b')).toBe('0x?');
  });
});

describe('normalizeModuleName', () => {
  it.each([
    ['com.x.Service$$Lambda$12/0x0000000800c0b440', 'com.x.Service$$Lambda'],
    ['com.x.Service$$Lambda/0x0000000800c0b440', 'com.x.Service$$Lambda'],
    ['com.sun.proxy.$Proxy12', 'com.sun.proxy.$Proxy'],
    ['jdk.internal.reflect.GeneratedMethodAccessor123', 'jdk.internal.reflect.GeneratedMethodAccessor'],
    ['sun.reflect.GeneratedConstructorAccessor7', 'sun.reflect.GeneratedConstructorAccessor'],
    ['com.x.UserService$$EnhancerBySpringCGLIB$$a1b2c3d4', 'com.x.UserService$$EnhancerBySpringCGLIB'],
    ['com.x.UserService$$FastClassByCGLIB$$9f8e7d6c', 'com.x.UserService$$FastClassByCGLIB'],
    ['com.x.User$HibernateProxy$Ab12Cd', 'com.x.User$HibernateProxy'],
    ['com.x.User_$$_jvst3a1_0', 'com.x.User_$$_jvst'],
    ['org.x.Client$1', 'org.x.Client$N'],
    ['org.x.Client$12$3', 'org.x.Client$N$N'],
    ['org.x.Client$Handler', 'org.x.Client$Handler'],
  ])('%s becomes %s', (raw, expected) => {
    expect(normalizeModuleName(raw)).toBe(expected);
  });
});

describe('normalizeFileName', () => {
  it('strips directories, query strings and webpack chunk hashes', () => {
    expect(normalizeFileName('https://cdn.example.com/static/js/main.3f2a9c1b.chunk.js?v=2')).toBe(
      'main.<hash>.chunk.js',
    );
    expect(normalizeFileName('C:\\app\\src\\index.ts')).toBe('index.ts');
  });

  it('treats placeholder file names as unknown', () => {
    expect(normalizeFileName('Native Method')).toBeNull();
    expect(normalizeFileName('<anonymous>')).toBeNull();
  });
});

describe('bounded input', () => {
  it('cuts a huge symbol before any pattern runs, so normalization stays fast', () => {
    const huge = `lambda$${'a$'.repeat(500_000)}0`;
    const started = performance.now();
    const out = normalizeFunctionName(boundedText(huge, MAX_SYMBOL_LENGTH));
    expect(performance.now() - started).toBeLessThan(50);
    expect(out?.length).toBeLessThanOrEqual(MAX_SYMBOL_LENGTH);
  });
});
