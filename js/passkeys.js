// Passkeys (WebAuthn) for the driver's `webAuthn` effects. The machine hands over
// Cognito's JSON options (`CREDENTIAL_REQUEST_OPTIONS`, `CredentialCreationOptions`); this
// file turns them into the browser's ArrayBuffer options, runs navigator.credentials.get /
// .create, turns the PublicKeyCredential back into the JSON Cognito expects
// (`PublicKeyCredential.toJSON()`'s shape), and names failures as Amplify v6 does
// (`PasskeyAuthenticationCanceled`, `PasskeyAlreadyExists`, …). Where the browser has
// `PublicKeyCredential.parse*OptionsFromJSON` and `credential.toJSON()` they are used;
// otherwise the base64url fields are converted here.
//
// The `any`s left in this file are the untyped WebAuthn JSON ⇄ ArrayBuffer seam: Cognito's
// options and the credentials' JSON are arbitrary objects whose members are checked one by
// one before use, and `PublicKeyCredential`/`navigator.credentials` are probed on
// globalThis (absent in Node, typed differently across DOM lib versions).

import { base64UrlToBytes, bytesToBase64Url } from './base64url.js';

/** @typedef {'get' | 'create'} Ceremony */

/**
 * Amplify's passkey errors: message and recovery suggestion by name.
 * @type {Record<string, { message: string, recoverySuggestion: string }>}
 */
export const PASSKEY_ERRORS = (() => {
  const notSupported =
    'Passkeys need a secure context (HTTPS or localhost) and a browser with the Web Authentication API.';
  const canceled = 'The user may have dismissed the prompt, or it timed out. Try again or use another factor.';
  const misconfigured = 'Make sure the user pool offers WEB_AUTHN and its relying party id matches this site.';
  return {
    PasskeyNotSupported: { message: 'Passkeys are not supported here.', recoverySuggestion: notSupported },
    PasskeyAlreadyExists: {
      message: 'This authenticator already holds a passkey for this user.',
      recoverySuggestion: 'Use the existing passkey, or delete that credential and register again.',
    },
    InvalidPasskeyRegistrationOptions: { message: 'Invalid passkey registration options.', recoverySuggestion: misconfigured },
    InvalidPasskeyAuthenticationOptions: { message: 'Invalid passkey authentication options.', recoverySuggestion: misconfigured },
    RelyingPartyMismatch: {
      message: 'The relying party does not match this site.',
      recoverySuggestion: "Set the user pool's WebAuthn relying party id to this site's domain (or a parent domain).",
    },
    PasskeyRegistrationFailed: { message: 'The authenticator failed to create a passkey.', recoverySuggestion: notSupported },
    PasskeyRetrievalFailed: {
      message: 'The authenticator failed to provide a passkey.',
      recoverySuggestion: 'Passkeys may not be available on this device. Try another factor (PASSWORD, EMAIL_OTP, SMS_OTP).',
    },
    PasskeyRegistrationCanceled: { message: 'Passkey registration was canceled.', recoverySuggestion: canceled },
    PasskeyAuthenticationCanceled: { message: 'Passkey sign-in was canceled.', recoverySuggestion: canceled },
    PasskeyOperationAborted: { message: 'The passkey operation was aborted.', recoverySuggestion: canceled },
  };
})();

/**
 * Whether passkeys can work here (Amplify's check): a browser window in a secure context
 * with `navigator.credentials` and `PublicKeyCredential`.
 * @returns {boolean}
 */
export function isPasskeySupported() {
  // any: probing for browser globals that Node's and the DOM lib's typings declare or not.
  const g = /** @type {any} */ (globalThis);
  return (
    typeof g.window !== 'undefined' &&
    g.isSecureContext === true &&
    !!g.navigator &&
    !!g.navigator.credentials &&
    typeof g.navigator.credentials.get === 'function' &&
    typeof g.PublicKeyCredential === 'function'
  );
}

/** An error with an Amplify passkey name (kept as is by `passkeyError`). */
class PasskeyFailure extends Error {
  /** @param {string} name @param {string} [message] */
  constructor(name, message) {
    super(message ?? PASSKEY_ERRORS[name]?.message ?? name);
    this.name = name;
  }
}

// ------------------------------------------------------------------ base64url (js/base64url.js)

export { base64UrlToBytes, bytesToBase64Url };

/** A fresh ArrayBuffer with the decoded bytes. @param {string} s */
const toBuffer = (s) => {
  const bytes = base64UrlToBytes(s);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
};

/** @param {unknown} v */
const isBuffer = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v) || Object.prototype.toString.call(v) === '[object ArrayBuffer]';

