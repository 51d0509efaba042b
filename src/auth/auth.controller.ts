import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { ApiAuth, Public, Roles } from '../common/auth/auth.decorators.js';
import { ApiUpdate } from '../common/http/api-docs.decorators.js';
import { ErrorResponse } from '../common/errors/error-response.dto.js';
import { UpdateMeDto, UserView } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { LoginDto, TokenResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many failed tries in the window; see Retry-After',
  })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    return this.auth.login(dto, request.ip);
  }

  @Get('me')
  @ApiAuth()
  @ApiOperation({ summary: 'The signed-in user, with role and parks' })
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor, actor.id);
  }

  @Patch('me')
  @Roles('viewer', 'officer', 'manager')
  @ApiAuth()
  @ApiUpdate(UserView, 'Change your own name or password (the current one is required)')
  updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto) {
    return this.users.updateSelf(actor, dto);
  }
}
