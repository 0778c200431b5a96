export {
  type AuthorizerPolicy,
  type PolicyStatement,
  policyFor,
  routeArn,
  stageArnOf,
} from './authorizer-policy.js';
export { principalFromAuthorizer } from './event-principal.js';
export {
  type AuthorizerResult,
  createRequestAuthorizer,
  createTokenAuthorizer,
  type LambdaAuthorizerOptions,
} from './lambda-authorizer.js';
export { createNotesLambdaHandler, type NotesLambdaHandler, type NotesLambdaHandlerOptions } from './notes-handler.js';
