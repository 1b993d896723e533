/**
 * The Redox FHIR API client: JWT client assertion, token cache, FHIR requests and the
 * appointment details both the trigger and the Redox node read. Pure apart from n8n-transport.ts.
 */
export { buildClientAssertion } from './client-assertion';
export { readRedoxApiCredential, fhirBaseUrl, tokenUrl, apiOrigin } from './credential';
export type { RedoxApiCredential, RedoxAlgorithm, RedoxEnvironment } from './credential';
export { RedoxApiError, isRedoxApiError } from './errors';
export type { RedoxApiErrorKind } from './errors';
export { FhirClient, DEFAULT_REQUEST_TIMEOUT_MS } from './fhir-client';
export type { FhirClientOptions, FhirRequest } from './fhir-client';
export { fetchAppointmentDetails } from './appointment-details';
export type { AppointmentDetails, AppointmentDetailsRequest, FetchedResource } from './appointment-details';
export { detailsResources, withFetchedResources } from './details-bundle';
export { referenceTarget } from './references';
export type { ReferenceTarget } from './references';
export { TokenCache, sharedTokenCache } from './token-cache';
export { httpRequestTransport, fetchTransport } from './n8n-transport';
export type { Transport, HttpCall, HttpAnswer, HttpMethod } from './transport';
export { checkRedoxApiCredential } from './credential-test';
