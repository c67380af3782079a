// The `lanjie` command line: capability matrix, detection, the gateway (serve, start = sandbox), the simulators process and client commands against a running gateway.
import { Command, CommanderError } from 'commander';
import { registerCarrierCommands } from './carriers-command.ts';
import { registerServeCommands } from './serve-command.ts';
import { registerClientCommands } from './client-commands.ts';
import { registerSandboxCommands } from './sandbox-command.ts';
import { registerRekeyCommand } from './rekey-command.ts';
import { registerSimulatorsCommand } from './simulators-command.ts';
import { ClientError } from './http-client.ts';

const program = new Command()
  .name('lanjie')
  .description('lanjie (拦截): courier-interception gateway for e-commerce after-sales')
  .exitOverride()
  .showHelpAfterError();

registerCarrierCommands(program);
registerServeCommands(program);
registerClientCommands(program);
registerSandboxCommands(program);
registerRekeyCommand(program);
registerSimulatorsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(`lanjie: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof ClientError) for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
  process.exit(1);
}
