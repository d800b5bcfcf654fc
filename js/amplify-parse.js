// Amplify's configuration parsing as the drop-in and the server use it (statically):
// amplify-config.js's parser with Amplify's error, and the four shapes made into the
// machine's settings. createAuth imports amplify-config.js itself, only when needed.

import { normalizeConfig, toAuthErrorOf } from './config.js';
import { parseAmplifyConfigWith } from './amplify-config.js';

/**
 * Any of Amplify's configuration shapes as Amplify's `ResourcesConfig`, as Amplify's
 * `parseAmplifyConfig` (Auth only; amplify-config.js).
 * @param {Record<string, any>} config (any: the app's configuration, read member by member)
 * @returns {Record<string, any>}
 */
export function parseAmplifyConfig(config) {
  return parseAmplifyConfigWith(config, toAuthErrorOf);
}

/**
 * Any of the four shapes as the machine's settings (config.js's normalizeConfig with
 * Amplify's parser).
 * @param {any} config (any: the app's configuration in one of four shapes)
 * @returns {Record<string, unknown>}
 */
export function normalizeAnyConfig(config) {
  return normalizeConfig(config, parseAmplifyConfig);
}
