/**
 * Adding a metric: a CSV file (timestamp,value per line) read in the browser and sent as text, or a
 * Prometheus-compatible server's base URL and PromQL query (with an optional bearer token, which
 * the server stores sealed). The server's error (a bad CSV row by line and column, a URL the SSRF
 * guard refuses) is shown as it says it.
 */
import type { MetricSource, MetricSourceCreate } from '@dexter/contracts';
import {
  Alert,
  Button,
  FileInput,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../../api/describe-error';
import { correlationKeys, createMetricSource } from './correlation-queries';

interface AddMetricSourceProps {
  org: string;
  onAdded: (source: MetricSource) => void;
}

export function AddMetricSource({ org, onAdded }: AddMetricSourceProps) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'csv' | 'prometheus'>('csv');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [query, setQuery] = useState('');
  const [token, setToken] = useState('');
  const add = useMutation({
    mutationFn: async (): Promise<MetricSource> => {
      const body: MetricSourceCreate =
        kind === 'csv'
          ? { kind, name: name.trim(), csv: file ? await file.text() : '' }
          : {
              kind,
              name: name.trim(),
              baseUrl: baseUrl.trim(),
              query: query.trim(),
              stepSeconds: 300,
              pollSeconds: 300,
              ...(token ? { bearerToken: token } : {}),
            };
      return createMetricSource(org, body);
    },
    onSuccess: async (source) => {
      await queryClient.invalidateQueries({ queryKey: correlationKeys.sources(org) });
      setName('');
      setFile(null);
      setToken('');
      onAdded(source);
    },
  });

  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <SegmentedControl
        aria-label="Metric source kind"
        value={kind}
        onChange={(value) => setKind(value as 'csv' | 'prometheus')}
        data={[
          { value: 'csv', label: 'CSV upload' },
          { value: 'prometheus', label: 'Prometheus query' },
        ]}
        w="fit-content"
      />
      <TextInput
        label="Name"
        placeholder="Checkouts per minute"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
      />
      {kind === 'csv' ? (
        <FileInput
          label="CSV file"
          description="One timestamp,value per line (ISO 8601 or unix time); a header line is fine. At most 1 MiB."
          accept=".csv,text/csv,text/plain"
          value={file}
          onChange={setFile}
          clearable
          required
        />
      ) : (
        <>
          <TextInput
            label="Base URL"
            description="Prometheus, Thanos, Mimir or VictoriaMetrics; Dexter calls /api/v1/query_range every 5 minutes."
            placeholder="https://prometheus.example.com"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            required
          />
          <TextInput
            label="PromQL"
            placeholder="sum(rate(checkouts_total[5m])) * 60"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            ff="monospace"
            required
          />
          <PasswordInput
            label="Bearer token (optional)"
            description="Stored encrypted; never shown again."
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
          />
        </>
      )}
      {add.isError && (
        <Alert color="red" variant="light" title="The metric was not added" role="alert">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {describeError(add.error).message}
          </Text>
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={add.isPending}>
          Add metric
        </Button>
      </Group>
    </Stack>
  );
}
