// The API's account commands (Amplify v6's names): password and MFA, user attributes,
// devices and passkeys, each one machine command through the driver.

import { isPasskeySupported, toPasskeyList } from './passkeys.js';
import { toUndefined, clean, identity, toTotpSetup, toDevice } from './results.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./driver.js').Driver} Driver
 */
/**
 * A command's result maker, typed as the API method `K` resolves: the machine's output for
 * an account call is already Amplify's result shape (wire.d.ts's `Output` is `unknown`).
 * @template {keyof Auth} K
 * @typedef {(v: unknown) => Auth[K] extends (...args: never) => infer R ? Awaited<R> : never} ResultOf
 */

/**
 * The password, TOTP and MFA preference.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'updatePassword' | 'setUpTOTP' | 'verifyTOTPSetup' | 'updateMFAPreference' | 'fetchMFAPreference'>}
 */
export function mfaApi(driver) {
  return {
    updatePassword(input) {
      const { oldPassword, newPassword } = input ?? {};
      return driver.command({ type: 'updatePassword', oldPassword: oldPassword ?? '', newPassword: newPassword ?? '' }, toUndefined);
    },
    setUpTOTP() {
      return driver.command({ type: 'setUpTOTP' }, toTotpSetup);
    },
    verifyTOTPSetup(input) {
      const { code, options } = input ?? {};
      return driver.command({ type: 'verifyTOTPSetup', code: code ?? '', options: clean(options) }, toUndefined);
    },
    updateMFAPreference(input) {
      return driver.command({ type: 'updateMFAPreference', ...clean(input) }, toUndefined);
    },
    fetchMFAPreference() {
      return driver.command({ type: 'fetchMFAPreference' }, /** @type {ResultOf<'fetchMFAPreference'>} */ (identity));
    },
  };
}

/**
 * The user's attributes: read, update, verify, delete.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'fetchUserAttributes' | 'updateUserAttributes' | 'updateUserAttribute' | 'confirmUserAttribute' | 'sendUserAttributeVerificationCode' | 'deleteUserAttributes'>}
 */
export function attributeApi(driver) {
  return {
    fetchUserAttributes() {
      return driver.command({ type: 'fetchUserAttributes' }, /** @type {ResultOf<'fetchUserAttributes'>} */ (identity));
    },
    updateUserAttributes(input) {
      const { userAttributes, options } = input ?? {};
      return driver.command({ type: 'updateUserAttributes', userAttributes: /** @type {Record<string, string>} */ (userAttributes ?? {}), options: clean(options) }, /** @type {ResultOf<'updateUserAttributes'>} */ (identity));
    },
    updateUserAttribute(input) {
      const { userAttribute, options } = input ?? {};
      const key = userAttribute?.attributeKey ?? '';
      return driver.command(
        { type: 'updateUserAttributes', userAttributes: { [key]: userAttribute?.value ?? '' }, options: clean(options) },
        (out) => /** @type {Awaited<ReturnType<Auth['updateUserAttributes']>>} */ (out)[key],
      );
    },
    confirmUserAttribute(input) {
      const { userAttributeKey, confirmationCode } = input ?? {};
      return driver.command(
        { type: 'confirmUserAttribute', userAttributeKey: userAttributeKey ?? '', confirmationCode: confirmationCode ?? '' },
        toUndefined,
      );
    },
    sendUserAttributeVerificationCode(input) {
      const { userAttributeKey, options } = input ?? {};
      return driver.command(
        { type: 'sendUserAttributeVerificationCode', userAttributeKey: userAttributeKey ?? '', options: clean(options) },
        /** @type {ResultOf<'sendUserAttributeVerificationCode'>} */ (identity),
      );
    },
    deleteUserAttributes(input) {
      return driver.command({ type: 'deleteUserAttributes', userAttributeKeys: input?.userAttributeKeys ?? [] }, toUndefined);
    },
  };
}

/**
 * Remembered devices, passkeys, and deleting the user.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'fetchDevices' | 'rememberDevice' | 'forgetDevice' | 'deleteUser' | 'associateWebAuthnCredential' | 'listWebAuthnCredentials' | 'deleteWebAuthnCredential' | 'isPasskeySupported'>}
 */
export function deviceApi(driver) {
  return {
    // One implementation for both overloads (every device, or one page).
    fetchDevices: /** @type {Auth['fetchDevices']} */ (
      /** @param {{ limit?: number, nextToken?: string }} [input] */
      (input) => {
        const { limit, nextToken } = input ?? {};
        return driver.command({ type: 'fetchDevices', limit, nextToken }, (value) => {
          /** The machine's JSON: the devices with Unix-ms dates, or a page of them. @typedef {Parameters<typeof toDevice>[0]} DeviceOut */
          const out = /** @type {DeviceOut[] | { devices: DeviceOut[], nextToken?: string }} */ (value);
          return Array.isArray(out) ? out.map(toDevice) : { ...out, devices: out.devices.map(toDevice) };
        });
      }
    ),
    rememberDevice() {
      return driver.command({ type: 'rememberDevice' }, toUndefined);
    },
    forgetDevice(input) {
      return driver.command({ type: 'forgetDevice', device: input?.device ? { id: input.device.id } : undefined }, toUndefined);
    },
    deleteUser() {
      return driver.command({ type: 'deleteUser' }, toUndefined);
    },
    associateWebAuthnCredential() {
      return driver.command({ type: 'associateWebAuthnCredential' }, toUndefined);
    },
    listWebAuthnCredentials(input) {
      const { pageSize, nextToken } = input ?? {};
      return driver.command({ type: 'listWebAuthnCredentials', pageSize, nextToken }, toPasskeyList);
    },
    deleteWebAuthnCredential(input) {
      return driver.command({ type: 'deleteWebAuthnCredential', credentialId: input?.credentialId ?? '' }, toUndefined);
    },
    isPasskeySupported() {
      return isPasskeySupported();
    },
  };
}
