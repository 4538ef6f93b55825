/**
 * The issue search box. What is typed is read with the server's grammar as it is typed
 * (search-check.ts) and sent only when it parses AND the user pauses (PAUSE_MS) or presses
 * Enter, so a half-typed `release:` never replaces the list with an error. An error is shown only
 * after the pause, highlighted where it is in the box. Below the box, the server's suggestions
 * (keys, values, operators) and recent searches, driven by the keyboard: arrows move, Enter or
 * Tab chooses, Esc closes the list (a second Esc leaves the box).
 */
import { Box, Paper, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type Ref, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { SearchIcon } from '../../components/icons';
import { loadRecentSearches, matchingRecentSearches, saveRecentSearch } from './recent-searches';
import { SearchErrorHighlight } from './SearchErrorHighlight';
import { checkSearch, type SearchProblem } from './search-check';
import { searchSuggestionsQueryOptions } from './search-suggestions-queries';
import { moveHighlight, type SuggestionItem, suggestionItems } from './suggestion-items';

/** How long typing must pause before a valid query is sent or an invalid one is flagged. */
export const PAUSE_MS = 300;
/** Suggestions follow the caret sooner than the list does: they are cheap and cached. */
const SUGGEST_DEBOUNCE_MS = 120;

const KIND_LABELS: Record<SuggestionItem['kind'], string> = {
  recent: 'recent',
  key: 'key',
  value: 'value',
  operator: 'operator',
};

interface SearchBoxProps {
  inputRef?: Ref<HTMLInputElement>;
  /** The committed search (from the URL). */
  value: string;
  /** Project ids the stream is narrowed to: their issues supply tag suggestions. */
  projects: readonly string[];
  onCommit: (text: string) => void;
}

function problemOf(text: string): SearchProblem | null {
  const check = checkSearch(text);
  return check.ok ? null : check.problem;
}

export function SearchBox({ inputRef, value, projects, onCommit }: SearchBoxProps) {
  const org = useParams().org ?? '';
  const listId = useId();
  const input = useRef<HTMLInputElement | null>(null);
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);
  // A search that arrives invalid (a hand-edited link) is marked at once: nobody is typing it.
  const [problem, setProblem] = useState<SearchProblem | null>(() => problemOf(value));
  const [recent, setRecent] = useState<string[]>(() => loadRecentSearches(org));
  const committed = useRef(value);
  const pause = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Where the caret goes after a suggestion replaced the text (set once the input shows it). */
  const pendingCaret = useRef<number | null>(null);

  const commit = useCallback(
    (next: string, remember: boolean) => {
      clearTimeout(pause.current);
      const check = checkSearch(next);
      if (!check.ok) {
        setProblem(check.problem);
        return false;
      }
      setProblem(null);
      const trimmed = next.trim();
      if (remember && trimmed !== '') setRecent(saveRecentSearch(org, trimmed));
      if (trimmed !== committed.current) {
        committed.current = trimmed;
        onCommit(trimmed);
      }
      return true;
    },
    [org, onCommit],
  );

  /**
   * Typing (or a chosen suggestion) restarts the pause; nothing is flagged while it runs.
   * `remember`: the query is complete (a value was chosen), so it joins the recent searches.
   */
  const edited = (next: string, nextCaret: number, remember = false) => {
    setText(next);
    setCaret(nextCaret);
    setProblem(null);
    setOpen(true);
    setHighlight(-1);
    clearTimeout(pause.current);
    pause.current = setTimeout(() => commit(next, remember), PAUSE_MS);
  };

  useEffect(() => () => clearTimeout(pause.current), []);

  // A value from outside (Back, a saved view, a shared link) replaces the box, unless it is the
  // one this box just committed: typing ahead of the pause is never overwritten.
  useEffect(() => {
    if (value === committed.current) return;
    clearTimeout(pause.current);
    committed.current = value;
    setText(value);
    setProblem(problemOf(value));
  }, [value]);

  useEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const [request] = useDebouncedValue({ query: text, cursor: caret }, SUGGEST_DEBOUNCE_MS);
  const suggestions = useQuery({
    ...searchSuggestionsQueryOptions(org, { ...request, projects }),
    enabled: open && org !== '',
    placeholderData: keepPreviousData,
  });
  // While the answer for what is typed now is on its way, keep only the previous suggestions that
  // still fit (a key being completed), not those of another context (keys while a value is typed).
  const typedSoFar = text.slice(0, caret);
  const server = (suggestions.data?.suggestions ?? []).filter(
    (item) => !suggestions.isPlaceholderData || item.apply.query.startsWith(typedSoFar),
  );
  const available = suggestionItems(text, matchingRecentSearches(recent, text), server);
  const items = open ? available : [];

  const choose = (item: SuggestionItem) => {
    pendingCaret.current = item.apply.cursor;
    if (item.kind === 'recent') {
      setText(item.apply.query);
      setCaret(item.apply.cursor);
      setOpen(false);
      commit(item.apply.query, true);
      return;
    }
    edited(item.apply.query, item.apply.cursor, item.kind === 'value');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const active = open && highlight >= 0 ? items[highlight] : undefined;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!open) setOpen(true);
        setHighlight((current) =>
          moveHighlight(current, available.length, event.key === 'ArrowDown' ? 1 : -1),
        );
        return;
      case 'Tab': {
        const item = active ?? items[0];
        if (!item || event.shiftKey) return;
        event.preventDefault();
        choose(item);
        return;
      }
      case 'Enter':
        event.preventDefault();
        if (active) {
          choose(active);
          return;
        }
        if (commit(text, true)) setOpen(false);
        return;
      case 'Escape':
        // The first Esc closes the list; the page's own Escape (leave the box) waits for the next.
        if (open && items.length > 0) {
          event.preventDefault();
          setOpen(false);
        }
        return;
    }
  };

  const setRefs = (element: HTMLInputElement | null) => {
    input.current = element;
    if (typeof inputRef === 'function') inputRef(element);
    else if (inputRef) (inputRef as { current: HTMLInputElement | null }).current = element;
  };

  return (
    <Box pos="relative" style={{ flex: '1 1 260px' }} data-testid="search-box">
      <TextInput
        ref={setRefs}
        data-testid="search-input"
        aria-label="Search issues"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={highlight >= 0 ? `${listId}-${highlight}` : undefined}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${listId}-problem` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search: TypeError, release:1.2.0, user.email:…"
        leftSection={<SearchIcon />}
        error={problem !== null}
        value={text}
        onChange={(event) => edited(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setHighlight(-1);
          // Leaving the box after a search ran: that search is worth offering again.
          if (committed.current !== '' && committed.current === text.trim()) {
            setRecent(saveRecentSearch(org, committed.current));
          }
        }}
        onKeyDown={onKeyDown}
      />
      {problem && <SearchErrorHighlight input={input} text={text} problem={problem} />}
      {problem && <VisuallyHidden id={`${listId}-problem`}>{problem.message}</VisuallyHidden>}
      {open && (items.length > 0 || problem) && (
        <Paper
          withBorder
          shadow="md"
          pos="absolute"
          left={0}
          right={0}
          mt={4}
          miw={380}
          py={4}
          style={{ zIndex: 300, maxHeight: 340, overflowY: 'auto' }}
          data-testid="search-suggestions"
          // Clicks in the list must not blur the box first.
          onMouseDown={(event) => event.preventDefault()}
        >
          {problem && (
            <Text size="xs" c="red" px="sm" py={4} data-testid="search-problem">
              {problem.message}
            </Text>
          )}
          <div role="listbox" id={listId} aria-label="Search suggestions">
            {items.map((item, index) => (
              <UnstyledButton
                key={`${item.kind}:${item.text}`}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === highlight}
                data-testid="search-suggestion"
                data-kind={item.kind}
                tabIndex={-1}
                display="flex"
                w="100%"
                px="sm"
                py={4}
                style={{
                  gap: 12,
                  alignItems: 'baseline',
                  background: index === highlight ? 'var(--mantine-color-default-hover)' : undefined,
                }}
                onMouseEnter={() => setHighlight(index)}
                onClick={() => choose(item)}
              >
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {item.text}
                  {item.kind === 'key' ? ':' : ''}
                </Text>
                <Text size="xs" c="dimmed" truncate style={{ flex: 1 }}>
                  {item.description ?? ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {KIND_LABELS[item.kind]}
                </Text>
              </UnstyledButton>
            ))}
          </div>
          {items.length > 0 && (
            <Text size="xs" c="dimmed" px="sm" pt={4}>
              ↑↓ to move · Enter or Tab to choose · Esc to close
            </Text>
          )}
        </Paper>
      )}
    </Box>
  );
}
