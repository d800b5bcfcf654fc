// For type-checking js/ only (not shipped): the one Node global js/env.js reads, without
// pulling in @types/node (js/ must not lean on Node's API elsewhere).
declare var process: { versions?: { node?: string } } | undefined;
