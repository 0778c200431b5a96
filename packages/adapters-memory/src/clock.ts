import type { Clock } from '@secure-notes/domain';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
