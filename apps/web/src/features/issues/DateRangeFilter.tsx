/**
 * The stream's date range: "Any time", a preset (last hour … last 30 days), or a custom range
 * typed in two native `datetime-local` inputs (local time; stored in the URL as UTC instants).
 * The browser's own date picker is enough here and costs no dependency.
 */
import { Button, Divider, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { fromLocalInput, type Range, rangeLabel, toLocalInput } from './date-range';
import { PERIOD_PRESETS, type PeriodPreset } from './issue-search-params';
import { PERIOD_LABELS } from './stream-description';

interface DateRangeFilterProps {
  value: Range;
  onChange: (range: Range) => void;
}

const ANY_TIME: Range = { period: null, start: null, end: null };

export function DateRangeFilter({ value, onChange }: DateRangeFilterProps) {
  const [opened, setOpened] = useState(false);
  const pick = (range: Range) => {
    setOpened(false);
    onChange(range);
  };
  const active = value.period ?? (value.start ? 'custom' : 'any');

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          onClick={() => setOpened((o) => !o)}
          aria-label={`Date range: ${rangeLabel(value)}`}
          data-testid="date-range"
        >
          {rangeLabel(value)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="date-range-menu">
        <Stack gap="xs" w={360}>
          <Group gap={6}>
            <PresetButton label="Any time" active={active === 'any'} onClick={() => pick(ANY_TIME)} />
            {PERIOD_PRESETS.map((preset: PeriodPreset) => (
              <PresetButton
                key={preset}
                label={preset}
                title={PERIOD_LABELS[preset]}
                active={active === preset}
                onClick={() => pick({ period: preset, start: null, end: null })}
              />
            ))}
          </Group>
          <Divider label="Custom range" labelPosition="left" />
          {opened && <CustomRangeForm value={value} onApply={pick} />}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function PresetButton(props: { label: string; title?: string; active: boolean; onClick: () => void }) {
  return (
    <Button
      size="compact-sm"
      variant={props.active ? 'filled' : 'light'}
      title={props.title}
      onClick={props.onClick}
      data-testid={`date-preset-${props.label}`}
    >
      {props.label}
    </Button>
  );
}

function CustomRangeForm({ value, onApply }: { value: Range; onApply: (range: Range) => void }) {
  const form = useForm({
    initialValues: { from: toLocalInput(value.start), to: toLocalInput(value.end) },
    validate: {
      from: (from) => (fromLocalInput(from) ? null : 'Pick when the range starts'),
      to: (to, { from }) => {
        if (!to) return null;
        const end = fromLocalInput(to);
        const start = fromLocalInput(from);
        if (!end) return 'Not a date and time';
        return start && end < start ? 'Must be after the start' : null;
      },
    },
  });
  const submit = form.onSubmit(({ from, to }) =>
    onApply({ period: null, start: fromLocalInput(from), end: fromLocalInput(to) }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <TextInput
          type="datetime-local"
          label="From"
          data-testid="date-from"
          {...form.getInputProps('from')}
        />
        <TextInput type="datetime-local" label="To" data-testid="date-to" {...form.getInputProps('to')} />
        <Text size="xs" c="dimmed">
          Local time. Leave “To” empty for “until now”.
        </Text>
        <Button type="submit" size="xs" data-testid="date-apply">
          Apply range
        </Button>
      </Stack>
    </form>
  );
}
