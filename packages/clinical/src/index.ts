// Clinical knowledge that is pure and browser-safe: the server and the web app share it.
// Each area has its own folder and index; Node-only loaders (files, XML catalogues) are in ./node.ts.
export * from './medication/index.ts';
export * from './observations/index.ts';
export * from './codes/index.ts';
