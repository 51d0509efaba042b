import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/time/clock.js';
import { APP_CONFIG, type AppConfig } from './app.config.js';

/** Makes the validated AppConfig (APP_CONFIG) and the Clock injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, Clock],
      exports: [APP_CONFIG, Clock],
    };
  }
}
