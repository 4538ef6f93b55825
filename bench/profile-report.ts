/** Prints where a `.cpuprofile` spent its time: `tsx bench/profile-report.ts <file> [top]`. */
import { formatProfileSummary, summarizeCpuProfile } from './lib/cpu-profile';

const [path, top] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: tsx bench/profile-report.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
process.stdout.write(`${formatProfileSummary(summarizeCpuProfile(path, Number(top ?? 25)))}\n`);
