/**
 * Parsing of what the user names: Key Vault resource IDs (the only scopes this
 * action grants on) and role references (GUID, role definition ID, or name).
 */
import { InputError } from './errors.js';
import { Inputs } from './names.js';

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_PLACEHOLDER = '<AZURE_SUBSCRIPTION_ID>';
const VAULT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;

export interface VaultRef {
  /** The resource ID as ARM writes it, used as the assignment scope. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export type RoleRef =
  { kind: 'guid'; guid: string; given: string } | { kind: 'name'; name: string; given: string };

/**
 * Parses a Key Vault resource ID. Scopes above a vault (a subscription or a
 * resource group) and other resource types are refused: the grant must be no
 * wider than the vault whose secrets are rotated.
 */
export function parseVaultId(raw: string, subscriptionId: string): VaultRef {
  const given = raw.trim();
  const id = given.split(SUBSCRIPTION_PLACEHOLDER).join(subscriptionId).replace(/\/+$/, '');
  if (/<[^<>/]*>/.test(id)) {
    throw new InputError(
      Inputs.ResourceIds,
      `'${given}' still has a placeholder after substitution. Only ${SUBSCRIPTION_PLACEHOLDER} is replaced (by ${Inputs.SubscriptionId}).`,
    );
  }
  const match = VAULT_ID.exec(id);
  if (!match)
    throw new InputError(
      Inputs.ResourceIds,
      `'${given}' is not a Key Vault resource ID. ${scopeHint(id)}`,
    );
  const [, subscription = '', resourceGroup = '', name = ''] = match;
  if (!GUID_PATTERN.test(subscription)) {
    throw new InputError(
      Inputs.ResourceIds,
      `'${given}' has subscription '${subscription}', which is not a GUID. Use ${SUBSCRIPTION_PLACEHOLDER} or the subscription's ID.`,
    );
  }
  validateVaultName(name, given);
  return {
    id: `/subscriptions/${subscription.toLowerCase()}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`,
    subscriptionId: subscription.toLowerCase(),
    resourceGroup,
    name,
  };
}

function scopeHint(id: string): string {
  const expected =
    'Expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>.';
  if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/i.test(id)) {
    return `It names a scope above a vault; this action only grants access to one vault at a time. ${expected}`;
  }
  if (/\/vaults\/[^/]+\/.+/i.test(id))
    return `It names something inside a vault; give the vault itself. ${expected}`;
  const type = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(id)?.[1];
  if (type)
    return `It names a ${type} resource; this action only grants access to Key Vaults. ${expected}`;
  return expected;
}

/** Key Vault's naming rules, each with the words that tell the user which one a name breaks. */
const VAULT_NAME_RULES: Array<[RegExp, string]> = [
  [/^.{3,24}$/, 'a vault name has 3-24 characters'],
  [/^[a-zA-Z0-9-]*$/, 'a vault name has only letters, digits and hyphens'],
  [/^[a-zA-Z]/, 'a vault name must start with a letter'],
  [/[a-zA-Z0-9]$/, 'a vault name must end with a letter or digit'],
  [/^(?!.*--)/, "a vault name has single hyphens only, never '--'"],
];

function validateVaultName(name: string, given: string): void {
  const broken = VAULT_NAME_RULES.find(([rule]) => !rule.test(name));
  if (broken) {
    throw new InputError(
      Inputs.ResourceIds,
      `'${given}' has vault name '${name}', which Key Vault does not allow: ${broken[1]}. Copy the vault's resource ID from its Properties page or 'az keyvault show'.`,
    );
  }
}

/** A role as given: a GUID, a role definition resource ID, or a built-in role's name. */
export function parseRoleRef(raw: string): RoleRef {
  const given = raw.trim();
  if (GUID_PATTERN.test(given)) return { kind: 'guid', guid: given.toLowerCase(), given };
  if (looksLikeGuid(given)) {
    throw new InputError(
      Inputs.RoleIds,
      `'${given}' looks like a role GUID but is not one: a GUID is 32 hex digits as 8-4-4-4-12. Copy it from 'az role definition list --name <role name> --query [].name'.`,
    );
  }
  const definition = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(
    given,
  );
  if (definition) {
    const guid = definition[1] ?? '';
    if (!GUID_PATTERN.test(guid)) {
      throw new InputError(
        Inputs.RoleIds,
        `'${given}' ends in '${guid}', which is not a GUID. A role definition ID ends in the role's GUID.`,
      );
    }
    return { kind: 'guid', guid: guid.toLowerCase(), given };
  }
  if (given.includes('/') || !/^[\w .()-]{2,128}$/.test(given)) {
    throw new InputError(
      Inputs.RoleIds,
      `'${given}' is neither a role GUID, a role definition ID (…/providers/Microsoft.Authorization/roleDefinitions/<GUID>) nor a role name such as 'Key Vault Secrets Officer'.`,
    );
  }
  return { kind: 'name', name: given, given };
}

/**
 * Eight or more hex digits and hyphens with a digit among them, or the
 * 8-4-4-4-12 shape with other characters: no role name looks like that, a
 * mistyped or truncated GUID does.
 */
function looksLikeGuid(text: string): boolean {
  const hexOnly = /^[0-9a-f-]{8,}$/i.test(text) && /\d/.test(text);
  return hexOnly || /^\w{8}-\w{4}-\w{4}-\w{4}-\w{12}$/.test(text);
}

/**
 * Reads a list input: a JSON array of strings, or one entry per line. Blank
 * lines between entries are ignored; null, blank or non-string array entries
 * are errors, as is an empty list.
 */
export function parseList(text: string, input: string): string[] {
  const value = text.trim();
  if (!value)
    throw new InputError(input, 'is empty. Give a JSON array of strings or one entry per line.');
  // JSON is recognised by its opening character: no role or resource ID starts so.
  if (/^[[{"]/.test(value)) return parseJsonList(value, input);
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function parseJsonList(value: string, input: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new InputError(
      input,
      `'${excerpt(value)}' is not valid JSON (${(err as Error).message}). Give a JSON array of strings, or one entry per line.`,
    );
  }
  if (!Array.isArray(parsed))
    throw new InputError(
      input,
      `'${excerpt(value)}' is JSON but not an array. Give a JSON array of strings such as ["<first>", "<second>"], or one entry per line.`,
    );
  if (parsed.length === 0)
    throw new InputError(input, `'${value}' is an empty array. Give at least one entry.`);
  parsed.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new InputError(
        input,
        `entry ${i} is ${JSON.stringify(entry)}; every entry must be a non-blank string.`,
      );
    }
  });
  return (parsed as string[]).map((s) => s.trim());
}

/** The start of a long value, on one line, for an error message. */
function excerpt(text: string, max = 160): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
