import { Injectable } from '@nestjs/common';

/**
 * The time the service believes it is. Everything that decides what is due, overdue or late asks
 * this instead of `new Date()`, so tests can freeze it (spy on `now`).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
