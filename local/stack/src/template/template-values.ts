/**
 * Reading values out of a CloudFormation template: literals of the expected kind, the logical id
 * an intrinsic (`Ref`, `Fn::GetAtt`) names, and the one failure every reader raises, naming the
 * resource. Shared by the readers of the API's and the user pool's resources.
 */
import { describeResource, type ResourceRef, TemplateError, type TemplateValue } from './template-model.js';

export type Props = Readonly<Record<string, TemplateValue>>;

export function fail(resource: ResourceRef, message: string): never {
  throw new TemplateError(`${describeResource(resource)}: ${message}`);
}

export function asObject(value: TemplateValue | undefined): Record<string, TemplateValue> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, TemplateValue>)
    : undefined;
}

/** The logical id a `{ "Ref": id }` names. */
export function refOf(value: TemplateValue | undefined): string | undefined {
  const ref = asObject(value)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** The logical id a `{ "Fn::GetAtt": [id, attr] }` names (for `attr`, when given). */
export function getAttOf(value: TemplateValue | undefined, attribute?: string): string | undefined {
  const getAtt = asObject(value)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || typeof getAtt[0] !== 'string') return undefined;
  return attribute === undefined || getAtt[1] === attribute ? getAtt[0] : undefined;
}

/** Every logical id a value references (`Ref` and `Fn::GetAtt`), depth first. */
export function referencesIn(value: TemplateValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => referencesIn(item));
  const object = asObject(value);
  if (object === undefined) return [];
  const ref = refOf(object);
  if (ref !== undefined) return ref.startsWith('AWS::') ? [] : [ref];
  const att = getAttOf(object);
  if (att !== undefined) return [att];
  return Object.values(object).flatMap((item) => referencesIn(item));
}

export function text(resource: ResourceRef, props: Props, key: string): string {
  const value = props[key];
  if (typeof value !== 'string') fail(resource, `${key} must be a literal string, not ${JSON.stringify(value)}`);
  return value;
}

export function optionalText(resource: ResourceRef, props: Props, key: string): string | undefined {
  return props[key] === undefined ? undefined : text(resource, props, key);
}

export function whole(resource: ResourceRef, props: Props, key: string, fallback?: number): number {
  const value = props[key] ?? fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    fail(resource, `${key} must be a whole number, not ${JSON.stringify(value)}`);
  }
  return number;
}

export function texts(resource: ResourceRef, props: Props, key: string): string[] {
  const value = props[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(resource, `${key} must be a list of literal strings, not ${JSON.stringify(value)}`);
  }
  return [...(value as string[])];
}

/** Keeps only the keys a reader knows; any other property stops it, naming the resource. */
export function onlyKnown(resource: ResourceRef, props: Props, known: readonly string[]): void {
  const unknown = Object.keys(props).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    fail(
      resource,
      `has ${unknown.join(', ')}, which the local stack does not emulate: teach local/stack/src/template/read-template.ts what it means locally, or list it as not emulated`,
    );
  }
}

/** A header value of a mapping expression: `'value'` → value. */
export function literalOf(expression: string): string | undefined {
  const match = /^'(.*)'$/s.exec(expression);
  return match?.[1];
}
