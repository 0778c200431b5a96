/**
 * The two error families the local Cognito speaks. The Identity Provider JSON API answers
 * `400 {"__type": "...", "message": "..."}` as the AWS SDK expects; the OAuth 2.0 endpoints
 * answer `{"error": "..."}` (RFC 6749). Pool logic throws `CognitoError`; the OAuth layer
 * translates what it needs to.
 */

/** The `__type` values this emulator sends, as the real service names them. */
export type CognitoErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'GroupExistsException'
  | 'InternalErrorException'
  | 'InvalidOAuthFlowException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'LimitExceededException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'ResourceNotFoundException'
  | 'ScopeDoesNotExistException'
  | 'SerializationException'
  | 'UnauthorizedException'
  | 'UnknownOperationException'
  | 'UnsupportedOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UnsupportedUserStateException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

/** An error of the Cognito Identity Provider API; `status` is what the service answers with. */
export class CognitoError extends Error {
  readonly type: CognitoErrorType;
  readonly status: number;

  constructor(type: CognitoErrorType, message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.name = 'CognitoError';
    this.type = type;
    this.status = options?.status ?? (type === 'InternalErrorException' ? 500 : 400);
  }
}

/** The `error` codes of the OAuth 2.0 token, revocation and authorize endpoints. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_token_type'
  | 'server_error';

/** An OAuth 2.0 error; `description` is for people and never carries a secret. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;

  constructor(code: OAuthErrorCode, description: string, status = 400) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status;
  }
}
