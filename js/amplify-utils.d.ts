// Type declarations for cognito-headless/amplify/utils (js/amplify-utils.js): `aws-amplify/utils`.

export { Hub, CookieStorage, defaultStorage, sessionStorage, sharedInMemoryStorage } from './amplify.js';
export type { HubCapsule, HubListenOptions, ResourcesConfig } from './amplify.js';
export type { KeyValueStorageInterface } from './index.js';

/** Amplify's I18n: vocabularies per language and `get` with Amplify's fallbacks. */
export class I18n {
  static configure(config?: Record<string, unknown>): Record<string, unknown>;
  static getModuleName(): 'I18n';
  static createInstance(): void;
  static checkConfig(): boolean;
  static setLanguage(lang: string): void;
  static get(key: string, defVal?: string): string;
  static putVocabulariesForLanguage(language: string, vocabularies: Record<string, string>): void;
  static putVocabularies(vocabularies: Record<string, Record<string, string>>): void;
}

/** Amplify's log levels. */
export type LogLevel = 'VERBOSE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'NONE';

/** Amplify's ConsoleLogger. */
export class ConsoleLogger {
  static LOG_LEVEL: string | null;
  static BIND_ALL_LOG_LEVELS: boolean;
  name: string;
  level: LogLevel | string;
  constructor(name: string, level?: LogLevel | string);
  configure(config?: unknown): unknown;
  log(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  debug(...msg: unknown[]): void;
  verbose(...msg: unknown[]): void;
  addPluggable(pluggable: unknown): void;
  listPluggables(): unknown[];
}

/** Any of Amplify's configuration shapes as Amplify's `ResourcesConfig` (the Auth category parsed). */
export function parseAmplifyConfig(config: Record<string, unknown>): Record<string, any>;
