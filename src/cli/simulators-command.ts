// `lanjie simulators start`: every carrier simulator, the Douyin platform and the merchant system in their own process, for gateways in live mode; prints the URLs, writes the merchant config, stops on SIGINT/SIGTERM.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError, formatZodIssues } from '../carrier/config-error.ts';
import { startSimulatorAdmin } from '../sandbox/simulator-admin.ts';
import { loadHostQuotaFile, SimulatorHost } from '../sandbox/simulator-host.ts';
import { createLogger } from '../server/logger.ts';

const port = (name: string) =>
  z
    .string()
    .regex(/^\d{1,5}$/, `${name} is a number from 0 to 65535`)
    .transform(Number)
    .refine((n) => n <= 65_535, `${name} is a number from 0 to 65535`);

/** Options of `lanjie simulators start` (commander hands strings). */
const StartOptionsSchema = z.object({
  port: port('--port').default(7700),
  host: z.string().min(1).default('127.0.0.1'),
  hourMs: z.coerce.number().int().min(1).max(3_600_000).default(1000),
  quotas: z.string().min(1).optional(),
  merchantId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, '--merchant-id is 1 to 64 letters, digits, _ or -')
    .default('sims'),
  webhookSecret: z.string().min(16, '--webhook-secret is at least 16 characters').optional(),
  douyinPushUrl: z.array(z.url()).default([]),
  configOut: z.string().min(1).optional(),
});

async function start(raw: unknown): Promise<void> {
  const parsed = StartOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const o = parsed.data;
  const logger = createLogger(process.env.LANJIE_LOG_LEVEL || 'warn');
  const host = await SimulatorHost.start({
    // The admin API takes the first port; the simulators the ones after it.
    port: o.port,
    host: o.host,
    hourMs: o.hourMs,
    ...(o.quotas ? { quotas: loadHostQuotaFile(o.quotas) } : {}),
    merchantId: o.merchantId,
    ...(o.webhookSecret ? { webhookSecret: o.webhookSecret } : {}),
    douyinPushUrls: o.douyinPushUrl,
    logger,
  });
  const admin = await startSimulatorAdmin({ host, port: o.port, address: o.host, logger }).catch(async (error: unknown) => {
    await host.stop();
    throw error;
  });
  const merchant = host.merchantConfig();
  if (o.configOut) writeFileSync(o.configOut, `${JSON.stringify({ merchants: [merchant] }, null, 2)}\n`, { mode: 0o600 });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`lanjie simulators: every carrier simulator, the Douyin platform and the merchant system (1 scripted hour = ${o.hourMs} ms)`);
  out();
  out(`  admin      ${admin.url}   (GET /stats, GET /ledger?source=merchant|douyin&from=N, POST /parcels, GET /config)`);
  out(`  merchant   ${host.webhookUrl}   (merchant id ${merchant.id})`);
  for (const c of host.carriers) {
    const quota = c.quota ? `${c.quota.perSecond ?? '-'}/s ${c.quota.perMinute ?? '-'}/min` : 'no quota';
    out(`  ${c.carrierId.padEnd(19)} ${c.server.url}   (${quota})`);
  }
  if (o.douyinPushUrl.length > 0) out(`  douyin pushes to ${o.douyinPushUrl.join(', ')}`);
  if (o.configOut) out(`  config     ${o.configOut}   (LANJIE_CONFIG=${o.configOut} lanjie serve)`);
  out();
  out(`lanjie simulators ready on ${admin.url}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  out(`lanjie simulators: ${signal}: stopping`);
  await admin.close();
  await host.stop();
  out('lanjie simulators stopped');
  process.exit(0);
}

/** Registers `lanjie simulators start`. */
export function registerSimulatorsCommand(program: Command): void {
  program
    .command('simulators')
    .description('the carrier, Douyin and merchant simulators as their own process (for gateways in live mode)')
    .command('start')
    .description('start every simulator on its own port, with an admin API on --port (stats, ledger, parcels, merchant config)')
    .option(
      '--port <port>',
      'admin API port; the merchant system takes the next one, then each carrier simulator (0 = any free ports)',
      '7700',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--hour-ms <ms>', 'how long one scripted hour of the parcel fates lasts, ms', '1000')
    .option(
      '--quotas <file>',
      'JSON quota file {"carriers":{"zto":{"perSecond":10,"perMinute":300}}} (default: each plugin\'s declared limits)',
    )
    .option('--merchant-id <id>', 'merchant id of the generated config', 'sims')
    .option('--webhook-secret <secret>', 'merchant webhook secret (default: random)')
    .option(
      '--douyin-push-url <url>',
      "where the Douyin platform pushes messages (a gateway's /v1/platform/douyin/messages); repeat it for several gateways, taken in turn",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--config-out <file>', 'write a gateway configuration file {"merchants":[...]} pointing at these simulators')
    .action((raw: unknown) => start(raw));
}
