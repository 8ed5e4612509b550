// Node-only parts of the clinical package (reading catalogues and code lists from disk).
export * from './medication/node.ts';
export * from './codes/node.ts';
