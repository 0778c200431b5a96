/**
 * How long an app client's tokens live: Cognito's defaults, the ranges it accepts, the units
 * CreateUserPoolClient and UpdateUserPoolClient take a lifetime in, and the lifetimes in
 * seconds that the token service signs with.
 */
import { CognitoError } from '../errors.js';
import type { ClientRecord, TimeUnit, TokenValidity } from './storage.js';

/** Cognito's default lifetimes: access and ID tokens one hour, refresh tokens 30 days. */
export const DEFAULT_TOKEN_VALIDITY: TokenValidity = {
  accessToken: 60,
  idToken: 60,
  refreshToken: 30,
  units: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
};
const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
/** The ranges Cognito accepts, in seconds. */
const TOKEN_RANGES = {
  accessToken: { name: 'AccessTokenValidity', min: 300, max: 86_400, text: '5 minutes and 1 day' },
  idToken: { name: 'IdTokenValidity', min: 300, max: 86_400, text: '5 minutes and 1 day' },
  refreshToken: { name: 'RefreshTokenValidity', min: 3600, max: 315_360_000, text: '60 minutes and 10 years' },
} as const;

/** The lifetimes a client asks for: each number alone is in the API's default unit (hours, hours, days). */
export interface TokenValiditySettings {
  readonly accessToken?: number;
  readonly idToken?: number;
  readonly refreshToken?: number;
  readonly units?: Partial<Record<'accessToken' | 'idToken' | 'refreshToken', TimeUnit>>;
}

/** Lifetimes in seconds. */
export interface TokenLifetimes {
  readonly accessToken: number;
  readonly idToken: number;
  readonly refreshToken: number;
}

/** A client's token lifetimes in seconds. */
export function tokenLifetimes(client: ClientRecord): TokenLifetimes {
  const { tokenValidity: v } = client;
  return {
    accessToken: v.accessToken * SECONDS[v.units.accessToken],
    idToken: v.idToken * SECONDS[v.units.idToken],
    refreshToken: v.refreshToken * SECONDS[v.units.refreshToken],
  };
}

/**
 * The lifetimes a client asked for, with Cognito's defaults: with no number, one hour (shown
 * as 60 minutes) and 30 days; a number without a unit is in hours (access and ID) or days
 * (refresh); a refresh validity of 0 means the default. Throws InvalidParameterException,
 * as Cognito answers, for a lifetime out of its range.
 *
 * @example
 * resolveTokenValidity({ accessToken: 2 }); // access tokens live 2 hours, the others as by default
 */
export function resolveTokenValidity(asked: TokenValiditySettings | undefined): TokenValidity {
  const kinds = ['accessToken', 'idToken', 'refreshToken'] as const;
  const defaultUnit: Record<(typeof kinds)[number], TimeUnit> = {
    accessToken: 'hours',
    idToken: 'hours',
    refreshToken: 'days',
  };
  const result: TokenValidity = { ...DEFAULT_TOKEN_VALIDITY, units: { ...DEFAULT_TOKEN_VALIDITY.units } };
  for (const kind of kinds) {
    const value = asked?.[kind];
    const unit = asked?.units?.[kind];
    if (value === undefined || (kind === 'refreshToken' && value === 0)) {
      if (unit !== undefined) {
        // A unit alone restates the default in that unit when it divides evenly, as the console shows it.
        const seconds = DEFAULT_TOKEN_VALIDITY[kind] * SECONDS[DEFAULT_TOKEN_VALIDITY.units[kind]];
        if (seconds % SECONDS[unit] === 0) {
          result[kind] = seconds / SECONDS[unit];
          result.units[kind] = unit;
        }
      }
      continue;
    }
    const chosenUnit = unit ?? defaultUnit[kind];
    const seconds = value * SECONDS[chosenUnit];
    const range = TOKEN_RANGES[kind];
    if (!Number.isInteger(value) || seconds < range.min || seconds > range.max) {
      throw new CognitoError(
        'InvalidParameterException',
        `${range.name} must be between ${range.text}; ${value} ${chosenUnit} is not.`,
      );
    }
    result[kind] = value;
    result.units[kind] = chosenUnit;
  }
  return result;
}
