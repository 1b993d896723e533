/** The Location of the appointment. */
import { chooseAddress, formatAddress } from './address';
import { text, type Resource } from './guards';
import type { DetailedFields } from './types';

/** Id, name and one-line address of the appointment's Location. */
export function locationFields(
	location: Resource | null,
): Pick<DetailedFields, 'locationId' | 'locationName' | 'locationAddress'> {
	return {
		locationId: text(location?.id),
		locationName: text(location?.name),
		// FHIR gives a Location one address; a list is read as "the first".
		locationAddress: formatAddress(chooseAddress(location?.address, null)),
	};
}
