// `lanjie sandbox fates`: the sandbox fate catalogue (magic numbers per carrier, expected outcome per mode), as text, Markdown or JSON; `lanjie sandbox advance`: move a running sandbox's clock.
import { InvalidArgumentError, type Command } from 'commander';
import { callApi } from './http-client.ts';
import { FATE_CATALOGUE } from '../sandbox/catalogue.ts';
import { catalogueJson, catalogueMarkdown, magicNumbers } from '../sandbox/print-catalogue.ts';

/** A non-negative number of minutes or hours; a bad one is a commander error naming the option. */
function amount(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${name}: a non-negative number, got "${value}"`);
    return n;
  };
}

/** Registers `lanjie sandbox fates` and `lanjie sandbox advance`. */
export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description("the sandbox's scripted fates and its clock");
  sandbox
    .command('advance')
    .description("advance a running sandbox's clock (POST /v1/sandbox/clock/advance), ticking the coordinator at each step")
    .option('--minutes <n>', 'minutes to advance', amount('--minutes'))
    .option('--hours <n>', 'hours to advance', amount('--hours'))
    .option('--url <url>', 'gateway URL (env LANJIE_URL, default http://127.0.0.1:8080)')
    .option('--key <key>', 'API key (env LANJIE_API_KEY)')
    .option('--json', 'print the JSON answer')
    .action(async (o: { minutes?: number; hours?: number; url?: string; key?: string; json?: boolean }) => {
      if ((o.minutes === undefined) === (o.hours === undefined)) throw new InvalidArgumentError('give one of --minutes or --hours');
      const body = o.minutes !== undefined ? { minutes: o.minutes } : { hours: o.hours! };
      const result = (await callApi(
        { ...(o.url ? { url: o.url } : {}), ...(o.key ? { key: o.key } : {}) },
        'POST',
        '/v1/sandbox/clock/advance',
        body,
      )) as {
        now: string;
        steps: number;
        ticks: number;
      };
      console.log(
        o.json ? JSON.stringify(result, null, 2) : `sandbox clock now ${result.now} (${result.steps} steps, ${result.ticks} ticks)`,
      );
    });
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
