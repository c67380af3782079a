// The cluster as plain processes, where there is no Docker: the simulators process and N gateways (compiled bin/lanjie.js, run `npm run build` first) on one PostgreSQL database and one Redis; prints the URLs and keys, stops everything on Ctrl-C.
// Usage: npx tsx bench/cluster.ts [--gateways 3] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379] [--hour-ms 3000]
import { parseArgs } from 'node:util';
import { CLUSTER_SUPPORT_KEY, Cluster } from '../test/cluster/harness.ts';
import { createPostgresDatabase } from './pg-database.ts';

const { values } = parseArgs({
  options: {
    gateways: { type: 'string', default: '3' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    'hour-ms': { type: 'string', default: '3000' },
  },
});

// A fresh database on the server, dropped at the end.
const database = await createPostgresDatabase(values.postgres!, { prefix: 'lanjie_cluster', force: true });

const cluster = await Cluster.start({
  gateways: Number(values.gateways),
  storeUrl: database.url,
  redisUrl: values.redis!,
  hourMs: Number(values['hour-ms']),
});
console.log(`simulators: ${cluster.sims.url} (GET /stats, GET /ledger, POST /parcels)`);
for (const slot of cluster.slots) console.log(`gateway ${slot.index}: ${slot.url}`);
console.log(`merchant ${cluster.merchantId}: key ${cluster.merchantKey}`);
console.log(`support key: ${CLUSTER_SUPPORT_KEY}`);
console.log(`store: ${database.url} (dropped at the end)`);
console.log('Ctrl-C stops everything.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  await database.drop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
