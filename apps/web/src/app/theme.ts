import { createTheme } from '@mantine/core';

/** Neutral surfaces, one accent; the same theme serves light and dark (`defaultColorScheme="auto"`). */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
});

/**
 * The height of an input's label line: a submit button in a row of labelled inputs aligned to
 * their top (so an error under one input does not lift it) moves down by this much. The label is
 * inline-block, so its line is as tall as the body text's (md size), not as its own sm text.
 */
export const LABEL_HEIGHT = 'calc(var(--mantine-font-size-md) * var(--mantine-line-height))';
