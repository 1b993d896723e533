/**
 * The real-n8n harness for the e2e tests, the demo and the benchmarks. One module per job:
 * runtime (the cached n8n install), pack (build + npm pack), instance (one n8n process), api
 * (REST session and public API), launch (instance + owner + API key), workflows (workflow JSON),
 * executions (reading runs back), http (Redox-style requests), processes, ports, wait.
 */
export * from './api';
export * from './executions';
export * from './fixtures';
export * from './http';
export * from './instance';
export * from './launch';
export * from './npm-env';
export * from './pack';
export * from './paths';
export * from './ports';
export * from './processes';
export * from './runtime';
export * from './wait';
export * from './webhooks';
export * from './workflows';
