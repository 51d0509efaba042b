import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ActorLoader } from './actor.loader.js';
import { AuthGuard } from './auth.guard.js';

/** Authentication for every HTTP route: the global guard and the cached actor loader. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [ActorLoader, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ActorLoader, JwtModule],
})
export class AccessModule {}
