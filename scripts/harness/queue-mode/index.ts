/** n8n queue mode on the machine's PostgreSQL and Redis: see cluster.ts. */
export * from './cluster';
export * from './proxy';
export * from './queue-process';
export * from './services';
