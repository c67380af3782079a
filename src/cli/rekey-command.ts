// `lanjie merchants rekey`: rewrites every merchant's secrets under the current LANJIE_SECRET_KEY, straight in the store (key rotation, sealing plaintext rows).
import type { Command } from 'commander';
import { z } from 'zod';
import { loadEnv, storeUrlFor } from '../server/config.ts';
import { sandboxSecretKeyFile } from '../server/gateway.ts';
import { keyringFor } from '../merchants/secret-box.ts';
import { StoreMerchantDirectory } from '../merchants/store-merchants.ts';
import { systemClock } from '../clock/clock.ts';
import { openStore } from '../store/connect.ts';

const RekeyOptionsSchema = z.object({ sandbox: z.boolean().optional(), dataDir: z.string().min(1).optional() });

/** Rewrites every merchant under the current key; returns the merchant ids and the key id. */
export async function rekeyMerchants(raw: unknown, env: NodeJS.ProcessEnv = process.env): Promise<{ merchants: string[]; keyId: string }> {
  const options = RekeyOptionsSchema.parse(raw);
  const gatewayEnv = loadEnv({ ...env, ...(options.dataDir !== undefined ? { LANJIE_DATA_DIR: options.dataDir } : {}) });
  const sandbox = options.sandbox === true;
  const secrets = keyringFor({
    ...(gatewayEnv.LANJIE_SECRET_KEY ? { key: gatewayEnv.LANJIE_SECRET_KEY } : {}),
    ...(gatewayEnv.LANJIE_SECRET_KEY_PREVIOUS ? { previous: gatewayEnv.LANJIE_SECRET_KEY_PREVIOUS } : {}),
    sandbox,
    sandboxKeyFile: sandboxSecretKeyFile(gatewayEnv),
  });
  const store = await openStore({ url: storeUrlFor(gatewayEnv, sandbox) });
  try {
    const merchants = await new StoreMerchantDirectory(store, systemClock, secrets).rekey();
    return { merchants, keyId: secrets.currentKeyId };
  } finally {
    await store.close();
  }
}

/** Adds `rekey` to the `merchants` command (created when absent). */
export function registerRekeyCommand(program: Command): void {
  const merchants =
    program.commands.find((c) => c.name() === 'merchants') ?? program.command('merchants').description('merchant configuration');
  merchants
    .command('rekey')
    .description(
      'rewrite every merchant secret under LANJIE_SECRET_KEY (old keys in LANJIE_SECRET_KEY_PREVIOUS); opens the store itself (LANJIE_STORE_URL / --data-dir)',
    )
    .option('--sandbox', "the sandbox's store and key (data folder)")
    .option('--data-dir <dir>', 'data folder (env LANJIE_DATA_DIR, default ./data)')
    .action(async (raw: unknown) => {
      const { merchants: ids, keyId } = await rekeyMerchants(raw);
      process.stdout.write(`rekeyed ${ids.length} merchant(s) under key ${keyId}${ids.length ? `: ${ids.join(', ')}` : ''}\n`);
    });
}
