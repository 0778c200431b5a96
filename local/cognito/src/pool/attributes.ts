/**
 * The pool's attribute schema and the rules Cognito applies to attribute writes: which names
 * exist, which are required, which only the pool (or an administrator) may set, and how an
 * email address must look. Attributes travel inside the pool as a plain name → value map;
 * the wire's `{Name, Value}` lists are turned into maps at the API's edge.
 */
import { CognitoError } from '../errors.js';

/** Attribute values by name, all strings as Cognito keeps them (`email_verified` is `"true"`). */
export type Attributes = Record<string, string>;

/** The attributes a user may have besides `custom:*`. `sub` is the pool's, never the caller's. */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** Sign-up needs these; an administrator may leave them out, and the user gives them on first sign-in. */
export const REQUIRED_ATTRIBUTES = ['email', 'name'] as const;

/**
 * Only the pool marks an email or a phone number verified (after a code, or when an
 * administrator says so); an app client may not write these, as Cognito's default app client
 * attribute permissions do not allow it.
 */
export const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'] as const;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const MAX_VALUE_LENGTH = 2048;

/** Whether `name` is one of the pool's required attributes. */
export function isRequired(name: string): boolean {
  return (REQUIRED_ATTRIBUTES as readonly string[]).includes(name);
}

/** Whether `name` exists in the pool's schema (standard, `sub`, or `custom:*`). */
export function inSchema(name: string): boolean {
  return name === 'sub' || STANDARD_ATTRIBUTES.has(name) || name.startsWith('custom:');
}

/**
 * InvalidParameterException, worded as Cognito words it, for a write the schema refuses:
 * `sub`, a name outside the schema, a value too long, a malformed email or verified flag.
 *
 * @example
 * validateAttributeWrite({ name: 'Ada', email: 'ada@example.com' }); // passes
 */
export function validateAttributeWrite(attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub') {
      throw new CognitoError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
    }
    if (!inSchema(name)) {
      throw new CognitoError(
        'InvalidParameterException',
        `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.\n`,
      );
    }
    if (value.length > MAX_VALUE_LENGTH) {
      throw new CognitoError('InvalidParameterException', `The value of attribute ${name} is too long.`);
    }
  }
  const email = attributes.email;
  if (email !== undefined && !EMAIL.test(email)) {
    throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
  }
  for (const flag of VERIFIED_FLAGS) {
    const value = attributes[flag];
    if (value !== undefined && value !== 'true' && value !== 'false') {
      throw new CognitoError('InvalidParameterException', `${flag} must be "true" or "false".`);
    }
  }
}

/** NotAuthorizedException, as Cognito answers an app client that writes a verified flag. */
export function refuseVerifiedFlags(attributes: Attributes): void {
  if (VERIFIED_FLAGS.some((flag) => attributes[flag] !== undefined)) {
    throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  }
}

/**
 * Cognito's masked destination, `u***@e***`.
 *
 * @example
 * maskEmail('user@example.com'); // 'u***@e***'
 */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}
