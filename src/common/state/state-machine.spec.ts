import { describe, expect, it } from '@jest/globals';
import { DomainException } from '../errors/domain.exception.js';
import { assertTransition, canMove, type TransitionGraph } from './state-machine.js';

type Light = 'green' | 'yellow' | 'red' | 'off';
const graph: TransitionGraph<Light> = {
  green: ['yellow', 'off'],
  yellow: ['red'],
  red: ['green'],
  off: [],
};

describe('state machine', () => {
  it('allows exactly the listed moves', () => {
    expect(canMove(graph, 'green', 'yellow')).toBe(true);
    expect(canMove(graph, 'yellow', 'green')).toBe(false);
    expect(canMove(graph, 'green', 'green')).toBe(false);
  });

  it('refuses a move with 409 naming the allowed ones, or saying the state is final', () => {
    expect(() => assertTransition('Light', graph, 'green', 'yellow')).not.toThrow();
    try {
      assertTransition('Light', graph, 'yellow', 'green');
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect(error).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
      expect((error as Error).message).toBe('Light cannot move from yellow to green; allowed: red');
    }
    expect(() => assertTransition('Light', graph, 'off', 'green')).toThrow(/off is final/);
  });
});
