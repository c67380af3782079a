// `lanjie start`: runs the sandbox (every carrier simulator on loopback, scripted parcels) until stopped.
import type { Command } from 'commander';
import { z } from 'zod';
import { carrierRegistry } from '../../carriers/index.ts';
import { capabilityRows, capabilityText } from '../carrier/matrix.ts';
import { TestClock } from '../clock/clock.ts';
import { systemClock } from '../clock/clock.ts';
import { startSandboxSimulators } from '../sandbox/simulators.ts';

const StartOptionsSchema = z.object({ once: z.boolean().optional() });

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the sandbox: every carrier simulator on loopback with scripted parcels (no credentials needed)')
    .option('--once', 'start, print, and stop (for scripts and tests)')
    .action(async (raw: unknown) => {
      const options = StartOptionsSchema.parse(raw);
      const clock = new TestClock(systemClock.now());
      const running = await startSandboxSimulators(clock);
      console.log('lanjie sandbox — carrier simulators on loopback\n');
      console.log(capabilityText(capabilityRows(carrierRegistry.list())));
      console.log('');
      for (const r of running) {
        console.log(`${r.carrierId.padEnd(10)} ${r.server.url}`);
        for (const p of r.parcels) console.log(`    ${p.waybillNo.padEnd(16)} ${p.fate}`);
      }
      console.log('\nTry: npx lanjie detect <waybill>; point a plugin config baseUrl at a simulator URL above.');
      if (options.once) {
        await Promise.all(running.map((r) => r.server.close()));
        return;
      }
      console.log('Press Ctrl+C to stop.');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await Promise.all(running.map((r) => r.server.close()));
    });
}
