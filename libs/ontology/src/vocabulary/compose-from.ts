import { fail, ok, type Result } from '../shared/result';
import { DEFAULT_COMPOSITION, type Composition } from './composition';
import type { RelationshipRule, TypeSet } from './connection-types';
import { isPlatformOrReserved } from './event-types';
import { isPlainObject } from './json-object';

/** Type names are snake_case, like the canonical vocabulary. */
export const TYPE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const TOP_KEYS = ['description', 'strictRelationships', 'only', 'add'];
const ONLY_KEYS = ['thingTypes', 'connectionTypes', 'eventTypes'];
const ADD_KEYS = ['thingTypes', 'connectionTypes', 'eventTypes', 'personTypes', 'contentTypes', 'rules'];
const RULE_KEYS = ['from', 'to', 'noCycles'];

type Section = Record<string, unknown>;
const bad = <T>(path: string, message: string): Result<T> =>
  fail('invalid_composition', path ? `${path}: ${message}` : message, path || undefined);

const section = (value: unknown, allowed: readonly string[], path: string): Result<Section> => {
  if (value === undefined) return ok({});
  if (!isPlainObject(value)) return bad(path, 'must be an object');
  const unknown = Object.keys(value).find((k) => !allowed.includes(k));
  return unknown === undefined ? ok(value) : bad(path ? `${path}.${unknown}` : unknown, `unknown key; allowed: ${allowed.join(', ')}`);
};

/** A list of type names; `inside` (when given) is the set every name must belong to. */
const names = (value: unknown, path: string, inside?: readonly string[], why = ''): Result<string[]> => {
  if (value === undefined) return ok([]);
  if (!Array.isArray(value)) return bad(path, 'must be an array of type names');
  for (let i = 0; i < value.length; i++) {
    const name: unknown = value[i];
    if (typeof name !== 'string' || !TYPE_NAME_PATTERN.test(name)) {
      return bad(`${path}[${i}]`, `${JSON.stringify(name) ?? 'undefined'} is not a snake_case type name (${TYPE_NAME_PATTERN.source})`);
    }
    if (inside && !inside.includes(name)) return bad(`${path}[${i}]`, `"${name}" ${why}`);
  }
  return ok([...new Set(value as string[])]);
};

const narrow = (base: readonly string[], value: unknown, path: string): Result<readonly string[]> => {
  if (value === undefined) return ok(base);
  const kept = names(value, path, base, 'is not in the base composition (only narrows; use add to extend)');
  return kept.ok ? ok(base.filter((n) => kept.value.includes(n))) : kept;
};

const union = (list: readonly string[], added: readonly string[]): readonly string[] => [
  ...list,
  ...added.filter((n) => !list.includes(n)),
];

const typeSet = (value: unknown, path: string, thingTypes: readonly string[]): Result<TypeSet> =>
  value === '*' ? ok('*') : names(value, path, thingTypes, 'is not a thing type of the composition');

const readRule = (value: unknown, path: string, thingTypes: readonly string[]): Result<RelationshipRule> => {
  const fields = section(value, RULE_KEYS, path);
  if (!fields.ok) return fields;
  if (value === undefined) return bad(path, 'must be an object {from, to, noCycles?}');
  const { from: f, to: t, noCycles } = fields.value;
  if (f === undefined || t === undefined) return bad(path, 'needs both from and to ("*" or a list of thing types)');
  const from = typeSet(f, `${path}.from`, thingTypes);
  if (!from.ok) return from;
  const to = typeSet(t, `${path}.to`, thingTypes);
  if (!to.ok) return to;
  if (noCycles !== undefined && typeof noCycles !== 'boolean') return bad(`${path}.noCycles`, 'must be a boolean');
  return ok(noCycles ? { from: from.value, to: to.value, noCycles: true } : { from: from.value, to: to.value });
};

/** Keeps a base rule's names that are still thing types after narrowing. */
const restrict = (rule: RelationshipRule, thingTypes: readonly string[]): RelationshipRule => {
  const keep = (s: TypeSet): TypeSet => (s === '*' ? s : s.filter((n) => thingTypes.includes(n)));
  return { ...rule, from: keep(rule.from), to: keep(rule.to) };
};

