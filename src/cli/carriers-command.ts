// `lanjie carriers` (capability matrix) and `lanjie detect <waybill>` (ranked carrier candidates).
import type { Command } from 'commander';
import { UsageError } from '../runtime/errors.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { capabilityMarkdown, capabilityRows, capabilityText } from '../carrier/matrix.ts';
import { WaybillNoSchema } from '../carrier/model.ts';

export function registerCarrierCommands(program: Command): void {
  program
    .command('carriers')
    .description('print the capability matrix of every registered carrier and hub')
    .option('--markdown', 'as a Markdown table')
    .option('--json', 'as JSON')
    .action((options: { markdown?: boolean; json?: boolean }) => {
      const rows = capabilityRows(carrierRegistry.list());
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else if (options.markdown) console.log(capabilityMarkdown(rows));
      else console.log(capabilityText(rows));
    });

  program
    .command('detect')
    .description('list the carriers whose number format fits <waybill>, best first')
    .argument('<waybill>', 'a waybill (tracking) number')
    .option('--json', 'as JSON')
    .action((waybill: string, options: { json?: boolean }) => {
      const parsed = WaybillNoSchema.safeParse(waybill);
      if (!parsed.success) {
        throw new UsageError(`"${waybill}" is not a waybill number: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      }
      const candidates = carrierRegistry.detect(parsed.data);
      if (options.json) {
        console.log(JSON.stringify({ waybillNo: parsed.data, candidates }, null, 2));
        return;
      }
      if (candidates.length === 0) {
        console.log(`${parsed.data}: no carrier format fits; name the carrier explicitly`);
        process.exitCode = 2;
        return;
      }
      console.log(`${parsed.data}:`);
      for (const [i, c] of candidates.entries())
        console.log(`  ${i + 1}. ${c.carrierId}  ${c.prefixed ? 'prefixed' : 'digits'}  (${c.confidence})  /${c.pattern}/`);
    });
}
