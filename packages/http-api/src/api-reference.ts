/**
 * The repository's API reference (`docs/api.md`), rendered from the contract itself: the OpenAPI
 * document for the routes, parameters and answers, the error-answer table for the bodies, and
 * the entrypoint table for what API Gateway answers before the handler runs. A test renders it
 * again and compares, so the reference cannot drift from what the runtimes send.
 */

import {
  DEFAULT_ATTACHMENT_SETTINGS,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_TTL_MS,
  NEVER_ALLOWED_CONTENT_TYPES,
} from '@secure-notes/domain';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS } from './cors.js';
import { ENTRYPOINT_ANSWERS, type EntrypointAnswers, type PlainAnswer } from './entrypoints.js';
import { ERROR_ANSWERS } from './error-answers.js';
import { ADDRESS_RATE_LIMIT, ADDRESS_RATE_LIMITED_ANSWER, STAGE_THROTTLING } from './gateway-limits.js';
import { DEFAULT_STORAGE_BUDGET_MS } from './notes-http-handler.js';
import { createOpenApiDocument } from './openapi.js';
import { NOTES_ROUTES } from './routes.js';

type Json = Record<string, unknown>;

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function resolve(document: Json, value: unknown): Json {
  let current = value as Json;
  while (current && typeof current.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Json)[key], document) as Json;
  }
  return current;
}

const ROWS: readonly [
  Exclude<keyof EntrypointAnswers, 'acceptsAccessTokens' | 'nonUtf8Body' | 'headersOverGatewayLimit'>,
  string,
][] = [
  ['readScopeOnWriteRoute', 'Access token with `notes/read` only, on a write route'],
  ['expiredToken', 'Expired token'],
  ['expiredAfterCaching', 'Token that expires after the authorizer cached its policy for it'],
  ['nonAdminOnAdminRoute', 'Non-admin on `/admin/users/{userId}/notes`'],
  ['undefinedRoute', 'Undefined route or method'],
  ['bodyOverGatewayLimit', 'Body over 10 MB'],
  [
    'bodyOverLambdaLimit',
    "Body that takes the Lambda event past 6 MB (Lambda's invocation limit; a body escaped or base64-encoded in the event counts as it grows)",
  ],
  ['handlerFault', 'An error escapes the handler, it times out (10 s) or returns a malformed result'],
];

function answerCell(answer: { status: number; body: Json } | PlainAnswer): string {
  if ('text' in answer) {
    return `\`${answer.status}\` plain text \`${answer.text}\`${answer.unverified ? " (*unverified*: no capture of AWS's answer is known)" : ''}`;
  }
  return `\`${answer.status} ${JSON.stringify(answer.body)}\``;
}

