import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config/app.config.js';
import { buildOpenApiDocumentOffline } from '../http-app.js';

/**
 * `node dist/src/cli/openapi.js [file]` writes the OpenAPI document (JSON) to the file, or to
 * stdout, without a database, Redis or a listening port.
 */
async function main() {
  const document = await buildOpenApiDocumentOffline(loadConfig({ NODE_ENV: 'development' }));
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const file = process.argv[2];
  if (file) writeFileSync(file, json);
  else process.stdout.write(json);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
