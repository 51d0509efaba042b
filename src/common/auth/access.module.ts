import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app.config.js';
import { ActorLoader } from './actor.loader.js';
import { AuthGuard } from './auth.guard.js';

/** Authentication for every HTTP route: the global guard and the cached actor loader. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: ({ jwt }: AppConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to read the secret
        // as a public key on every verify, which cost ~0.5 ms of CPU per request.
        secret: createSecretKey(Buffer.from(jwt.secret, 'utf8')),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: jwt.expiresInSeconds,
          issuer: jwt.issuer,
          audience: jwt.audience,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: jwt.issuer, audience: jwt.audience },
      }),
    }),
  ],
  providers: [ActorLoader, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ActorLoader, JwtModule],
})
export class AccessModule {}
