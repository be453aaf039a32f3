// `npm start`: the server on the embedded database (or PostgreSQL with DATABASE_URL), ready in seconds.
import { serve, startErrorMessage } from './serve.ts';

try {
  await serve();
} catch (err) {
  console.error(startErrorMessage(err));
  process.exit(1);
}
