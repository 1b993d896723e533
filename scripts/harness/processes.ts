import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { processRegistryEnv } from './paths';

/**
 * Every long-running process the harness starts goes through here, so that none outlives the
 * tests: each runs in its own process group (n8n starts task-runner children) and is killed with
 * its group when stopped, when the test process exits, by a watchdog when the test process dies
 * without exiting cleanly (SIGKILL, Ctrl-C), and by the e2e global teardown, which reads the pid
 * files written to the folder named by N8N_REDOX_E2E_PIDS.
 */
export interface TrackedProcess {
	readonly name: string;
	readonly child: ChildProcess;
	readonly pid: number;
	/** Resolves with the exit code (or the signal's name) once the process has exited. */
	readonly exited: Promise<number | string>;
	hasExited(): boolean;
}

const live = new Set<TrackedProcess>();
let exitHookInstalled = false;

function pidFile(pid: number): string | undefined {
	const dir = process.env[processRegistryEnv];
	return dir ? path.join(dir, `${pid}.pid`) : undefined;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/** Last resort when the test process exits: SIGKILL every group still alive. */
export function killAllTracked(): void {
	for (const tracked of live) killGroup(tracked.pid, 'SIGKILL');
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', killAllTracked);
}

// Runs beside each tracked group: SIGKILLs the group once the test process is gone, and exits
// when the group is empty. Plain JavaScript for `node -e`, no dependencies.
const WATCHDOG = `
const [parent, group] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
	if (!alive(-group)) process.exit(0);
	if (!alive(parent)) { try { process.kill(-group, 'SIGKILL'); } catch {} process.exit(0); }
}, 500);
`;

function startWatchdog(group: number): void {
	const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(group)], {
		detached: true,
		stdio: 'ignore',
	});
	watchdog.unref();
}

/** Starts `command` in a process group of its own and tracks it until it exits. */
export function spawnTracked(
	name: string,
	command: string,
	args: readonly string[],
	options: SpawnOptions,
): TrackedProcess {
	installExitHook();
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
	const pid = child.pid;
	startWatchdog(pid);
	let done = false;
	const exited = new Promise<number | string>((resolve) => {
		child.once('exit', (code, signal) => {
			done = true;
			resolve(code ?? signal ?? 'unknown');
		});
		child.once('error', () => {
			done = true;
			resolve('spawn-error');
		});
	});
	const tracked: TrackedProcess = { name, child, pid, exited, hasExited: () => done };
	live.add(tracked);
	const file = pidFile(pid);
	if (file) fs.writeFileSync(file, `${pid}\n${name}\n`);
	void exited.then(() => {
		live.delete(tracked);
		if (file) fs.rmSync(file, { force: true });
	});
	return tracked;
}

/**
 * Stops a tracked process: SIGTERM to the process itself (n8n shuts down gracefully), SIGKILL to
 * its whole group after `graceMs`, and SIGKILL to the group in any case once it has exited, so
 * that no child (task runner) is left behind.
 */
export async function stopTracked(tracked: TrackedProcess, graceMs = 20_000): Promise<number | string> {
	if (!tracked.hasExited()) {
		try {
			process.kill(tracked.pid, 'SIGTERM');
		} catch {
			// already gone
		}
		const timer = setTimeout(() => killGroup(tracked.pid, 'SIGKILL'), graceMs);
		await tracked.exited;
		clearTimeout(timer);
	}
	killGroup(tracked.pid, 'SIGKILL');
	return await tracked.exited;
}

/** Kills the groups listed in a pid-file folder (for the global teardown of a crashed run). */
export function killRegisteredProcesses(dir: string): string[] {
	const killed: string[] = [];
	if (!fs.existsSync(dir)) return killed;
	for (const entry of fs.readdirSync(dir)) {
		if (!entry.endsWith('.pid')) continue;
		const [pidText, name = '?'] = fs.readFileSync(path.join(dir, entry), 'utf8').split('\n');
		const pid = Number(pidText);
		if (Number.isInteger(pid) && pid > 1 && fs.existsSync(`/proc/${pid}`)) {
			killGroup(pid, 'SIGKILL');
			killed.push(`${name} (${pid})`);
		}
		fs.rmSync(path.join(dir, entry), { force: true });
	}
	return killed;
}

export interface CommandResult {
	stdout: string;
	stderr: string;
}

/** Runs a short command to completion; rejects with its output when it fails or times out. */
export function runCommand(
	command: string,
	args: readonly string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
	const { timeoutMs = 10 * 60_000, ...spawnOptions } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve({ stdout, stderr });
			else {
				const tail = (stderr || stdout).split('\n').slice(-40).join('\n');
				reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${tail}`));
			}
		});
	});
}

/** The last non-empty line of a command's stdout (the install and pack scripts print a path). */
export function lastLine(text: string): string {
	const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
	const line = lines.at(-1);
	if (!line) throw new Error('The command printed nothing');
	return line;
}