// ------------------------------------------------------------------ JSON → options

/**
 * @param {any} list
 * @param {string} invalid the error name
 */
function descriptors(list, invalid) {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw new PasskeyFailure(invalid, 'credential descriptors must be a list');
  return list.map((/** @type {any} */ c) => {
    if (!c || typeof c.id !== 'string') throw new PasskeyFailure(invalid, 'a credential descriptor has no base64url id');
    return { ...c, type: c.type ?? 'public-key', id: toBuffer(c.id) };
  });
}

/**
 * Cognito's `CredentialCreationOptions` JSON → `PublicKeyCredentialCreationOptions`
 * (`challenge`, `user.id`, `excludeCredentials[].id` as ArrayBuffers). Uses
 * `PublicKeyCredential.parseCreationOptionsFromJSON` when the browser has it.
 * @param {any} json
 * @param {{ native?: boolean }} [opts] `native: false` skips the browser's parser
 * @returns {any}
 */
export function creationOptionsFromJSON(json, opts = {}) {
  const invalid = 'InvalidPasskeyRegistrationOptions';
  if (!json || typeof json !== 'object' || typeof json.challenge !== 'string' || !json.user || typeof json.user.id !== 'string') {
    throw new PasskeyFailure(invalid, 'the creation options need challenge and user.id');
  }
  const PKC = /** @type {any} */ (globalThis).PublicKeyCredential;
  if (opts.native !== false && PKC && typeof PKC.parseCreationOptionsFromJSON === 'function') {
    try {
      return PKC.parseCreationOptionsFromJSON(json);
    } catch {
      // Fall back to the lenient conversion below.
    }
  }
  try {
    /** @type {any} */
    const out = { ...json, challenge: toBuffer(json.challenge), user: { ...json.user, id: toBuffer(json.user.id) } };
    const exclude = descriptors(json.excludeCredentials, invalid);
    if (exclude) out.excludeCredentials = exclude;
    return out;
  } catch (e) {
    if (e instanceof PasskeyFailure) throw e;
    throw new PasskeyFailure(invalid, `the creation options are not valid: ${errorText(e)}`);
  }
}

/**
 * Cognito's `CREDENTIAL_REQUEST_OPTIONS` JSON → `PublicKeyCredentialRequestOptions`
 * (`challenge`, `allowCredentials[].id` as ArrayBuffers). Uses
 * `PublicKeyCredential.parseRequestOptionsFromJSON` when the browser has it.
 * @param {any} json
 * @param {{ native?: boolean }} [opts]
 * @returns {any}
 */
export function requestOptionsFromJSON(json, opts = {}) {
  const invalid = 'InvalidPasskeyAuthenticationOptions';
  if (!json || typeof json !== 'object' || typeof json.challenge !== 'string') {
    throw new PasskeyFailure(invalid, 'the request options need a challenge');
  }
  const PKC = /** @type {any} */ (globalThis).PublicKeyCredential;
  if (opts.native !== false && PKC && typeof PKC.parseRequestOptionsFromJSON === 'function') {
    try {
      return PKC.parseRequestOptionsFromJSON(json);
    } catch {
      // Fall back to the lenient conversion below.
    }
  }
  try {
    /** @type {any} */
    const out = { ...json, challenge: toBuffer(json.challenge) };
    const allow = descriptors(json.allowCredentials, invalid);
    if (allow) out.allowCredentials = allow;
    return out;
  } catch (e) {
    if (e instanceof PasskeyFailure) throw e;
    throw new PasskeyFailure(invalid, `the request options are not valid: ${errorText(e)}`);
  }
}

// ------------------------------------------------------------------ credential → JSON

/** Drops null/undefined fields. @param {Record<string, any>} o */
function compact(o) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** @param {any} obj @param {string} method */
function call(obj, method) {
  if (!obj || typeof obj[method] !== 'function') return undefined;
  try {
    return obj[method]();
  } catch {
    return undefined;
  }
}

/**
 * A PublicKeyCredential as Cognito's JSON (`toJSON()`'s shape): `id`, `rawId`, `type`,
 * `response` (registration: `clientDataJSON`, `attestationObject`, `transports`,
 * `publicKeyAlgorithm`, `publicKey`, `authenticatorData`; sign-in: `clientDataJSON`,
 * `authenticatorData`, `signature`, `userHandle`), `authenticatorAttachment`,
 * `clientExtensionResults`; every buffer base64url. Uses `credential.toJSON()` when present.
 * @param {any} credential
 * @param {Ceremony} ceremony
 * @param {{ native?: boolean }} [opts] `native: false` skips `toJSON()`
 * @returns {Record<string, any>}
 */
