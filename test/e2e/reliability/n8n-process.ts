/**
 * The n8n process behind a harness instance, found from outside: its pid (for RSS and for an
 * abrupt kill) is the process listening on the instance's port, looked up in /proc.
 */
import fs from 'node:fs';

import { sleep, type N8nInstance } from '../../../scripts/harness';

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** Socket inodes listening on 127.0.0.1:<port> (from /proc/net/tcp; state 0A = LISTEN). */
function listeningInodes(port: number): Set<string> {
	const inodes = new Set<string>();
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of (readText(table) ?? '').split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields.length > 9 && fields[1].endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]);
		}
	}
	return inodes;
}

/** The pid of the process (of this user) that listens on `port`, or undefined. */
export function pidListeningOn(port: number): number | undefined {
	const inodes = listeningInodes(port);
	if (inodes.size === 0) return undefined;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let fds: string[];
		try {
			fds = fs.readdirSync(`/proc/${entry}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			let target: string;
			try {
				target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
			} catch {
				continue;
			}
			const match = /^socket:\[(\d+)\]$/.exec(target);
			if (match && inodes.has(match[1])) return Number(entry);
		}
	}
	return undefined;
}

/** The n8n main process of a running instance. */
export function n8nPid(instance: N8nInstance): number {
	const pid = pidListeningOn(instance.port);
	if (pid === undefined) throw new Error(`No process listens on port ${instance.port}`);
	return pid;
}

/** VmRSS of a process in MiB (from /proc/<pid>/status). */
export function rssMiB(pid: number): number {
	const status = readText(`/proc/${pid}/status`);
	const match = status && /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!match) throw new Error(`No VmRSS for pid ${pid}`);
	return Number(match[1]) / 1024;
}

/** Whether a pid is alive (and not a zombie). */
export function isAlive(pid: number): boolean {
	const status = readText(`/proc/${pid}/status`);
	return status !== undefined && !/^State:\s+Z/m.test(status);
}

/**
 * Kills n8n abruptly (SIGKILL to its process group: main process and task runners), as a power
 * cut or the OOM killer would, and waits until it is gone. The harness's own `stop()` is
 * graceful (SIGTERM first); this one gives n8n no chance to finish anything.
 */
export async function killAbruptly(instance: N8nInstance, timeoutMs = 15_000): Promise<void> {
	const pid = n8nPid(instance);
	let group = pid;
	try {
		// Field 5 of /proc/<pid>/stat is the process group; the harness starts n8n in its own.
		const stat = readText(`/proc/${pid}/stat`) ?? '';
		group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) || pid;
	} catch {
		// fall back to the pid alone
	}
	try {
		process.kill(-group, 'SIGKILL');
	} catch {
		process.kill(pid, 'SIGKILL');
	}
	const deadline = Date.now() + timeoutMs;
	while ((isAlive(pid) || instance.isRunning()) && Date.now() < deadline) await sleep(50);
	if (isAlive(pid)) throw new Error(`n8n (pid ${pid}) survived SIGKILL for ${timeoutMs} ms`);
}
