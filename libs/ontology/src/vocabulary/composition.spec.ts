import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { DEFAULT_COMPOSITION, clientEventTypes, forbidsCycles, isClientEventType, isPersonType, listChoices, ruleFor } from './composition';
import { RESERVED_EVENT_TYPES } from './event-types';

const c = DEFAULT_COMPOSITION;
const NAME = /^[a-z][a-z0-9_]{0,63}$/;

describe('the default composition', () => {
  it('holds exactly the counts the vocabulary enumerates: 61 thing, 31 connection, 72 + 1 event types', () => {
    expect(c.thingTypes).toHaveLength(61);
    expect(c.connectionTypes).toHaveLength(31);
    expect(c.eventTypes).toHaveLength(73);
    expect(c.eventTypes.filter((t) => t !== 'revenue_generated')).toHaveLength(72);
    expect(c.eventTypes).toContain('revenue_generated');
  });

  it('has no duplicate and only snake_case names', () => {
    for (const list of [c.thingTypes, c.connectionTypes, c.eventTypes]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list.filter((n) => !NAME.test(n))).toEqual([]);
    }
  });

  it('names the person and content types, all of them thing types', () => {
    expect(c.personTypes).toEqual(['creator', 'audience_member']);
    expect(c.contentTypes).toEqual(['blog_post', 'video', 'podcast', 'social_post', 'email', 'course', 'lesson']);
    expect([...c.personTypes, ...c.contentTypes].filter((t) => !c.thingTypes.includes(t))).toEqual([]);
  });

  it('has one rule per connection type and nothing else', () => {
    expect(Object.keys(c.rules).sort()).toEqual([...c.connectionTypes].sort());
  });

  it('names only thing types in every rule (the seed named group, document, newsletter, team, task, event)', () => {
    const named = Object.values(c.rules)
      .flatMap((r) => [r.from, r.to])
      .flatMap((s) => (s === '*' ? [] : s));
    expect(named.filter((t) => !c.thingTypes.includes(t))).toEqual([]);
    for (const gone of ['group', 'document', 'newsletter', 'team', 'task', 'event']) expect(named).not.toContain(gone);
  });

  it('forbids cycles only for part_of and reports_to', () => {
    expect(c.connectionTypes.filter((t) => forbidsCycles(c, t))).toEqual(['part_of', 'reports_to']);
  });

  it('enforces relationships by default', () => {
    expect(c.strictRelationships).toBe(true);
  });

  it('keeps the seed rule table, e.g. authored from people to content but not lesson', () => {
    expect(ruleFor(c, 'authored')).toEqual({
      from: ['creator', 'audience_member'],
      to: ['blog_post', 'video', 'podcast', 'social_post', 'email', 'course'],
    });
    expect(ruleFor(c, 'owns').from).toEqual(['creator', 'organization', 'ai_clone']);
    expect(ruleFor(c, 'transacted')).toEqual({ from: '*', to: '*' });
  });
});

describe('client event types', () => {
  it('excludes every platform type and reserved canonical name', () => {
    const client = clientEventTypes(c);
    for (const t of [...PLATFORM_EVENT_TYPES, ...RESERVED_EVENT_TYPES]) {
      expect(client).not.toContain(t);
      expect(isClientEventType(c, t)).toBe(false);
    }
    expect(client).toHaveLength(73 - RESERVED_EVENT_TYPES.length);
  });

  it('accepts ordinary vocabulary events and revenue_generated', () => {
    expect(isClientEventType(c, 'user_login')).toBe(true);
    expect(isClientEventType(c, 'revenue_generated')).toBe(true);
    expect(isClientEventType(c, 'made_up')).toBe(false);
  });
});

describe('helpers', () => {
  it('treats a connection type without a rule as joining any pair', () => {
    expect(ruleFor({ ...c, rules: {} }, 'owns')).toEqual({ from: '*', to: '*' });
  });

  it('lists choices sorted, or "any type" / "none"', () => {
    expect(listChoices(['video', 'blog_post'])).toBe('blog_post, video');
    expect(listChoices('*')).toBe('any type');
    expect(listChoices([])).toBe('none');
  });

  it('knows person types', () => {
    expect(isPersonType(c, 'creator')).toBe(true);
    expect(isPersonType(c, 'video')).toBe(false);
  });
});
