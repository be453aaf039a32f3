// `smarteros`: the command-line client of SmarterOS. Run through bin/smarteros.js, `npx smarteros` or `npm run smarteros --`.
import { Command, CommanderError, Option } from 'commander';
import { registerActionCommands } from './commands/action.ts';
import { registerAiCommands } from './commands/ai.ts';
import { registerChatCommands } from './commands/chat.ts';
import { registerErpCommands } from './commands/erp.ts';
import { registerApiKeyCommands } from './commands/apikey.ts';
import { registerAuthCommands } from './commands/auth.ts';
import { registerCapabilityCommands } from './commands/capability.ts';
import { registerDomainCommands } from './commands/domain.ts';
import { registerEventsCommand } from './commands/events.ts';
import { registerGatewayCommands } from './commands/gateway.ts';
import { registerIntegrationCommands } from './commands/integration.ts';
import { registerMcpCommands } from './commands/mcp.ts';
import { registerProductCommands } from './commands/product.ts';
import { registerProviderCommands } from './commands/provider.ts';
import { registerSeedCommands } from './commands/seed.ts';
import { registerServerCommands } from './commands/server.ts';
import { registerTenantCommands } from './commands/tenant.ts';
import { registerVaultCommands } from './commands/vault.ts';
import { EXIT_INVALID, loadErrorTableFor, reportError } from './context.ts';
import { detectLang, setLang, t } from './i18n.ts';

export const VERSION = '0.1.0';

/** The commander program. Build it after setLang(): descriptions are in the chosen language. */
export function createProgram(): Command {
  const program = new Command('smarteros');
  // Set before adding commands: subcommands inherit these settings.
  program
    .description(t('cli.description'))
    .version(VERSION, '-v, --version', t('opt.version'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand('help [command]', t('cmd.help'))
    .option('--url <url>', t('opt.url'))
    .option('--token <token>', t('opt.token'))
    .option('--json', t('opt.json'))
    .addOption(new Option('--lang <lang>', t('opt.lang')).choices(['es', 'en']))
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError()
    .exitOverride();

  registerServerCommands(program);
  registerAuthCommands(program);
  registerTenantCommands(program);
  registerProductCommands(program);
  registerDomainCommands(program);
  registerIntegrationCommands(program);
  registerApiKeyCommands(program);
  registerEventsCommand(program);
  registerSeedCommands(program);
  registerProviderCommands(program);
  registerCapabilityCommands(program);
  registerGatewayCommands(program);
  registerVaultCommands(program);
  registerMcpCommands(program);
  registerActionCommands(program);
  registerAiCommands(program);
  registerChatCommands(program);
  registerErpCommands(program);
  return program;
}

/** Runs one command line; answers the exit code (errors are printed on stderr). */
export async function run(argv: readonly string[] = process.argv): Promise<number> {
  setLang(detectLang(argv.slice(2), process.env));
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // commander printed its own message (unknown option, missing argument) or the help; 0 for --help and --version.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_INVALID;
    await loadErrorTableFor(err);
    return reportError(err);
  }
}

if (import.meta.main) process.exitCode = await run();
