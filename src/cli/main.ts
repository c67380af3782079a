// The `lanjie` command line: capability matrix, waybill detection, and the sandbox.
import { Command, CommanderError } from 'commander';
import { registerCarrierCommands } from './carriers-command.ts';
import { registerStartCommand } from './start-command.ts';

const program = new Command()
  .name('lanjie')
  .description('lanjie (拦截): courier-interception gateway for e-commerce after-sales')
  .exitOverride()
  .showHelpAfterError();

registerCarrierCommands(program);
registerStartCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(`lanjie: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
