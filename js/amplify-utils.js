// cognito-headless/amplify/utils: `aws-amplify/utils` for auth apps and Amplify UI: the
// one Hub, I18n, ConsoleLogger, the storages and parseAmplifyConfig. Amplify's Cache and
// ServiceWorker (not auth) are not provided: an app that uses them keeps
// `aws-amplify/utils` unaliased and imports Hub from here (see the README).

export { Hub } from './amplify-hub.js';
export { I18n } from './amplify-i18n.js';
export { ConsoleLogger } from './amplify-logger.js';
export { parseAmplifyConfig } from './amplify-parse.js';
export { CookieStorage, defaultStorage, sessionStorage, sharedInMemoryStorage } from './amplify.js';