/** The base rules of the remaining connection types, restricted to the remaining thing types, then `add.rules`. */
const readRules = (
  value: unknown,
  base: Composition,
  connectionTypes: readonly string[],
  thingTypes: readonly string[],
): Result<Record<string, RelationshipRule>> => {
  const rules: Record<string, RelationshipRule> = {};
  for (const type of connectionTypes) {
    if (Object.prototype.hasOwnProperty.call(base.rules, type)) rules[type] = restrict(base.rules[type], thingTypes);
  }
  if (value === undefined) return ok(rules);
  if (!isPlainObject(value)) return bad('add.rules', 'must be an object keyed by connection type');
  for (const [type, raw] of Object.entries(value)) {
    const path = `add.rules.${type}`;
    if (!connectionTypes.includes(type)) return bad(path, `"${type}" is not a connection type of the composition`);
    const rule = readRule(raw, path, thingTypes);
    if (!rule.ok) return rule;
    rules[type] = rule.value;
  }
  return ok(rules);
};

/**
 * Builds a deployment's composition from its composition file (parsed JSON):
 * `{description?, strictRelationships?, only?: {thingTypes?, connectionTypes?, eventTypes?},
 *   add?: {thingTypes?, connectionTypes?, eventTypes?, personTypes?, contentTypes?, rules?}}`.
 * `only` narrows the base (every name must be in it), then `add` extends it; `add.rules` replaces
 * the rule of a connection type, and an added connection type without a rule joins any pair.
 * Narrowing drops the removed thing types from person/content types and from rules.
 * Problems: `invalid_composition` with the path of the offending key.
 */
export const composeFrom = (parsed: unknown, base: Composition = DEFAULT_COMPOSITION): Result<Composition> => {
  if (!isPlainObject(parsed)) return bad('', 'the composition file must be a JSON object');
  const top = section(parsed, TOP_KEYS, '');
  if (!top.ok) return top;
  const { description, strictRelationships = base.strictRelationships } = parsed;
  if (description !== undefined && typeof description !== 'string') return bad('description', 'must be a string');
  if (typeof strictRelationships !== 'boolean') return bad('strictRelationships', 'must be a boolean');
  const only = section(parsed.only, ONLY_KEYS, 'only');
  if (!only.ok) return only;
  const add = section(parsed.add, ADD_KEYS, 'add');
  if (!add.ok) return add;

  const onlyThings = narrow(base.thingTypes, only.value.thingTypes, 'only.thingTypes');
  if (!onlyThings.ok) return onlyThings;
  const onlyConnections = narrow(base.connectionTypes, only.value.connectionTypes, 'only.connectionTypes');
  if (!onlyConnections.ok) return onlyConnections;
  const onlyEvents = narrow(base.eventTypes, only.value.eventTypes, 'only.eventTypes');
  if (!onlyEvents.ok) return onlyEvents;
  const addedThings = names(add.value.thingTypes, 'add.thingTypes');
  if (!addedThings.ok) return addedThings;
  const addedConnections = names(add.value.connectionTypes, 'add.connectionTypes');
  if (!addedConnections.ok) return addedConnections;
  const addedEvents = names(add.value.eventTypes, 'add.eventTypes');
  if (!addedEvents.ok) return addedEvents;
  const platform = addedEvents.value.findIndex(isPlatformOrReserved);
  if (platform >= 0) {
    const name = addedEvents.value[platform];
    return bad(`add.eventTypes[${platform}]`, `"${name}" is a platform or reserved event type; clients can never submit it`);
  }

  const thingTypes = union(onlyThings.value, addedThings.value);
  const connectionTypes = union(onlyConnections.value, addedConnections.value);
  const notThing = 'is not a thing type of the composition';
  const addedPersons = names(add.value.personTypes, 'add.personTypes', thingTypes, notThing);
  if (!addedPersons.ok) return addedPersons;
  const addedContent = names(add.value.contentTypes, 'add.contentTypes', thingTypes, notThing);
  if (!addedContent.ok) return addedContent;
  const rules = readRules(add.value.rules, base, connectionTypes, thingTypes);
  if (!rules.ok) return rules;

  return ok({
    thingTypes,
    connectionTypes,
    eventTypes: union(onlyEvents.value, addedEvents.value),
    personTypes: union(
      base.personTypes.filter((t) => thingTypes.includes(t)),
      addedPersons.value,
    ),
    contentTypes: union(
      base.contentTypes.filter((t) => thingTypes.includes(t)),
      addedContent.value,
    ),
    rules: rules.value,
    strictRelationships,
  });
};
