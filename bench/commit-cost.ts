// Durable commit cost on this disk by size: SQLite WAL with synchronous=FULL, 500 one-transaction commits of 2 to 64 KB each.
// Usage: npx tsx bench/commit-cost.ts
import { probeCommitMs } from './commit-probe.ts';

for (const kilobytes of [2, 8, 16, 32, 64]) {
  console.log(`${String(kilobytes).padStart(2)} KB per commit: ${probeCommitMs(kilobytes).toFixed(3)} ms per commit`);
}
