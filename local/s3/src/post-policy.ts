/**
 * A browser upload (`POST /{bucket}` with `multipart/form-data`) checked as S3 checks it: the
 * policy's signature, its expiration, and every condition of the policy against the form's
 * fields and the file's size; a form field that no condition names is refused too. Field
 * names are case-insensitive, as S3 reads them.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
import { S3Error } from './s3-error.js';
import { type Credentials, policySignature, sameSignature } from './signatures.js';

export interface PostUpload {
  readonly key: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  /** `success_action_status`: 200, 201 or 204 (the default). */
  readonly status: number;
}

type Condition = Record<string, unknown> | unknown[];

interface Policy {
  readonly expiration: string;
  readonly conditions: readonly Condition[];
}

/** Fields the policy need not name. */
const EXEMPT = new Set(['policy', 'x-amz-signature', 'file']);

function policyFailed(condition: unknown): S3Error {
  return new S3Error(
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );
}

function decodePolicy(text: string): Policy {
  try {
    const policy = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Policy;
    if (typeof policy.expiration !== 'string' || !Array.isArray(policy.conditions)) throw new Error('shape');
    return policy;
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid Policy: Invalid JSON.');
  }
}

/**
 * Reads and checks the form; returns what to store. Throws the `S3Error` S3 answers.
 *
 * @param form the parsed `multipart/form-data` body.
 */
export async function checkPostUpload(
  form: FormData,
  bucket: string,
  keys: readonly Credentials[],
  region: string,
  now: Date,
): Promise<PostUpload> {
  const fields = new Map<string, string>();
  let file: Blob | undefined;
  for (const [name, value] of form.entries()) {
    const lower = name.toLowerCase();
    if (lower === 'file') {
      if (typeof value === 'string')
        throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.');
      file = value;
    } else if (typeof value === 'string') {
      if (fields.has(lower)) throw new S3Error('InvalidArgument', `The field ${name} is given more than once.`);
      fields.set(lower, value);
    }
  }
  if (file === undefined) throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.');
  const policyText = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  const credential = fields.get('x-amz-credential');
  if (policyText === undefined || signature === undefined || credential === undefined) {
    throw new S3Error('AccessDenied', 'Access Denied: a POST needs policy, x-amz-signature and x-amz-credential.');
  }
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new S3Error('InvalidArgument', 'x-amz-algorithm must be AWS4-HMAC-SHA256');
  }
  if (!sameSignature(await policySignature(policyText, credential, keys, region), signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  const policy = decodePolicy(policyText);
  const expiration = Date.parse(policy.expiration);
  if (Number.isNaN(expiration) || now.getTime() > expiration) {
    throw new S3Error('AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  const key = fields.get('key');
  if (key === undefined || key.length === 0)
    throw new S3Error('InvalidArgument', 'Bucket POST must contain a field named key.');
  const size = file.size;
  // What each `$field` of a condition compares: the form's fields, and the bucket by name.
  const fieldValue = (name: string) => (name === 'bucket' ? bucket : fields.get(name));
  const named = new Set<string>();
  let sizeChecked = false;
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [operator, subject, operand] = condition as [unknown, unknown, unknown];
      const op = String(operator).toLowerCase();
      if (op === 'content-length-range') {
        const [min, max] = [Number(subject), Number(operand)];
        if (size > max) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        if (size < min)
          throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
        sizeChecked = true;
        continue;
      }
      if (typeof subject !== 'string' || !subject.startsWith('$') || typeof operand !== 'string') {
        throw new S3Error('InvalidArgument', `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
      }
      const name = subject.slice(1).toLowerCase();
      named.add(name);
      const value = fieldValue(name) ?? '';
      if (op === 'eq' ? value !== operand : op === 'starts-with' ? !value.startsWith(operand) : true) {
        if (op !== 'eq' && op !== 'starts-with') {
          throw new S3Error('InvalidArgument', `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
        }
        throw policyFailed(condition);
      }
      continue;
    }
    const entries = Object.entries(condition);
    if (entries.length !== 1)
      throw new S3Error('InvalidArgument', `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
    const [[field, expected]] = entries as [[string, unknown]];
    const name = field.toLowerCase();
    named.add(name);
    if (fieldValue(name) !== expected) throw policyFailed(['eq', `$${field}`, expected]);
  }
  const extra = [...fields.keys()].filter(
    (name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !named.has(name),
  );
  if (extra.length > 0) {
    throw new S3Error('AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  }
  // A policy with no size condition takes any size up to S3's 5 GB single upload.
  if (!sizeChecked && size > 5 * 1024 ** 3)
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  const status = Number(fields.get('success_action_status') ?? 204);
  return {
    key,
    contentType: fields.get('content-type') ?? 'binary/octet-stream',
    bytes: new Uint8Array(await file.arrayBuffer()),
    status: status === 200 || status === 201 ? status : 204,
  };
}
