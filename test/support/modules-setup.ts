// Every test process loads the composition root's module list, as the server and the CLI do, so each module's error
// codes and constraint names are in the one table even where a test imports a service file directly.
import '../../apps/server/src/modules.ts';