/** The decisions behind the attachment routes, stated once. */
function attachmentSection(): string[] {
  const s = DEFAULT_ATTACHMENT_SETTINGS;
  return [
    '## Attachments',
    '',
    `A note carries up to ${s.maxPerNote} files. Each is \`{"attachmentId","name","contentType","size","state","createdAt"}\`, plus \`uploadExpiresAt\` while \`state\` is \`pending\`; it becomes \`ready\` once the upload is confirmed. The bytes never pass through the API: they go straight to S3 and back with short-lived presigned requests, under a key the server makes from the owner, the note and the attachment id (\`pending/{sub}/{noteId}/{attachmentId}\` for the upload, \`files/…\` once confirmed).`,
    '',
    '1. `POST /notes/{noteId}/attachments` with `{"name","contentType","size"}` answers `201` with the pending attachment and `upload`: `{"method":"POST","url","fields","expiresAt"}`. Send the fields, then the file as the last field `file`, as `multipart/form-data` to `url` (`curl -F` does this).',
    '2. `POST /notes/{noteId}/attachments/{attachmentId}/confirm` checks the uploaded object (its size and type as promised), keeps it and answers the `ready` attachment. Confirming a ready attachment again answers it unchanged.',
    '3. `GET /notes/{noteId}/attachments/{attachmentId}` answers `{"attachment","download":{"url","expiresAt"}}`: a presigned GET, not a redirect (a browser app cannot follow a redirect from a call that carries `Authorization`), which S3 answers with `Content-Disposition: attachment; filename="…"; filename*=UTF-8\'\'…` (RFC 6266, RFC 5987) and the stored type, so a file is saved, never rendered as a page of any origin.',
    '4. `DELETE /notes/{noteId}/attachments/{attachmentId}` removes it: `204`.',
    '',
    '**Why a presigned POST, not a PUT.** The POST policy states every condition S3 enforces before it stores a byte: the exact key (`eq $key`), the exact type (`eq $Content-Type`) and `content-length-range` of exactly the promised size, so a larger, smaller or other file, another key or another type is refused by S3 itself. A presigned PUT can sign `Content-Length` and `Content-Type` too, but browsers set `Content-Length` themselves and the SDK hoists or leaves out headers from the signature unless each is listed, so the limits would hang on client behaviour.',
    '',
    "**Versions.** An attachment change does not change the note's `version` or `ETag`, which guard its title and content: adding a file while someone edits the text makes neither party's `If-Match` stale. The attachment routes take no `If-Match`: each attachment is addressed by its own server-made id, and every change of a note's attachment list is a compare-and-swap on the list in storage, retried by the server, so concurrent changes never lose each other.",
    '',
    `**Limits** (defaults; each is a setting): ${s.maxBytes / 1024 / 1024} MiB a file, ${s.maxPerNote} files a note, ${s.quotaBytes / 1024 / 1024} MiB a user across notes, pending uploads included while they are live. The quota is checked when an upload is requested, against what the user's notes hold then: upload requests made at the same moment on different notes can each pass, so a user can go past it by the files of those requests (a note's own count cannot be exceeded: its list changes by compare-and-swap). Types: ${s.contentTypes.map((t) => `\`${t}\``).join(', ')}; ${NEVER_ALLOWED_CONTENT_TYPES.map((t) => `\`${t}\``).join(', ')}, any \`+xml\` and any type naming html are never allowed, whatever the settings say. A name is 1–255 characters with no \`/\`, \`\\\`, control character or bidirectional mark (such as U+202E, which disguises \`exe\` as \`pdf\`), not \`.\` or \`..\`. An upload request is valid ${s.uploadExpiresSeconds} s, a download link ${s.downloadExpiresSeconds} s.`,
    '',
    `**Pending uploads expire lazily.** A pending attachment whose upload request expired more than ${s.pendingGraceSeconds} s ago stops counting toward the limits, is no longer listed, and is removed (record and any uploaded object) by the note's next upload request. A lifecycle rule on \`pending/\` is only the backstop for uploads nothing confirmed: a confirmed file is kept under \`files/\`, where no rule reaches it.`,
    '',
    '**Deletes leave no orphan object.** Deleting an attachment deletes its objects first, then its record; deleting a note deletes every object under its prefixes first (an upload whose record never made it included), then the note. A failure in between leaves a record whose file is gone, which the same `DELETE` repeated clears (deleting a missing object succeeds); never an object that no record names. A stale `If-Match` on `DELETE /notes/{noteId}` is refused before any file is touched.',
    '',
    "**Checking an upload.** `HeadObject` on a missing key answers `403`, not `404`, unless the caller may list the bucket: the API's role may list its bucket's `pending/` and `files/` prefixes, so a missing upload is a `404` from S3 and a `409 Upload not found` here, and a `403` is what it says, a permission error: a `500`, with the details in the log. S3 throttled or unreachable is a `503` with `Retry-After`.",
    '',
    "Isolation as everywhere: another user's note or attachment is a `404` on every route. The admin route lists any user's notes with their attachments' metadata, never a link to their files.",
    '',
  ];
}

/**
 * @example
 * writeFileSync('docs/api.md', renderApiReference());
 */
