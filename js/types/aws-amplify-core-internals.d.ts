// core's AMPLIFY_SYMBOL (see aws-amplify-core.d.ts).
export const AMPLIFY_SYMBOL: symbol;
