// Type declarations for cognito-headless/adapter-core (js/adapter-core.js): the shape of
// aws-amplify/adapter-core's runWithAmplifyServerContext and its storage and providers.

import type { KeyValueStorageInterface } from './storage.d.ts';
import type { ContextSpec } from './server.d.ts';

export type { ContextSpec };

/** Amplify's CookieStorage.Adapter: the request's cookies (the adapter encodes names). */
export interface CookieStorageAdapter {
  get(name: string): { name?: string; value?: string } | undefined;
  getAll?(): { name: string; value: string }[];
  set(name: string, value: string, options?: object): void;
  delete(name: string): void;
}

/** A storage over the request's cookies, one cookie per key (Amplify's layout, no chunking). `validator` is ignored: the context verifies tokens. */
export function createKeyValueStorageFromCookieStorageAdapter(adapter: CookieStorageAdapter, validator?: unknown, setCookieOptions?: object): KeyValueStorageInterface;

/** A provider that carries `storage` to runWithAmplifyServerContext. */
export function createUserPoolsTokenProvider(authConfig: unknown, storage: KeyValueStorageInterface): { getTokens(): Promise<never> };

/** A provider that carries `storage` to runWithAmplifyServerContext. */
export function createAWSCredentialsAndIdentityIdProvider(
  authConfig: unknown,
  storage: KeyValueStorageInterface,
): { getCredentialsAndIdentityId(): Promise<never>; clearCredentialsAndIdentityId(): void };

/** Runs `operation` in a per-request context over the providers' storage (none: signed out); one runner per configuration object. */
export function runWithAmplifyServerContext<T>(
  amplifyConfig: object,
  libraryOptions: { Auth?: { tokenProvider?: unknown; credentialsProvider?: unknown } },
  operation: (contextSpec: ContextSpec) => T | Promise<T>,
): Promise<T>;
