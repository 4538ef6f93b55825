// `npx tsx packages/error-categories/src/eval/write-split.ts`: writes data/split.json, the ids of
// each side of the fixed split (src/split.ts), so that a reader sees which events were held out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitOf } from '../split';
import { DATA_DIR, readLabeledSet } from './read-dataset';

const events = readLabeledSet();
const split = { dev: [] as string[], heldout: [] as string[] };
for (const event of events) split[splitOf(event.id)].push(event.id);
writeFileSync(join(DATA_DIR, 'split.json'), `${JSON.stringify(split, null, 1)}\n`);
process.stdout.write(`dev ${split.dev.length}, heldout ${split.heldout.length}\n`);
