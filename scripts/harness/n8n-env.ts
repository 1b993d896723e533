import path from 'node:path';

/** Variables of the caller's environment that would change how n8n behaves: never passed on. */
const INHERITED_BLOCKLIST = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$|npm_)/;

export interface HeadlessN8nSettings {
	/** The Node.js binary n8n runs on (its folder goes first on PATH, for the task runners). */
	nodeBin: string;
	/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	encryptionKey: string;
	port: number;
	/** The task runners' broker port. */
	brokerPort: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Added last: they override the settings above. */
	extra?: NodeJS.ProcessEnv;
}

/**
 * The environment of an n8n that runs on loopback with nothing phoning home: the e2e harness's
 * instances and the demo use the same one.
 */
export function headlessN8nEnv(settings: HeadlessN8nSettings): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !INHERITED_BLOCKLIST.test(key)));
	return {
		...inherited,
		PATH: `${path.dirname(settings.nodeBin)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: settings.encryptionKey,
		N8N_PORT: String(settings.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${settings.port}/`,
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_LOG_LEVEL: settings.logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		...settings.extra,
	};
}
