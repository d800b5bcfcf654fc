// AuthError: the one error type every operation rejects with (Amplify v6's shape).

/**
 * The error every operation rejects with. `name` is the Cognito error name
 * (`NotAuthorizedException`, …) or the library's (`NetworkError`,
 * `UserUnAuthenticatedException`, …), as in Amplify v6.
 */
export class AuthError extends Error {
  /**
   * @param {{ name?: string, message?: string, recoverySuggestion?: string, underlyingError?: unknown, metadata?: ResponseMetadata }} [params]
   */
  constructor(params = {}) {
    const { name, message, recoverySuggestion, underlyingError, metadata } = params;
    super(message ?? name ?? 'Unknown error');
    Object.setPrototypeOf(this, new.target.prototype);
    /** @type {string} */
    this.name = name ?? 'AuthError';
    /** @type {string | undefined} */
    this.recoverySuggestion = recoverySuggestion;
    /** @type {unknown} */
    this.underlyingError = underlyingError;
    if (metadata) {
      // As Amplify's AmplifyError: only these three keys are kept.
      const { extendedRequestId, httpStatusCode, requestId } = metadata;
      /** @type {ResponseMetadata | undefined} */
      this.metadata = { extendedRequestId, httpStatusCode, requestId };
    }
  }
}

/**
 * The HTTP facts of a Cognito error answer (Amplify's `ResponseMetadata`, as its errors keep it).
 * @typedef {{ httpStatusCode?: number, requestId?: string, extendedRequestId?: string }} ResponseMetadata
 */

/**
 * Turns whatever was thrown or reported (an Error, the machine's `{ name, message }`) into
 * an AuthError.
 * @param {unknown} value
 * @param {string} [fallbackName]
 * @returns {AuthError}
 */
export function toAuthError(value, fallbackName = 'UnknownException') {
  if (value instanceof AuthError) return value;
  if (value instanceof Error) {
    return new AuthError({
      name: value.name && value.name !== 'Error' ? value.name : fallbackName,
      message: value.message,
      underlyingError: value,
    });
  }
  if (value && typeof value === 'object') {
    const v = /** @type {Record<string, unknown>} */ (value);
    return new AuthError({
      name: typeof v.name === 'string' ? v.name : fallbackName,
      message: typeof v.message === 'string' ? v.message : String(v.name ?? fallbackName),
      recoverySuggestion: typeof v.recoverySuggestion === 'string' ? v.recoverySuggestion : undefined,
      // Data about the failure that is not our text (the identity provider's OAuth error).
      underlyingError: v.underlyingError,
      metadata: v.metadata && typeof v.metadata === 'object' ? /** @type {ResponseMetadata} */ (v.metadata) : undefined,
    });
  }
  return new AuthError({ name: fallbackName, message: String(value), underlyingError: value });
}

/** @param {unknown} e */
export function errorMessage(e) {
  if (e && typeof e === 'object' && 'message' in e) return String(e.message);
  return String(e);
}

/** Logs a failure that has no caller to reject (a listener, a storage write). @param {string} what @param {unknown} e */
export function report(what, e) {
  try {
    console.error(`cognito-headless: ${what}`, e);
  } catch {
    // console may be missing or broken; never let reporting break the queue.
  }
}
