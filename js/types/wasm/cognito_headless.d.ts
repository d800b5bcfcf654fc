// For type-checking js/ only (js/tsconfig.json maps `./wasm/` here through rootDirs; not
// shipped): the wasm-bindgen module (`target/pkg-build/wasm/cognito_headless.js`, whose
// generated .d.ts types every JSON value `any`) as js/ uses it, with the JSON shapes of
// js/wire.d.ts (generated from the Rust types). Keep it in step with src/wasm.rs.
import type { Effect, Facade, Input, Snapshot, UiInput, View } from '../../wire.js';

/** What `handle` takes: a machine input, or a form event (`{ type: 'ui', event, random }`). */
export type MachineInput = Input | ({ type: 'ui' } & UiInput);

/** What `handle` returns: the effects, led by `{ type: 'view', view }` when what queries read changed. */
export type MachineEffect = Effect | { type: 'view'; view: View };

export class WasmAuth {
  free(): void;
  constructor(config: unknown);
  static fromConfig(config: WasmConfig): WasmAuth;
  handle(now: number, input: MachineInput): MachineEffect[];
  snapshot(): Snapshot;
  facade(): Facade;
  /** Whether `handle` leads with the view (on by default; a server request's machine turns it off). */
  publishView(on: boolean): void;
  /** When the machine next wants `{ type: 'timeout' }` (Unix ms), or undefined. */
  pollTimeout(): number | undefined;
}

/** The `otpauth://` URI for a TOTP secret (Amplify's `getSetupUri(appName, accountName)`). */
export function totpSetupUri(secret: string, appName: string, accountName: string): string;

export class WasmConfig {
  free(): void;
  constructor(config: unknown);
}

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
export type SyncInitInput = BufferSource | WebAssembly.Module;

export function initSync(module: { module: SyncInitInput }): unknown;
export default function __wbg_init(module_or_path: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