export function credentialToJSON(credential, ceremony, opts = {}) {
  if (!credential || typeof credential !== 'object') throw new TypeError('no credential');
  if (opts.native !== false && typeof credential.toJSON === 'function') {
    const json = credential.toJSON();
    if (json && typeof json === 'object' && json.response) {
      const plain = JSON.parse(JSON.stringify(json));
      return compact({ ...plain, response: compact(plain.response) });
    }
  }
  const r = credential.response;
  if (!r || !isBuffer(r.clientDataJSON)) throw new TypeError('the credential has no response.clientDataJSON');
  /** @type {Record<string, any>} */
  let response;
  if (ceremony === 'create') {
    if (!isBuffer(r.attestationObject)) throw new TypeError('the credential has no response.attestationObject');
    const publicKey = call(r, 'getPublicKey');
    const authenticatorData = call(r, 'getAuthenticatorData');
    response = compact({
      clientDataJSON: bytesToBase64Url(r.clientDataJSON),
      attestationObject: bytesToBase64Url(r.attestationObject),
      transports: call(r, 'getTransports') ?? [],
      publicKeyAlgorithm: call(r, 'getPublicKeyAlgorithm'),
      publicKey: isBuffer(publicKey) ? bytesToBase64Url(publicKey) : undefined,
      authenticatorData: isBuffer(authenticatorData) ? bytesToBase64Url(authenticatorData) : undefined,
    });
  } else {
    if (!isBuffer(r.authenticatorData) || !isBuffer(r.signature)) {
      throw new TypeError('the credential has no response.authenticatorData or signature');
    }
    response = compact({
      clientDataJSON: bytesToBase64Url(r.clientDataJSON),
      authenticatorData: bytesToBase64Url(r.authenticatorData),
      signature: bytesToBase64Url(r.signature),
      userHandle: isBuffer(r.userHandle) && r.userHandle.byteLength > 0 ? bytesToBase64Url(r.userHandle) : undefined,
    });
  }
  return compact({
    id: credential.id,
    rawId: isBuffer(credential.rawId) ? bytesToBase64Url(credential.rawId) : credential.id,
    type: credential.type ?? 'public-key',
    response,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: call(credential, 'getClientExtensionResults') ?? {},
  });
}

// ------------------------------------------------------------------ errors

/**
 * Rejects with an `AbortError` when `signal` aborts (at once if it already has), so a
 * ceremony that ignores its signal still ends.
 * @param {AbortSignal} signal
 * @returns {Promise<never>}
 */
