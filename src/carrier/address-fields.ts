// Mapping a unified Address onto a carrier's own field names, from a per-carrier name table.
import { InvalidRequestError } from './errors.ts';
import type { Address, InterceptRequest } from './model.ts';

/**
 * A carrier's field name for each part of an Address. The output keeps the table's key order, so
 * list the parts in the order the carrier's body shows them (the body is signed as text).
 */
export type AddressFieldNames = Readonly<Record<keyof Address, string>>;

/** The address as the carrier's fields: `{ [names.name]: address.name, ... }`, in the table's order. */
export function addressFields(address: Address, names: AddressFieldNames): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [part, field] of Object.entries(names) as [keyof Address, string][]) fields[field] = address[part];
  return fields;
}

/** The interception's address; throws InvalidRequestError `intercept: an address is required for <kind>` when the request carries none. */
export function requireInterceptAddress(carrierId: string, request: InterceptRequest): Address {
  if (!request.address) throw new InvalidRequestError(carrierId, `intercept: an address is required for ${request.kind}`);
  return request.address;
}

/** The interception's address as the carrier's fields (see `addressFields`); throws like `requireInterceptAddress` when it has none. */
export function interceptAddressFields(carrierId: string, request: InterceptRequest, names: AddressFieldNames): Record<string, string> {
  return addressFields(requireInterceptAddress(carrierId, request), names);
}
