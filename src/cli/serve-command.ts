// `lanjie serve` (the gateway; --sandbox for the sandbox) and `lanjie start` (= serve --sandbox, what `npm start` runs): print URLs and keys, stop cleanly on SIGTERM/SIGINT.
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfigFile, loadEnv } from '../server/config.ts';
import { startGateway, type Gateway } from '../server/gateway.ts';
import { ConfigError } from '../carrier/config-error.ts';

const ServeOptionsSchema = z.object({
  sandbox: z.boolean().optional(),
  once: z.boolean().optional(),
  port: z
    .string()
    .regex(/^\d{1,5}$/, '--port is a number from 0 to 65535')
    .optional(),
  host: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
});

function printSandbox(gw: Gateway): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const info = gw.sandbox!.info() as {
    now: string;
    simulators: { carrier: string; url: string; parcels: { waybillNo: string; fate: string }[] }[];
    webhook: string;
  };
  out('lanjie sandbox: every carrier on its simulator, a test clock, no credentials');
  out();
  out(`  API        ${gw.url}/v1`);
  out(`  docs       ${gw.url}/docs   (OpenAPI JSON: ${gw.url}/docs/openapi.json)`);
  out(`  metrics    ${gw.url}/metrics`);
  out(`  console    ${gw.url}/console   (support console: sign in with a key below)`);
  out(`  clock      ${info.now}   (POST /v1/sandbox/clock/advance {"hours": 6})`);
  out(`  merchant   sandbox (webhook: ${info.webhook})`);
  out();
  out(`  merchant key  ${gw.keys!.merchant}${gw.keys!.generated.merchant ? '   (generated; set LANJIE_SANDBOX_API_KEY to keep one)' : ''}`);
  out(
    `  support key   ${gw.keys!.support}${gw.keys!.generated.support ? '   (generated; set LANJIE_SANDBOX_SUPPORT_KEY to keep one)' : ''}`,
  );
  out();
  out('  magic waybills (fate by number):');
  for (const s of info.simulators) {
    out(`    ${s.carrier.padEnd(19)} ${s.url}`);
    out(`      ${s.parcels.map((p) => `${p.waybillNo} ${p.fate}`).join('  ')}`);
  }
  out();
  out(
    `  try: curl -s -H "Authorization: Bearer ${gw.keys!.merchant}" ${gw.url}/v1/carriers/detect?waybill=${info.simulators.find((s) => s.carrier === 'zto')?.parcels[0]?.waybillNo ?? ''}`,
  );
  out();
}

async function serve(raw: unknown, forceSandbox: boolean): Promise<void> {
  const options = ServeOptionsSchema.parse(raw);
  const env = loadEnv({
    ...process.env,
    ...(options.port !== undefined ? { PORT: options.port } : {}),
    ...(options.host !== undefined ? { HOST: options.host } : {}),
    ...(options.dataDir !== undefined ? { LANJIE_DATA_DIR: options.dataDir } : {}),
    ...(options.config !== undefined ? { LANJIE_CONFIG: options.config } : {}),
  });
  const config = loadConfigFile(env.LANJIE_CONFIG);
  const timeoutMs = shutdownTimeoutMs(process.env.LANJIE_SHUTDOWN_TIMEOUT_MS);
  const sandbox = forceSandbox || options.sandbox === true;
  const gw = await startGateway({ env, config, sandbox });
  if (sandbox) printSandbox(gw);
  process.stdout.write(`lanjie ready on ${gw.url} (${sandbox ? 'sandbox' : 'live'})\n`);
  if (options.once) {
    await gw.stop();
    return;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stdout.write(`lanjie: ${signal}: stopping (no new requests; in-flight work finishes; deadline ${timeoutMs} ms)\n`);
  // A second signal while stopping means "now": exit at once, without waiting for in-flight work.
  const force = (again: NodeJS.Signals) => {
    process.stderr.write(`lanjie: ${again} again while stopping; exiting now\n`);
    process.exit(130);
  };
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  const deadline = setTimeout(() => {
    process.stderr.write(`lanjie: stop took longer than ${timeoutMs} ms (LANJIE_SHUTDOWN_TIMEOUT_MS); exiting\n`);
    process.exit(1);
  }, timeoutMs);
  deadline.unref();
  await gw.stop();
  process.stdout.write('lanjie stopped\n');
  process.exit(0);
}

/** The shutdown deadline from `LANJIE_SHUTDOWN_TIMEOUT_MS` (ms, default 10 000, 100 … 600 000). */
export function shutdownTimeoutMs(raw: string | undefined): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(10_000)
    .safeParse(raw === '' ? undefined : raw);
  if (!parsed.success)
    throw new ConfigError(`LANJIE_SHUTDOWN_TIMEOUT_MS must be a whole number of ms from 100 to 600000, got ${raw}`, [
      { path: 'LANJIE_SHUTDOWN_TIMEOUT_MS', message: 'a whole number of ms from 100 to 600000' },
    ]);
  return parsed.data;
}

export function registerServeCommands(program: Command): void {
  const common = (cmd: Command) =>
    cmd
      .option('--port <port>', 'port to listen on (env PORT, default 8080; 0 = any free port)')
      .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
      .option('--data-dir <dir>', 'data folder (env LANJIE_DATA_DIR, default ./data)')
      .option('--config <file>', 'JSON configuration file: rules, limits, merchants (env LANJIE_CONFIG)')
      .option('--once', 'start, print, and stop (for scripts and tests)');
  common(
    program
      .command('serve')
      .description('run the gateway: REST API, carrier pushes, coordinator (--sandbox: with simulators and a test clock)'),
  )
    .option('--sandbox', 'sandbox mode (what `lanjie start` runs)')
    .action((raw: unknown) => serve(raw, false));
  common(
    program
      .command('start')
      .description('run the sandbox gateway: every carrier simulator on loopback, scripted parcels, a test clock, no credentials'),
  ).action((raw: unknown) => serve(raw, true));
}
