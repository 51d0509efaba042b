import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/app.config.js';
import { ConfigValidationError } from './config/env.validation.js';
import { createHttpApp } from './http-app.js';
import { createAppLogger } from './observability/app-logger.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new Logger('Main');
  if (config.roles.includes('api')) {
    const app = await createHttpApp(config);
    await app.listen({ port: config.port, host: config.host });
    logger.log(
      `Roles ${config.roles.join(',')}; API on http://${config.host}:${config.port} (docs at /docs)`,
    );
  } else {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: createAppLogger(config),
    });
    app.enableShutdownHooks();
    logger.log(`Roles ${config.roles.join(',')}; no HTTP listener`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
