// `npm start` runs this first: it builds dist/ only when the sources changed since the last build,
// so a started-before checkout starts at once and a fresh clone (or an edited one) still builds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, builtSources, currentSources, DIST } from './build.mjs';

const built = builtSources();
const now = currentSources();

try {
  if (!built || !existsSync(join(DIST, 'server.js'))) {
    console.error('pos-sandbox: building dist/ …');
    build({ clean: true });
  } else if (built.digest !== now.digest) {
    // A source that is gone would leave its compiled file behind in an incremental build.
    const removed = built.files.some((file) => !now.files.includes(file));
    console.error('pos-sandbox: the sources changed since the last build; building dist/ …');
    build({ clean: removed });
  }
} catch (error) {
  console.error(`pos-sandbox: ${error.message}`);
  process.exit(1);
}