export function renderApiReference(): string {
  const document = createOpenApiDocument() as unknown as Json;
  const paths = document.paths as Record<string, Json>;
  const lines: string[] = [];
  const out = (...text: string[]) => lines.push(...text);

  out(
    '# The Notes API',
    '',
    '<!-- Rendered from the contract (packages/http-api: the OpenAPI document, the error-answer and entrypoint tables) by `pnpm docs:api`; a test keeps it current. Do not edit by hand. -->',
    '',
    'Every entrypoint answers alike: the Express server (the container) and the Lambda behind API Gateway give the same status and body for the same request, except where API Gateway answers before the function runs (see the last table). `GET /openapi.json` on the server serves the OpenAPI 3.1 document this page is rendered from.',
    '',
    '## Authentication',
    '',
    '- `Authorization: <jwt>` or `Authorization: Bearer <jwt>`.',
    "- An ID token of the user pool and app client may read and write (the tutorial's way). A token issued to another app client of the same pool is invalid on every entrypoint (behind the Cognito authorizer, which lets any app client's token through, the function checks the token's `aud` or `client_id` itself). An access token needs `notes/read` for the GET routes and `notes/write` for the others; without it, it is treated as invalid.",
    `- Missing, malformed, badly signed, wrong issuer, client or \`token_use\`: ${answerCell(ERROR_ANSWERS.unauthorized)}. Expired: ${answerCell(ERROR_ANSWERS.tokenExpired)}. The use case is never reached.`,
    "- The caller is the token's `sub`. Nothing in the path, query or body can name another owner; another user's note is a 404, as if it did not exist.",
    '',
    '## Routes',
    '',
    '| Route | Scope | Summary |',
    '|---|---|---|',
  );
  for (const route of NOTES_ROUTES) {
    const operation = paths[route.path]?.[route.method.toLowerCase()] as Json;
    const scopes = (((operation.security as Json[])[0]?.cognitoUserPool as string[] | undefined) ?? []).join(', ');
    out(
      `| \`${route.method} ${route.path}\` | \`${scopes}\`${route.adminOnly ? ', `admin` group' : ''} | ${operation.summary} |`,
    );
  }
  out(
    '',
    'A note is `{"userId","noteId","title","content","createdAt","updatedAt","version","attachments"}`: `createdAt`/`updatedAt` are ISO 8601 UTC, `version` an integer from 1, `attachments` its files (see below). Single-note answers carry `ETag: "<version>"`; `If-Match` takes it back. Lists are newest first, `?limit=1..100` (50 by default) and `?nextToken=` from the previous page, absent on the last page. A page holds fewer notes than `limit`, with a `nextToken` to the rest, when more would not fit in one answer on every runtime: the Lambda proxy result escapes the body again, within Lambda\'s 6 MB response limit.',
    '',
    ...attachmentSection(),
    '## Safe retries',
    '',
    `Every write takes an \`Idempotency-Key\` header (1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, per user, kept ${IDEMPOTENCY_KEY_TTL_MS / 3_600_000} hours). Send one, and retry a \`503\`, a timeout or a dropped connection with the same key: the first request with the key does the work; a repeat of the same request (method, route, \`If-Match\` and body) gets the first answer again, with \`Idempotent-Replayed: true\`, and changes nothing. While the first is still running a repeat gets \`409\` with \`Retry-After\`; the same key with another request gets \`422\`. A \`5xx\` is never recorded: the key stays held until the request's storage budget has passed (a write may have been applied with its answer lost), then a retry does the work, or finds it done. Storage trouble is answered \`503\` with \`Retry-After\` within the request's storage budget (${DEFAULT_STORAGE_BUDGET_MS / 1000} s by default).`,
    '',
    '## Errors',
    '',
    '| Status | Body | When |',
    '|---|---|---|',
  );
  for (const answer of Object.values(ERROR_ANSWERS)) {
    const body =
      answer.component === 'ValidationFailed'
        ? { ...answer.body, details: [{ field: '…', message: '…' }] }
        : answer.body;
    const headers = answer.headers.length > 0 ? ` (with ${answer.headers.map((h) => `\`${h}\``).join(', ')})` : '';
    out(`| ${answer.status} | ${code(body)} | ${answer.description}${headers} |`);
  }
  out(
    '',
    "A body is read as JSON whatever its `Content-Type` says (the tutorial's `curl -d` sends a form type). Unknown fields (`userId`, `noteId`, `version`, …) and keys that could reach a prototype (`__proto__`) are refused. A header sent twice is read as its values joined with `, ` (two `If-Match` lines are a list that matches no version). `title` is 1–256 characters, `content` at most 256 KiB of UTF-8, both valid Unicode (an unpaired surrogate such as `\\ud800` is refused: UTF-8 cannot store it), a body at most 300 KiB.",
    '',
    '## Headers',
    '',
    `- \`Content-Type: application/json; charset=utf-8\` on every body, \`Cache-Control: no-store\` on every authenticated answer, \`X-Request-Id\` on every answer (the incoming one when plain).`,
    `- CORS for configured origins only. Allowed request headers: ${CORS_ALLOWED_HEADERS.map((h) => `\`${h}\``).join(', ')}; exposed: ${CORS_EXPOSED_HEADERS.map((h) => `\`${h}\``).join(', ')}.`,
    "- Behind API Gateway, the gateway's own 4XX and 5XX answers (the ones in the table at the end) name exactly one origin, the first configured, whatever the request's `Origin`: a gateway response's header is one fixed value. The local API Gateway does the same. Preflights and the function's own answers name the request's origin when it is configured.",
    '',
    '## Operations',
    '',
  );
  for (const route of NOTES_ROUTES) {
    const item = paths[route.path] as Json;
    const operation = item[route.method.toLowerCase()] as Json;
    out(`### \`${route.method} ${route.path}\``, '', String(operation.summary));
    if (operation.description) out('', String(operation.description));
    const parameters = [...((item.parameters as Json[]) ?? []), ...((operation.parameters as Json[]) ?? [])].map((p) =>
      resolve(document, p),
    );
    if (parameters.length > 0) {
      out('', '| Parameter | In | Description |', '|---|---|---|');
      for (const parameter of parameters) out(`| \`${parameter.name}\` | ${parameter.in} | ${parameter.description} |`);
    }
    out('', '| Status | Meaning |', '|---|---|');
    for (const [status, response] of Object.entries(operation.responses as Json)) {
      out(`| ${status} | ${String(resolve(document, response).description).replaceAll('\n', ' ')} |`);
    }
    out('');
  }
  out(
    '## Where the runtimes differ',
    '',
    "Behind API Gateway some requests never reach the function; the gateway's own answer stands. These are the only differences the scenario suite allows, by entrypoint:",
    '',
    '| Request | Express | API Gateway + Cognito authorizer | API Gateway + Lambda authorizer (TOKEN or REQUEST) |',
    '|---|---|---|---|',
    `| Access token with the route's scope | accepted | ${answerCell(ENTRYPOINT_ANSWERS['gateway-cognito'].invalidToken)}: without scopes on the method the Cognito authorizer takes ID tokens only | accepted |`,
  );
  for (const [row, label] of ROWS) {
    out(
      `| ${label} | ${answerCell(ENTRYPOINT_ANSWERS.express[row])} | ${answerCell(ENTRYPOINT_ANSWERS['gateway-cognito'][row])} | ${answerCell(ENTRYPOINT_ANSWERS['gateway-lambda-authorizer'][row])} |`,
    );
  }
  const nonUtf8 = (entrypoint: keyof typeof ENTRYPOINT_ANSWERS) =>
    ENTRYPOINT_ANSWERS[entrypoint].nonUtf8Body === 'refused'
      ? answerCell(ERROR_ANSWERS.invalidJson)
      : 'taken as text: API Gateway hands the function text with U+FFFD in place of the bad bytes';
  const gatewayRate = `${answerCell(ERROR_ANSWERS.tooManyRequests)} past the stage's throttling (${STAGE_THROTTLING.rateLimit} requests per second, bursts of ${STAGE_THROTTLING.burstLimit}, every caller together), without \`Retry-After\`; ${answerCell(ADDRESS_RATE_LIMITED_ANSWER)} with \`Retry-After: ${ADDRESS_RATE_LIMITED_ANSWER.retryAfterSeconds}\` past the WAF rule (${ADDRESS_RATE_LIMIT.limit} requests per address per ${ADDRESS_RATE_LIMIT.windowSeconds} s)`;
  out(
    `| Past the rate limits | ${answerCell(ERROR_ANSWERS.tooManyRequests)} with \`Retry-After\`, past the per-caller or the per-address limit | ${gatewayRate} | the same |`,
  );
  const headers = (entrypoint: keyof typeof ENTRYPOINT_ANSWERS) => {
    const answer = ENTRYPOINT_ANSWERS[entrypoint].headersOverGatewayLimit;
    return answer === 'accepted'
      ? "accepted (Node's own limit: `431` with no body past 16 KiB of headers)"
      : answerCell(answer);
  };
  out(
    `| Header values over 10,240 bytes together | ${headers('express')} | ${headers('gateway-cognito')} | ${headers('gateway-lambda-authorizer')} |`,
  );
  out(
    `| A body whose bytes are not UTF-8 | ${nonUtf8('express')} | ${nonUtf8('gateway-cognito')} | ${nonUtf8('gateway-lambda-authorizer')} |`,
  );
  out(
    '',
    "A machine-to-machine token (client credentials) has the app client's id as `sub`: its notes are the client's own. The Express server alone also serves `GET /health` and `GET /openapi.json`.",
    '',
  );
  return lines.join('\n');
}
