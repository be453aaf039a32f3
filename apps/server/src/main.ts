// `npm start`: the server on the embedded database (or PostgreSQL with DATABASE_URL), ready in seconds.
import { AppError, ConfigError, loadConfig, MigrationError } from '@smarteros/kernel';
import { startServer } from './index.ts';

const began = performance.now();
try {
  const config = loadConfig();
  const server = await startServer({ config, onStep: (s) => console.log(`· ${s}`) });
  const shown = server.url.replace('127.0.0.1', 'localhost');
  console.log(`SmarterOS ready at ${shown} in ${Math.round(performance.now() - began)} ms`);
  console.log(`  API reference: ${shown}/api/docs`);
  if (server.generatedAdminPassword) {
    console.log('');
    console.log('  Platform admin created. This password is shown once; keep it:');
    console.log(`    e-mail:   ${config.admin.email}`);
    console.log(`    password: ${server.generatedAdminPassword}`);
    console.log(`  Then: npx smarteros login --email ${config.admin.email}`);
  }
  const stop = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError || err instanceof MigrationError || err instanceof AppError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
}
