/**
 * The Segment spec's `integrations` object says which destinations a message is for. A message is not
 * for Customer.io when Customer.io is named with `false`, or when `All` is `false` and Customer.io is not
 * named at all. Customer.io answers to the names of Segment's classic destination ("Customer.io") and
 * of its Actions destination ("Customer.io (Actions)", "Actions Customerio", "Customer.io Actions"), so
 * a message switched off under any of them stays off. Only `false` switches off: an options object or
 * `true` means the message is for us.
 */

const ourNames = ['Customer.io', 'Customer.io (Actions)', 'Actions Customerio', 'Customer.io Actions'];

/** Why the message is not for Customer.io, or undefined when it is. */
export function skippedByIntegrations(
  integrations: Record<string, unknown> | null | undefined,
): string | undefined {
  if (integrations == null) return undefined;
  const named = ourNames.filter((name) => Object.hasOwn(integrations, name));
  const off = named.find((name) => integrations[name] === false);
  if (off !== undefined) return `integrations[${JSON.stringify(off)}] is false`;
  if (named.length === 0 && integrations.All === false) {
    return 'integrations.All is false and Customer.io is not named';
  }
  return undefined;
}
