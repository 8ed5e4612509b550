export { buildApp } from './app.ts';
export type { AppDeps } from './app.ts';
export { loadConfig, ConfigError } from './config/load.ts';
export { CONFIG_KEYS } from './config/schema.ts';
export type { AksonConfig } from './config/schema.ts';
export { startServer } from './start-server.ts';
export type { RunningServer } from './start-server.ts';
