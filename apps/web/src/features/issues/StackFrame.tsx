import type { Frame } from '@dexter/contracts';
import { Text } from '@mantine/core';
import { useId, useState } from 'react';
import { ChevronIcon } from '../../components/icons';
import classes from './StackTrace.module.css';
import { frameLocation } from './stack-trace-model';

/**
 * One frame: a header (function, file, module, line:col) and its source context. Only the culprit
 * starts expanded (`defaultOpen`), so the trace reads as a list of calls and the page stays short;
 * the header is a button whenever there is context to show.
 */
export function StackFrame({ frame, defaultOpen = false }: { frame: Frame; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const contextId = useId();
  const hasContext = frame.context.length > 0;
  const { file, module, position } = frameLocation(frame);

  const summary = (
    <>
      {hasContext && <ChevronIcon open={open} size={12} />}
      <span className={classes.function}>{frame.function ?? '<anonymous>'}</span>
      {file && (
        <Text span inherit c="dimmed">
          {frame.function ? 'in ' : ''}
          <span title={frame.absPath ?? undefined}>{file}</span>
        </Text>
      )}
      {module && (
        <Text span inherit c="dimmed">
          ({module})
        </Text>
      )}
      {position && <span>at line {position}</span>}
    </>
  );

  return (
    <li
      className={classes.frame}
      data-testid="frame"
      data-in-app={String(frame.inApp)}
      data-culprit={defaultOpen ? 'true' : undefined}
    >
      {hasContext ? (
        <button
          type="button"
          className={classes.frameHeader}
          aria-expanded={open}
          aria-controls={contextId}
          onClick={() => setOpen((o) => !o)}
        >
          {summary}
        </button>
      ) : (
        <div className={classes.frameHeader}>{summary}</div>
      )}
      {hasContext && open && <SourceContext id={contextId} frame={frame} />}
    </li>
  );
}

function SourceContext({ id, frame }: { id: string; frame: Frame }) {
  return (
    <pre id={id} className={classes.context}>
      {frame.context.map(([lineNo, source]) => {
        const current = lineNo === frame.lineNo;
        return (
          <div
            key={lineNo}
            className={classes.line}
            data-current={current}
            aria-current={current ? 'true' : undefined}
          >
            <span className={classes.lineNo}>{lineNo}</span>
            <code>{source}</code>
          </div>
        );
      })}
    </pre>
  );
}
