import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event';
import { normalizeFrame, normalizeStacktrace } from './normalize-frames';

const ctx = { projectId: 1, receivedAt: Date.parse('2026-11-21T10:00:00Z') };

describe('normalizeFrame', () => {
  it('converts every snake_case field', () => {
    expect(
      normalizeFrame(
        {
          filename: 'app.py',
          abs_path: '/srv/app.py',
          module: 'app',
          function: 'run',
          raw_function: 'run(int)',
          package: 'libapp.so',
          platform: 'python',
          lineno: 10,
          colno: 4.9,
          in_app: true,
          context_line: 'x = 1',
          pre_context: ['a', 5, 'b'],
          post_context: ['c'],
          instruction_addr: '0x1a2b',
        },
        'python',
      ),
    ).toEqual({
      filename: 'app.py',
      absPath: '/srv/app.py',
      module: 'app',
      function: 'run',
      rawFunction: 'run(int)',
      package: 'libapp.so',
      platform: 'python',
      lineNo: 10,
      colNo: 4,
      inApp: true,
      contextLine: 'x = 1',
      preContext: ['a', 'b'],
      postContext: ['c'],
      instructionAddr: '0x1a2b',
    });
  });

  it('renders a numeric instruction address as hex and drops wrongly typed fields', () => {
    const frame = normalizeFrame(
      { instruction_addr: 4096, lineno: '12', colno: -1, in_app: 'yes' },
      'native',
    );
    expect(frame).toMatchObject({ instructionAddr: '0x1000', lineNo: null, colNo: null, inApp: false });
  });

  it.each([
    ['missing in_app', { filename: '/app/a.js' }, 'node', false],
    ['in_app true', { filename: '/app/a.js', in_app: true }, 'node', true],
    ['node_modules overrides the SDK', { filename: '/app/node_modules/x/a.js', in_app: true }, 'node', false],
    [
      'node_modules in abs_path',
      { abs_path: 'C:\\app\\node_modules\\x\\a.js', in_app: true },
      'javascript',
      false,
    ],
    ['relative node_modules', { filename: 'node_modules/x/a.js', in_app: true }, 'node', false],
    ['node: builtin', { filename: 'node:internal/timers', in_app: true }, 'node', false],
    [
      'frame platform wins',
      { filename: '/app/node_modules/a.js', in_app: true, platform: 'python' },
      'node',
      true,
    ],
    ['not JS: paths are not judged', { filename: '/venv/node_modules/a.py', in_app: true }, 'python', true],
    [
      'a file merely named like node_modules',
      { filename: '/app/my_node_modules.js', in_app: true },
      'node',
      true,
    ],
  ])('in app: %s', (_name, raw, platform, expected) => {
    expect(normalizeFrame(raw, platform)?.inApp).toBe(expected);
  });

  it('returns null for a non-object frame', () => {
    expect(normalizeFrame('frame', 'node')).toBeNull();
  });
});

describe('normalizeStacktrace', () => {
  it('keeps the outermost 125 and innermost 125 frames of an over-long stack', () => {
    const frames = Array.from({ length: 1000 }, (_, i) => ({ function: `f${i}` }));
    const stack = normalizeStacktrace({ frames }, 'python');
    expect(stack?.frames).toHaveLength(250);
    expect(stack?.framesOmitted).toBe(750);
    expect(stack?.frames[0]?.function).toBe('f0');
    expect(stack?.frames[124]?.function).toBe('f124');
    expect(stack?.frames[125]?.function).toBe('f875');
    expect(stack?.frames.at(-1)?.function).toBe('f999');
  });

  it('keeps a stack at the limit whole', () => {
    const frames = Array.from({ length: 250 }, (_, i) => ({ function: `f${i}` }));
    expect(normalizeStacktrace({ frames }, 'python')?.framesOmitted).toBe(0);
  });

  it('is null without a frame list', () => {
    expect(normalizeStacktrace({ frames: 'x' }, 'node')).toBeNull();
    expect(normalizeStacktrace(null, 'node')).toBeNull();
  });
});

describe('exceptions and exception-less stacks', () => {
  it('reads a flat exception list and keeps the newest 50 of a long chain', () => {
    const exception = Array.from({ length: 60 }, (_, i) => ({ type: `E${i}` }));
    const event = normalizeEvent({ exception }, ctx);
    expect(event.exceptions).toHaveLength(50);
    expect(event.exceptions[0]?.type).toBe('E10');
    expect(event.exceptions.at(-1)?.type).toBe('E59');
  });

  it('drops exception entries that carry nothing', () => {
    expect(
      normalizeEvent({ exception: { values: [{}, null, { value: 'x' }] } }, ctx).exceptions,
    ).toHaveLength(1);
  });

  it('reads the mechanism', () => {
    const event = normalizeEvent(
      {
        exception: [
          {
            type: 'E',
            thread_id: 7,
            mechanism: { type: 'chained', handled: true, exception_id: 1, parent_id: 0 },
          },
        ],
      },
      ctx,
    );
    expect(event.exceptions[0]).toMatchObject({
      threadId: '7',
      mechanism: { type: 'chained', handled: true, synthetic: false, exceptionId: 1, parentId: 0 },
    });
  });

  it('keeps a top-level stacktrace when there is no exception', () => {
    const event = normalizeEvent({ message: 'm', stacktrace: { frames: [{ function: 'a' }] } }, ctx);
    expect(event.stacktrace?.map((f) => f.function)).toEqual(['a']);
  });

  it("uses the crashed thread's stack, else the current thread's", () => {
    const thread = (fn: string, flags: Record<string, boolean>) => ({
      ...flags,
      stacktrace: { frames: [{ function: fn }] },
    });
    const crashed = normalizeEvent(
      {
        threads: {
          values: [thread('idle', {}), thread('main', { current: true }), thread('boom', { crashed: true })],
        },
      },
      ctx,
    );
    expect(crashed.stacktrace?.[0]?.function).toBe('boom');
    const current = normalizeEvent({ threads: [thread('idle', {}), thread('main', { current: true })] }, ctx);
    expect(current.stacktrace?.[0]?.function).toBe('main');
  });

  it('ignores the top-level stacktrace when there are exceptions', () => {
    const event = normalizeEvent(
      { exception: [{ type: 'E' }], stacktrace: { frames: [{ function: 'a' }] } },
      ctx,
    );
    expect(event.stacktrace).toBeNull();
  });
});
