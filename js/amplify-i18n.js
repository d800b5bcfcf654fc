// Amplify's I18n (`aws-amplify/utils`), the part Amplify UI and apps use: vocabularies per
// language, the language (the browser's unless set), `get` with Amplify's fallbacks
// (`en-GB` → `en` → the default → the key). Our own (about 0.5 KB) rather than a
// re-export of @aws-amplify/core's (4.2 KB gzip with what it pulls in; and it would make
// @aws-amplify/core a dependency of auth-only apps).

/** @type {Record<string, Record<string, string>>} */
let dictionaries = {};
/** @type {string | null} */
let language = null;
/** @type {Record<string, unknown>} */
let settings = { language: null };

/**
 * @param {string} key
 * @param {string | null | undefined} lang
 * @returns {string | undefined}
 */
function lookUp(key, lang) {
  if (!lang) return undefined;
  const dict = dictionaries[lang];
  return dict ? dict[key] : undefined;
}

/** Amplify's `I18n` (static methods, as Amplify's class). */
export class I18n {
  /**
   * Merges `{ language }` (or `{ I18n: { language } }`) into the settings; returns them.
   * @param {Record<string, unknown>} [config]
   */
  static configure(config) {
    if (!config) return settings;
    settings = { ...settings, .../** @type {Record<string, unknown>} */ (config.I18n || config) };
    if (typeof settings.language === 'string') language = settings.language;
    return settings;
  }

  /** Amplify's module name. */
  static getModuleName() {
    return 'I18n';
  }

  /** Amplify's (no-op here: there is one dictionary). */
  static createInstance() {}

  /** Amplify's (always ready). */
  static checkConfig() {
    return true;
  }

  /**
   * Sets the language `get` uses.
   * @param {string} lang
   */
  static setLanguage(lang) {
    language = lang;
  }

  /**
   * The translation of `key` in the language (or its base language); else `defVal`, else `key`.
   * @param {string} key
   * @param {string} [defVal]
   * @returns {string}
   */
  static get(key, defVal) {
    if (!language && typeof window !== 'undefined' && window.navigator) language = window.navigator.language;
    const fallback = typeof defVal !== 'undefined' ? defVal : key;
    if (!language) return fallback;
    const exact = lookUp(key, language);
    if (exact) return exact;
    const base = language.indexOf('-') > 0 ? lookUp(key, language.split('-')[0]) : undefined;
    return base || fallback;
  }

  /**
   * Adds entries to one language's dictionary.
   * @param {string} lang
   * @param {Record<string, string>} vocabularies
   */
  static putVocabulariesForLanguage(lang, vocabularies) {
    dictionaries[lang] = { ...(dictionaries[lang] ?? {}), ...vocabularies };
  }

  /**
   * Adds entries to several languages: `{ fr: { … }, de: { … } }`.
   * @param {Record<string, Record<string, string>>} vocabularies
   */
  static putVocabularies(vocabularies) {
    for (const lang of Object.keys(vocabularies)) I18n.putVocabulariesForLanguage(lang, vocabularies[lang]);
  }
}

/** For tests: forget every vocabulary and the language. */
export function resetI18n() {
  dictionaries = {};
  language = null;
  settings = { language: null };
}
