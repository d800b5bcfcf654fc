// The few members of @aws-amplify/core that js/amplify-with-core.js uses (tsconfig `paths`
// points the import here), so that `tsc -p js` does not check core's own declarations,
// which need @types/node.

type Capsule = { channel: string; payload: { event: string; data?: unknown; message?: string }; source: string; patternInfo: string[] };
export const Hub: {
  listen(channel: string, callback: (capsule: Capsule) => void, options?: unknown): () => void;
  dispatch(channel: string, payload: { event: string; data?: unknown; message?: string }, source?: string, ampSymbol?: unknown): void;
};
export const Amplify: {
  configure(resourcesConfig: unknown, libraryOptions?: Record<string, unknown>): void;
  getConfig(): Record<string, unknown>;
  Auth: { fetchAuthSession(options?: { forceRefresh?: boolean }): Promise<unknown> };
};
