/**
 * A tagged template for server-rendered HTML: every interpolated value is escaped with
 * `escape-html` unless it is itself `html`, so user input (an email, a `state`, an error
 * message) can never become markup.
 */
import escapeHtml from 'escape-html';

/** Markup that is already safe: the result of `html`. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** Builds markup; `${value}` is escaped, nested `html` and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}
