// A sandbox gateway in its own process for the push-burst kill test: serves on an ephemeral port, prints `ready <url>`, runs until killed.
import { loadEnv } from '../../src/server/config.ts';
import { startGateway } from '../../src/server/gateway.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: push-kill-worker.ts <data dir>');
const gw = await startGateway({
  env: loadEnv({
    PORT: '0',
    LANJIE_DATA_DIR: dataDir,
    LANJIE_SANDBOX_API_KEY: 'lj_killtest_key_0123456789abcdef01',
    LANJIE_TRACKING_REFRESH_SECONDS: '0',
    LANJIE_LOG_LEVEL: 'silent',
  }),
  config: { merchants: [] },
  sandbox: true,
});
process.stdout.write(`ready ${gw.url}\n`);
