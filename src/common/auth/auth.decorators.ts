import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '../../users/user.entity.js';
import { ErrorResponse } from '../errors/error-response.dto.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** No token needed (health, login, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the route (admins always may). Without it, every signed-in role may
 * read, and every role but viewer may write.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The OpenAPI side of a protected controller. */
export const ApiAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing or invalid token' }),
    ApiForbiddenResponse({ type: ErrorResponse, description: 'Role not allowed' }),
  );
