// `lanjie sandbox fates`: the sandbox fate catalogue (magic numbers per carrier, expected outcome per mode), as text, Markdown or JSON.
import type { Command } from 'commander';
import { FATE_CATALOGUE } from '../sandbox/catalogue.ts';
import { catalogueJson, catalogueMarkdown, magicNumbers } from '../sandbox/print-catalogue.ts';

export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description("the sandbox's scripted fates");
  sandbox
    .command('fates')
    .description('print the fate catalogue: magic waybill numbers per carrier and the outcome expected in each mode')
    .option('--markdown', 'as Markdown tables (docs/sandbox.md)')
    .option('--json', 'as JSON')
    .action((options: { markdown?: boolean; json?: boolean }) => {
      if (options.json) return console.log(JSON.stringify(catalogueJson(), null, 2));
      if (options.markdown) return console.log(catalogueMarkdown());
      for (const row of magicNumbers())
        console.log(`${row.fate.padEnd(26)} n=${row.n}  zto ${row.numbers.zto ?? '-'}  sf ${row.numbers.sf ?? '-'}  ${row.description}`);
      console.log('');
      for (const e of FATE_CATALOGUE) {
        console.log(
          `${e.id.padEnd(26)} generic → ${e.expected.generic.status.padEnd(18)} douyin → ${e.expected.douyin.status.padEnd(18)} ${e.description}`,
        );
      }
    });
}
