/** npm settings that belong to the machine, not to the project that started the tests. */
const MACHINE_LEVEL = new Set(['cache', 'userconfig', 'globalconfig', 'registry', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl']);

/**
 * The environment for an npm command run outside the repository: started through `npm run` or
 * `npx`, the tests inherit the project's npm settings as npm_config_* (its ignore-scripts, local
 * prefix, nodedir...), which must not leak into, say, the install in n8n's user folder.
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => {
			const match = /^npm_config_(.+)$/i.exec(key);
			return !match || MACHINE_LEVEL.has(match[1].toLowerCase());
		}),
	);
	return { ...env, ...extra };
}
