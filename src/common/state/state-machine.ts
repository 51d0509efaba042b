import { DomainException } from '../errors/domain.exception.js';

/** For each state, the states it may move to. Terminal states map to []. */
export type TransitionGraph<S extends string> = Readonly<Record<S, readonly S[]>>;

export const INVALID_TRANSITION = 'INVALID_TRANSITION';

export function canMove<S extends string>(graph: TransitionGraph<S>, from: S, to: S): boolean {
  return graph[from].includes(to);
}

/** Throws 409 INVALID_TRANSITION naming the moves that are allowed from `from`. */
export function assertTransition<S extends string>(
  what: string,
  graph: TransitionGraph<S>,
  from: S,
  to: S,
): void {
  if (canMove(graph, from, to)) return;
  const allowed = graph[from];
  throw new DomainException(
    409,
    INVALID_TRANSITION,
    `${what} cannot move from ${from} to ${to}; ` +
      (allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`),
  );
}
