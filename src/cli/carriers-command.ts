// `lanjie carriers` (capability matrix), `lanjie carriers new <id>` (scaffold) and `lanjie detect <waybill>` (ranked carrier candidates).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../runtime/errors.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { capabilityMarkdown, capabilityRows, capabilityText } from '../carrier/matrix.ts';
import { WaybillNoSchema } from '../carrier/model.ts';
import { scaffoldCarrier } from './scaffold-carrier.ts';

export function registerCarrierCommands(program: Command): void {
  const carriers = program
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

  carriers
    .command('new')
    .description('add a declaration-only carrier to this source checkout: carriers/<id>/, its test, and its registration')
    .argument('<id>', 'registry id = folder name, e.g. zjs')
    .requiredOption('--zh <name>', 'Chinese name, e.g. 宅急送')
    .requiredOption('--en <name>', 'English name, e.g. ZJS Express')
    .requiredOption('--kuaidi100 <code>', 'Kuaidi100 company code, e.g. zhaijisong')
    .option('--root <dir>', 'the lanjie checkout to write into', '.')
    .action((id: string, options: { zh: string; en: string; kuaidi100: string; root: string }) => {
      const written = scaffoldCarrier(resolve(options.root), { id, zh: options.zh, en: options.en, kuaidi100: options.kuaidi100 });
      for (const file of written) console.log(`wrote ${file}`);
      console.log(`next: npx vitest run test/carriers/${id}.test.ts, then CONTRIBUTING.md "From a scaffold to a carrier"`);
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