function abortedPromise(signal) {
  return new Promise((_, reject) => {
    const fail = () => reject(Object.assign(new Error('The passkey ceremony was aborted.'), { name: 'AbortError' }));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** @param {unknown} e */
function errorText(e) {
  return e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
}

/**
 * A WebAuthn failure as Amplify's passkey error `{ name, message }`: NotAllowedError →
 * PasskeyAuthenticationCanceled (get) / PasskeyRegistrationCanceled (create),
 * InvalidStateError on create → PasskeyAlreadyExists, SecurityError →
 * RelyingPartyMismatch, AbortError → PasskeyOperationAborted; errors that already carry a
 * passkey name keep it; anything else → PasskeyRetrievalFailed / PasskeyRegistrationFailed.
 * @param {unknown} e
 * @param {Ceremony} ceremony
 * @returns {{ name: string, message: string }}
 */
export function passkeyError(e, ceremony) {
  const raw = e && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : '';
  let name;
  if (raw in PASSKEY_ERRORS) name = raw;
  else if (raw === 'NotAllowedError') name = ceremony === 'get' ? 'PasskeyAuthenticationCanceled' : 'PasskeyRegistrationCanceled';
  else if (raw === 'InvalidStateError' && ceremony === 'create') name = 'PasskeyAlreadyExists';
  else if (raw === 'SecurityError') name = 'RelyingPartyMismatch';
  else if (raw === 'AbortError') name = 'PasskeyOperationAborted';
  else name = ceremony === 'get' ? 'PasskeyRetrievalFailed' : 'PasskeyRegistrationFailed';
  const said = e === undefined || e === null ? '' : errorText(e);
  const message = said && said !== raw ? said : PASSKEY_ERRORS[name].message;
  return { name, message: raw && !(raw in PASSKEY_ERRORS) && said ? `${message} (${raw})` : message };
}

/**
 * Adds Amplify's recovery suggestion to a passkey AuthError (in place).
 * @template {{ name: string, recoverySuggestion?: string }} E
 * @param {E} error
 * @returns {E}
 */
export function withPasskeySuggestion(error) {
  const known = error && PASSKEY_ERRORS[error.name];
  if (known && !error.recoverySuggestion) error.recoverySuggestion = known.recoverySuggestion;
  return error;
}

// ------------------------------------------------------------------ the ceremony

/**
 * A host's own ceremonies (tests, native shells). The second argument's `signal` aborts
 * when the machine no longer needs the credential (its sign-in was replaced, the user
 * signed out).
 * @typedef {{
 *   get?: (optionsJSON: any, init: { signal: AbortSignal }) => any,
 *   create?: (optionsJSON: any, init: { signal: AbortSignal }) => any,
 * }} WebAuthnHost
 */

/**
 * navigator.credentials.get / .create with Cognito's JSON options; resolves with the
 * credential's JSON. `signal` aborts the ceremony (the browser closes its dialog).
 * @param {Ceremony} ceremony
 * @param {any} optionsJSON
 * @param {AbortSignal} [signal]
 * @returns {Promise<Record<string, any>>}
 */
export async function browserCeremony(ceremony, optionsJSON, signal) {
  if (!isPasskeySupported()) {
    throw new PasskeyFailure('PasskeyNotSupported', 'The Web Authentication API is not available here (it needs a browser and a secure context).');
  }
  const credentials = /** @type {any} */ (globalThis).navigator.credentials;
  const publicKey = ceremony === 'get' ? requestOptionsFromJSON(optionsJSON) : creationOptionsFromJSON(optionsJSON);
  if (ceremony === 'create' && typeof credentials.create !== 'function') {
    throw new PasskeyFailure('PasskeyNotSupported', 'navigator.credentials.create is not available here.');
  }
  const init = signal ? { publicKey, signal } : { publicKey };
  const credential = ceremony === 'get' ? await credentials.get(init) : await credentials.create(init);
  if (!credential) {
    throw new PasskeyFailure(ceremony === 'get' ? 'PasskeyRetrievalFailed' : 'PasskeyRegistrationFailed', 'The browser returned no credential.');
  }
  try {
    return credentialToJSON(credential, ceremony);
  } catch (e) {
    throw new PasskeyFailure(ceremony === 'get' ? 'PasskeyRetrievalFailed' : 'PasskeyRegistrationFailed', `The credential could not be read: ${errorText(e)}`);
  }
}

/**
 * Runs one ceremony (the host's `webauthn` override, else the browser's) and never
 * rejects: `{ credential }` (JSON) or `{ error: { name, message } }` with Amplify's names.
 * @param {Ceremony} ceremony
 * @param {any} optionsJSON
 * @param {WebAuthnHost | undefined} host
 * @param {AbortSignal} [signal] aborts the ceremony (`PasskeyOperationAborted`)
 * @returns {Promise<{ credential: Record<string, any> } | { error: { name: string, message: string } }>}
 */
export async function runCeremony(ceremony, optionsJSON, host, signal) {
  try {
    const override = host && typeof host[ceremony] === 'function' ? host[ceremony] : undefined;
    const aborted = signal ? abortedPromise(signal) : undefined;
    const running = override ? override.call(host, optionsJSON, { signal: signal ?? new AbortController().signal }) : browserCeremony(ceremony, optionsJSON, signal);
    // Once aborted, a late failure of the ceremony is nobody's to handle.
    if (aborted) Promise.resolve(running).catch(() => {});
    /** @type {any} */
    let credential = await (aborted ? Promise.race([running, aborted]) : running);
    if (!credential || typeof credential !== 'object') {
      throw new PasskeyFailure(ceremony === 'get' ? 'PasskeyRetrievalFailed' : 'PasskeyRegistrationFailed', 'No credential was returned.');
    }
    // An override may hand back the PublicKeyCredential itself.
    if (isBuffer(credential.rawId) || (credential.response && isBuffer(credential.response.clientDataJSON))) {
      credential = credentialToJSON(credential, ceremony);
    }
    return { credential };
  } catch (e) {
    return { error: passkeyError(e, ceremony) };
  }
}

/**
 * `listWebAuthnCredentials`' result with `createdAt` as a Date.
 * @param {any} out `{ credentials: [{ …, createdAt: ms }], nextToken? }`
 */
export function toPasskeyList(out) {
  const list = out && Array.isArray(out.credentials) ? out.credentials : [];
  /** @type {{ credentials: any[], nextToken?: string }} */
  const result = {
    credentials: list.map((/** @type {any} */ c) => (typeof c.createdAt === 'number' ? { ...c, createdAt: new Date(c.createdAt) } : { ...c })),
  };
  if (out && typeof out.nextToken === 'string') result.nextToken = out.nextToken;
  return result;
}
