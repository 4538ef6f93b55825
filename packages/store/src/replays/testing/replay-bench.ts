/**
 * A rough measure of replay ingest and playback reads on this machine (not part of any suite):
 * `npx tsx packages/store/src/replays/testing/replay-bench.ts`. Posts SEGMENTS zlib segments of about
 * 300 rrweb events each (10 replays), sequentially over HTTP to a fresh store, then reads one
 * replay's recording-segments (its segments inflated and joined) REPEAT times. Prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { postEnvelope } from '../../testing/envelopes';
import { startStoreServer } from '../../testing/store-harness';

const SEGMENTS = 500;
const REPLAYS = 10;
const REPEAT = 20;

function envelope(replayId: string, segmentId: number, at: number): Buffer {
  const events = Array.from({ length: 300 }, (_, i) => ({
    type: 3,
    timestamp: at + i * 10,
    data: {
      source: 0,
      adds: [{ parentId: i, node: { type: 3, textContent: '*** ** ****', id: 1000 + i } }],
      removes: [],
      texts: [],
      attributes: [],
    },
  }));
  const recording = Buffer.concat([
    Buffer.from(`${JSON.stringify({ segment_id: segmentId })}\n`),
    deflateSync(JSON.stringify(events)),
  ]);
  const event = {
    type: 'replay_event',
    replay_id: replayId,
    segment_id: segmentId,
    timestamp: at / 1000 + 3,
    replay_start_timestamp: at / 1000,
    urls: [],
  };
  return Buffer.concat([
    Buffer.from(`{}\n{"type":"replay_event"}\n${JSON.stringify(event)}\n`),
    Buffer.from(`${JSON.stringify({ type: 'replay_recording', length: recording.length })}\n`),
    recording,
  ]);
}

const server = await startStoreServer();
const replayIds = Array.from({ length: REPLAYS }, () => randomUUID().replaceAll('-', ''));
const bodies = Array.from({ length: SEGMENTS }, (_, n) =>
  envelope(replayIds[n % REPLAYS]!, Math.floor(n / REPLAYS), Date.now() - 600_000 + n * 1000),
);
const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
const started = performance.now();
for (const body of bodies) {
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, body);
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}
const ingestSeconds = (performance.now() - started) / 1000;
const reads: number[] = [];
let readBytes = 0;
for (let i = 0; i < REPEAT; i++) {
  const t = performance.now();
  const res = await server.api(
    `/api/0/projects/${server.org}/${server.projectId}/replays/${replayIds[0]}/recording-segments/`,
  );
  readBytes = (await res.arrayBuffer()).byteLength;
  reads.push(performance.now() - t);
}
reads.sort((a, b) => a - b);
await server.close();
console.log(
  JSON.stringify({
    segmentsPerSecond: Math.round(SEGMENTS / ingestSeconds),
    averageEnvelopeBytes: Math.round(bytes / SEGMENTS),
    segmentsPerReplay: SEGMENTS / REPLAYS,
    recordingReadBytes: readBytes,
    recordingReadP50Ms: Math.round(reads[Math.floor(REPEAT / 2)]!),
    recordingReadP95Ms: Math.round(reads[Math.floor(REPEAT * 0.95)]!),
  }),
);
