import { composeFrom } from './compose-from';
import { DEFAULT_COMPOSITION, type Composition } from './composition';

const compose = (parsed: unknown): Composition => {
  const r = composeFrom(parsed);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const problemOf = (parsed: unknown) => {
  const r = composeFrom(parsed);
  if (r.ok) throw new Error('expected a problem');
  expect(r.problem.code).toBe('invalid_composition');
  return r.problem;
};

describe('composeFrom', () => {
  it('returns the default for an empty file', () => {
    expect(compose({})).toEqual(DEFAULT_COMPOSITION);
  });

  it('narrows thing types and drops the removed ones from person, content types and rules', () => {
    const c = compose({ only: { thingTypes: ['creator', 'blog_post', 'video'] } });
    expect(c.thingTypes).toEqual(['creator', 'blog_post', 'video']);
    expect(c.personTypes).toEqual(['creator']);
    expect(c.contentTypes).toEqual(['blog_post', 'video']);
    expect(c.rules.authored).toEqual({ from: ['creator'], to: ['blog_post', 'video'] });
    expect(c.connectionTypes).toHaveLength(31);
  });

  it('narrows connection and event types and keeps only the remaining rules', () => {
    const c = compose({ only: { connectionTypes: ['part_of', 'owns'], eventTypes: ['user_login'] } });
    expect(c.connectionTypes).toEqual(['owns', 'part_of']);
    expect(Object.keys(c.rules).sort()).toEqual(['owns', 'part_of']);
    expect(c.eventTypes).toEqual(['user_login']);
  });

  it('extends with new types, rules, person and content types', () => {
    const c = compose({
      add: {
        thingTypes: ['student', 'workshop'],
        connectionTypes: ['attends', 'mentors'],
        eventTypes: ['workshop_attended'],
        personTypes: ['student'],
        contentTypes: ['workshop'],
        rules: { attends: { from: ['student'], to: ['workshop'] }, part_of: { from: '*', to: ['course'], noCycles: true } },
      },
    });
    expect(c.thingTypes).toHaveLength(63);
    expect(c.personTypes).toEqual(['creator', 'audience_member', 'student']);
    expect(c.contentTypes).toContain('workshop');
    expect(c.rules.attends).toEqual({ from: ['student'], to: ['workshop'] });
    expect(c.rules.part_of).toEqual({ from: '*', to: ['course'], noCycles: true });
    expect(c.rules.mentors).toBeUndefined();
    expect(c.eventTypes).toContain('workshop_attended');
  });

  it('ignores a type added twice or already present', () => {
    const c = compose({ add: { thingTypes: ['creator', 'student', 'student'] } });
    expect(c.thingTypes.filter((t) => t === 'creator' || t === 'student')).toEqual(['creator', 'student']);
  });

  it('sets strictRelationships', () => {
    expect(compose({ strictRelationships: false }).strictRelationships).toBe(false);
  });

  it.each([
    [null, undefined],
    [[], undefined],
    [{ tings: [] }, 'tings'],
    [{ only: { thingTypes: ['creator'], rules: {} } }, 'only.rules'],
    [{ add: { thingTypes: ['student'], extra: 1 } }, 'add.extra'],
    [{ strictRelationships: 'yes' }, 'strictRelationships'],
    [{ only: { thingTypes: ['creator', 'spaceship'] } }, 'only.thingTypes[1]'],
    [{ only: { eventTypes: 'user_login' } }, 'only.eventTypes'],
    [{ add: { thingTypes: ['Student'] } }, 'add.thingTypes[0]'],
    [{ add: { thingTypes: ['a-b'] } }, 'add.thingTypes[0]'],
    [{ add: { thingTypes: [`a${'b'.repeat(64)}`] } }, 'add.thingTypes[0]'],
    [{ add: { connectionTypes: [7] } }, 'add.connectionTypes[0]'],
    [{ add: { eventTypes: ['ok_event', 'thing_created'] } }, 'add.eventTypes[1]'],
    [{ add: { eventTypes: ['entity_created'] } }, 'add.eventTypes[0]'],
    [{ add: { personTypes: ['robot'] } }, 'add.personTypes[0]'],
    [{ only: { thingTypes: ['creator'] }, add: { contentTypes: ['video'] } }, 'add.contentTypes[0]'],
    [{ add: { rules: { attends: { from: '*', to: '*' } } } }, 'add.rules.attends'],
    [{ add: { rules: { owns: { from: ['creator', 'group'], to: '*' } } } }, 'add.rules.owns.from[1]'],
    [{ add: { rules: { owns: { from: '*', to: ['team'] } } } }, 'add.rules.owns.to[0]'],
    [{ add: { rules: { owns: { from: '*' } } } }, 'add.rules.owns'],
    [{ add: { rules: { owns: { from: '*', to: '*', cycles: false } } } }, 'add.rules.owns.cycles'],
    [{ add: { rules: { owns: { from: '*', to: '*', noCycles: 'yes' } } } }, 'add.rules.owns.noCycles'],
    [{ add: { rules: [] } }, 'add.rules'],
  ])('rejects %j at path %s', (parsed, path) => {
    expect(problemOf(parsed).path).toBe(path);
  });

  it('names the offending key and the allowed ones in its message', () => {
    expect(problemOf({ add: { thingType: ['x'] } }).message).toBe(
      'add.thingType: unknown key; allowed: thingTypes, connectionTypes, eventTypes, personTypes, contentTypes, rules',
    );
  });

  it('allows a rule for a type added in the same file, naming added thing types', () => {
    const c = compose({ add: { thingTypes: ['robot'], rules: { reports_to: { from: ['robot'], to: ['creator'] } } } });
    expect(c.rules.reports_to).toEqual({ from: ['robot'], to: ['creator'] });
  });

  it('composes on top of a given base', () => {
    const base = compose({ only: { thingTypes: ['creator'] } });
    const r = composeFrom({ only: { thingTypes: ['video'] } }, base);
    expect(r.ok).toBe(false);
  });
});
