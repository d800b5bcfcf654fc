// The machine's inputs for commands and form events, with the host's random bytes for
// the ones that use them (the machine draws its own otherwise).

/**
 * @typedef {import('./wire.js').Command} Command
 * @typedef {import('./wire.js').UiEvent} UiEvent
 * @typedef {import('./wasm/cognito_headless.js').MachineInput} MachineInput
 * @typedef {((n: number) => Uint8Array | ArrayLike<number>) | null} RandomSource the host's, or null
 */

/** Random bytes sent with a command that needs them (the machine's `COMMAND_ENTROPY_BYTES`). */
export const COMMAND_ENTROPY_BYTES = 512;
/** The commands that use random bytes (SRP's `a`, device verifiers, PKCE): only these get them. */
const ENTROPY_COMMANDS = new Set(['signIn', 'confirmSignIn', 'signInWithRedirect', 'autoSignIn']);
/** The form events that start such a command (the rest carry no random bytes). */
const ENTROPY_UI_EVENTS = new Set(['SUBMIT', 'RESEND', 'SIGN_OUT', 'FEDERATED_SIGN_IN']);
/** Random bytes sent with every form event (half for its command, half for a follow-up). */
export const UI_ENTROPY_BYTES = 1024;


/**
 * The input for command `op`. Throws when the host's random source fails or is short.
 * @param {number} op
 * @param {Command} command
 * @param {RandomSource} random
 * @returns {MachineInput}
 */
export function commandInput(op, command, random) {
  /** @type {Extract<MachineInput, { type: 'command' }>} */
  const input = { type: 'command', op, command };
  if (random && ENTROPY_COMMANDS.has(command.type)) {
    const bytes = Array.from(random(COMMAND_ENTROPY_BYTES));
    if (bytes.length < COMMAND_ENTROPY_BYTES) throw new Error(`host.random returned ${bytes.length} bytes`);
    input.random = bytes;
  }
  return input;
}

/**
 * The input for a form event (`{ type: 'SUBMIT' | 'CHANGE' | … }`). Throws when the host's
 * random source fails.
 * @param {UiEvent} event
 * @param {RandomSource} random
 * @returns {MachineInput}
 */
export function uiInput(event, random) {
  /** @type {MachineInput} */
  const input = { type: 'ui', event };
  if (random && ENTROPY_UI_EVENTS.has(String(event.type))) input.random = Array.from(random(UI_ENTROPY_BYTES));
  return input;
}
