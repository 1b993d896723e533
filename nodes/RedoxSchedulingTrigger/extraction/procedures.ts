/** Procedures carried by the notification. */
import { conceptText, firstCoding } from './concept';
import { text } from './guards';
import type { ReferenceIndex } from './references';
import type { DetailedFields, ProcedureSummary } from './types';

/** Every Procedure of the bundle (first coding of each `code`), and the first one's code and name. */
export function procedureFields(
	index: ReferenceIndex,
): Pick<DetailedFields, 'procedures' | 'procedureCode' | 'procedureName'> {
	const procedures: ProcedureSummary[] = [];
	let procedureName: string | null = null;
	for (const resource of index.resourcesOfType('Procedure')) {
		const coding = firstCoding(resource.code);
		if (procedures.length === 0) procedureName = conceptText(resource.code);
		procedures.push({
			code: text(coding?.code),
			system: text(coding?.system),
			display: text(coding?.display),
		});
	}
	return { procedures, procedureCode: procedures[0]?.code ?? null, procedureName };
}
