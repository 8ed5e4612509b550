import { ConfigError, loadConfig, type AksonConfig } from '@akson/server';

/** Reads the configuration as the server would, and explains problems before exiting. */
export function configOrExit(overrides: Record<string, string> = {}): AksonConfig {
  try {
    return loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee README.md ("Configuration") for every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
}
