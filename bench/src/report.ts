/**
 * Turns the results into the printed table, `bench/results/latest.json` and the generated section
 * of BENCHMARKS.md (between markers, one section per mode, so a quick run never overwrites the
 * full run's figures).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';

import { BENCHMARKS_MD } from './paths';

export interface Row {
	part: string;
	figure: string;
	value: string;
	spread: string;
	target: string;
	/** 'met' / 'MISSED' when there is a target, '' otherwise. */
	status: string;
}

export function status(value: number, target: number, direction: 'max' | 'min'): string {
	if (!Number.isFinite(value)) return 'n/a';
	return (direction === 'max' ? value <= target : value >= target) ? 'met' : 'MISSED';
}

const HEADERS: Array<[keyof Row, string]> = [
	['part', 'part'],
	['figure', 'figure'],
	['value', 'median'],
	['spread', 'spread'],
	['target', 'target'],
	['status', ''],
];

export function textTable(rows: Row[]): string {
	const widths = HEADERS.map(([key, title]) => Math.max(title.length, ...rows.map((row) => row[key].length)));
	const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
	return [
		line(HEADERS.map(([, title]) => title)),
		line(widths.map((width) => '-'.repeat(width))),
		...rows.map((row) => line(HEADERS.map(([key]) => row[key]))),
	].join('\n');
}

export function markdownTable(rows: Row[]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		'| part | figure | median | spread | target | |',
		'|---|---|---|---|---|---|',
		...rows.map((row) => `| ${HEADERS.map(([key]) => escape(row[key])).join(' | ')} |`),
	].join('\n');
}

/** Replaces (or appends) the section between `<!-- bench:<mode>:begin -->` and its end marker. */
export function updateBenchmarksMd(mode: string, body: string): void {
	const begin = `<!-- bench:${mode}:begin -->`;
	const end = `<!-- bench:${mode}:end -->`;
	const section = `${begin}\n${body.trim()}\n${end}`;
	const current = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
	const from = current.indexOf(begin);
	const to = current.indexOf(end);
	const next =
		from >= 0 && to > from
			? current.slice(0, from) + section + current.slice(to + end.length)
			: `${current.trimEnd()}\n\n${section}\n`;
	writeFileSync(BENCHMARKS_MD, next);
}
