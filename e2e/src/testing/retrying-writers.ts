/**
 * Clients that create notes in a loop and retry what the API could not do, as a careful client
 * would: a 503 or a 409 after its `Retry-After`, a request that got no answer at once. Each note
 * is retried until it is acknowledged (201); with `keyed`, every attempt at one note carries the
 * same `Idempotency-Key`, so the API can make it happen once. Every attempt is recorded (when it
 * was sent and answered, how, with which headers), for the suites to count afterwards, and a
 * timeline records when storage changed condition, so attempts can be placed in it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { NoAnswerError, send, type VirtualUser } from './traffic.js';

export interface Attempt {
  /** Epoch milliseconds. */
  readonly sentAt: number;
  readonly answeredAt: number;
  /** The status, or `no answer` when the client gave up. */
  readonly status: number | 'no answer';
  readonly retryAfter: string | null;
  /** `Idempotent-Replayed: true`: the answer of an earlier attempt, given again. */
  readonly replayed: boolean;
}

export interface WrittenNote {
  readonly title: string;
  readonly content: string;
  readonly keyed: boolean;
  readonly attempts: Attempt[];
  /** The note id of the 201, once acknowledged. */
  noteId?: string;
}

export interface WriterOptions {
  /** Where the API's routes start. */
  readonly base: string;
  readonly user: VirtualUser;
  /** Makes each note's title, and its key when keyed: `{label}-{n}`. */
  readonly label: string;
  readonly keyed: boolean;
  readonly content: (title: string) => string;
  /** The client gives up on one request after this long and sends it again. */
  readonly abortAfterMs: number;
  /** Once true, no new note is started; the current one is still retried to the end. */
  readonly stopping: () => boolean;
  /** Epoch milliseconds after which a note still not acknowledged is abandoned (the suite fails on it). */
  readonly abandonAt: () => number;
}

/** The longest wait a `Retry-After` may ask for; more would stall the suite, and the API asks for 1-2 s. */
const MAX_RETRY_AFTER_SECONDS = 5;

/**
 * Runs one client until `stopping()`; resolves with every note it started.
 *
 * @example
 * const notes = await runWriter({ base, user, label: 'keyed-1', keyed: true, content: (t) => `body of ${t}`,
 *   abortAfterMs: 9_000, stopping: () => done, abandonAt: () => Date.now() + 60_000 });
 */
export async function runWriter(options: WriterOptions): Promise<WrittenNote[]> {
  const notes: WrittenNote[] = [];
  for (let n = 0; !options.stopping(); n += 1) {
    const title = `${options.label}-${n}`;
    const note: WrittenNote = { title, content: options.content(title), keyed: options.keyed, attempts: [] };
    notes.push(note);
    while (note.noteId === undefined && Date.now() < options.abandonAt()) {
      const sentAt = Date.now();
      try {
        const answer = await send(`${options.base}/notes`, {
          method: 'POST',
          token: options.user.token,
          json: { title, content: note.content },
          ...(options.keyed ? { headers: { 'Idempotency-Key': title } } : {}),
          abortAfterMs: options.abortAfterMs,
        });
        const retryAfter = answer.headers.get('retry-after');
        note.attempts.push({
          sentAt,
          answeredAt: Date.now(),
          status: answer.status,
          retryAfter,
          replayed: answer.headers.get('idempotent-replayed') === 'true',
        });
        const created = answer.body as { noteId?: string } | undefined;
        if (answer.status === 201 && created?.noteId) {
          note.noteId = created.noteId;
        } else if (answer.status === 503 || answer.status === 409) {
          const seconds = Number(retryAfter ?? '1');
          await delay(1000 * Math.min(MAX_RETRY_AFTER_SECONDS, Number.isFinite(seconds) && seconds > 0 ? seconds : 1));
        } else {
          // Anything else is not the API's answer to trouble: recorded, and the note is left.
          break;
        }
      } catch (error) {
        if (!(error instanceof NoAnswerError)) throw error;
        note.attempts.push({ sentAt, answeredAt: Date.now(), status: 'no answer', retryAfter: null, replayed: false });
      }
    }
  }
  return notes;
}

/** One stretch of time in one storage condition. */
export interface Phase<C extends string = string> {
  readonly condition: C;
  readonly start: number;
  /** `Infinity` while it lasts. */
  end: number;
}

/** When storage changed condition, in epoch milliseconds. */
export class Timeline<C extends string = string> {
  readonly phases: Phase<C>[] = [];

  /** Ends the current phase and starts one in `condition`. */
  enter(condition: C): void {
    const now = Date.now();
    const current = this.phases.at(-1);
    if (current) current.end = now;
    this.phases.push({ condition, start: now, end: Number.POSITIVE_INFINITY });
  }

  /** Ends the last phase. */
  close(): void {
    const current = this.phases.at(-1);
    if (current && current.end === Number.POSITIVE_INFINITY) current.end = Date.now();
  }

  of(condition: C): Phase<C>[] {
    return this.phases.filter((phase) => phase.condition === condition);
  }

  /** The phase that follows `phase`, if any. */
  after(phase: Phase<C>): Phase<C> | undefined {
    return this.phases[this.phases.indexOf(phase) + 1];
  }
}
