// Type declarations for cognito-headless/server (js/server.js).

import type { AuthConfig, AuthHost, AuthSession, AuthUser, FetchAuthSessionOptions } from './index.d.ts';
import type { CookieJar, CookieStorageOptions } from './storage.d.ts';

export { AuthError } from './index.js';

/**
 * What an operation receives: pass it to getCurrentUser / fetchAuthSession /
 * fetchUserAttributes. Valid until the operation settles.
 */
export interface ContextSpec {
  readonly token: { readonly value: symbol };
}

/** A Next.js server context, as @aws-amplify/adapter-nextjs takes it (duck-typed). */
export type NextServerContext =
  | { cookies: () => unknown }
  | { request: { cookies: unknown }; response: unknown };

export interface RunWithAmplifyServerContextInput<T> {
  /** `{ cookies }` (next/headers), `{ request, response }`, or null (no user: static rendering). */
  nextServerContext: NextServerContext | null;
  operation(contextSpec: ContextSpec): T | Promise<T>;
}

export interface RunWithServerContextInput<T> {
  /** The request's cookies (values as in the Cookie header); null or absent: no user. */
  cookies?: CookieJar | null;
  operation(contextSpec: ContextSpec): T | Promise<T>;
}

export interface ServerRunner {
  /** @aws-amplify/adapter-nextjs's `runWithAmplifyServerContext`. */
  runWithAmplifyServerContext<T>(input: RunWithAmplifyServerContextInput<T>): Promise<T>;
  /** The same over any server's cookie jar (Express, Fastify, Hono, a Worker, …). */
  runWithServerContext<T>(input: RunWithServerContextInput<T>): Promise<T>;
}

export interface TokenVerificationOptions {
  /** The tokens' `iss`. Default `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (moto writes this one too). */
  issuer?: string;
  /** The key set. Default `<issuer>/.well-known/jwks.json`, or under the configured `endpoint` when there is one. */
  jwksUri?: string;
  /** Seconds of clock difference allowed on `exp` / `nbf`. Default 60. */
  clockSkewSeconds?: number;
  /** The least time between two key set fetches for unknown key ids. Default 30,000 ms. */
  refetchIntervalMs?: number;
}

export interface CreateServerRunnerInput {
  /** Any configuration createAuth takes (`{ userPoolId, userPoolClientId }`, `{ Auth: { Cognito } }`, amplify_outputs.json). */
  config: AuthConfig | Record<string, unknown>;
  /** Amplify's runtime options: the cookies' domain, sameSite, maxAge / expires. */
  runtimeOptions?: { cookies?: { domain?: string; sameSite?: 'lax' | 'strict' | 'none'; maxAge?: number; expires?: Date } };
  /** Cookie options for the session cookies (createCookieStorage's). */
  cookies?: CookieStorageOptions;
  /** Token verification against the pool's key set; `false` trusts cookie tokens as they are (not for production). */
  verification?: TokenVerificationOptions | false;
  /** The fetch for Cognito and the key set. Default: the global fetch. */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /** The clock (ms). Default Date.now. */
  now?: () => number;
  /**
   * The wasm, for runtimes that cannot read it from disk or compile at run time (edge
   * workers): `import wasmModule from 'cognito-headless/wasm'` as the bundler gives it (a
   * compiled `WebAssembly.Module`, bytes or a URL), as createAuth's `host.wasmModule`. Only
   * requests that need the machine (a refresh, a Cognito call) load it.
   */
  wasmModule?: AuthHost['wasmModule'];
}

/** Makes the per-request runners (Amplify's createServerRunner); call once per configuration. */
export function createServerRunner(input: CreateServerRunnerInput): ServerRunner;

/** The request's signed-in user; rejects with UserUnAuthenticatedException when there is none. */
export function getCurrentUser(contextSpec: ContextSpec): Promise<AuthUser>;

/** The request's session; tokens undefined when nobody is signed in. */
export function fetchAuthSession(contextSpec: ContextSpec, options?: FetchAuthSessionOptions): Promise<AuthSession>;

/** The signed-in user's attributes (Cognito GetUser). */
export function fetchUserAttributes(contextSpec: ContextSpec): Promise<Record<string, string>>;

/**
 * A cookie jar over Node's `IncomingMessage` / `ServerResponse` (node:http, Express, Fastify's
 * `request.raw` / `reply.raw`, Koa's `ctx.req` / `ctx.res`): reads the `Cookie` header,
 * appends `Set-Cookie` to the response. Use it before the response's head is sent.
 */
export function cookiesFromNode(
  req: { headers: Record<string, string | string[] | undefined> },
  res: { appendHeader?(name: string, value: string): unknown; getHeader(name: string): unknown; setHeader(name: string, value: string[]): unknown },
): CookieJar;

/**
 * A cookie jar over a Fetch API `Request` and the `Headers` of its response (Hono, Workers,
 * Deno, Bun, Remix): writes are appended there as `Set-Cookie`.
 */
export function cookiesFromFetch(
  request: { headers: { get(name: string): string | null } },
  responseHeaders: { append(name: string, value: string): void },
): CookieJar;
