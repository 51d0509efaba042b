import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../users/user.entity.js';

/** The signed-in caller, as guards resolved them for this request. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Parks assigned to the user; their sub-parks are in scope too. Admins see everything. */
  parkIds: string[];
  correlationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const isAdmin = (actor: Actor) => actor.role === 'admin';
export const canApprove = (actor: Actor) => actor.role === 'admin' || actor.role === 'manager';

/** Injects the Actor into a handler parameter. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});

/**
 * A SQL predicate limiting rows to the actor's parks and everything below them. Appends the
 * parameter to `params` and returns ` AND <expr> IN (…)`, or '' for admins.
 */
export function scopeSql(actor: Actor, parkIdExpr: string, params: unknown[]): string {
  if (isAdmin(actor)) return '';
  params.push(actor.parkIds);
  return ` AND ${parkIdExpr} IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ANY($${params.length}::uuid[]))`;
}
